import type { ImapFlow } from 'imapflow';
import { atom, execRaw, textOf, type ResponseToken } from './raw-command.ts';

/** Longest preview kept; RFC 8970 §3 caps the server's at 256 characters anyway. */
const MAX_PREVIEW_CHARS = 256;

export function offersPreview(client: ImapFlow): boolean {
  return client.capabilities.has('PREVIEW');
}

/** Reads `UID n PREVIEW "text"` pairs out of one untagged FETCH response. */
export function parsePreviewResponse(
  attributes: unknown[],
): { uid: number; preview: string } | null {
  const items = attributes[1];
  if (!Array.isArray(items)) return null;
  let uid: number | undefined;
  let preview: string | undefined;
  for (let i = 0; i + 1 < items.length; i += 2) {
    const key = String((items[i] as ResponseToken)?.value ?? '').toUpperCase();
    const token = items[i + 1] as ResponseToken | null;
    if (key === 'UID') uid = Number(token?.value);
    else if (key === 'PREVIEW') preview = textOf(token) ?? preview;
  }
  if (!uid || preview === undefined) return null;
  return { uid, preview: cleanPreview(preview) };
}

/** A preview as a list row shows it: one line, at most MAX_PREVIEW_CHARS. */
export function cleanPreview(preview: string): string {
  return preview.replace(/\s+/g, ' ').trim().slice(0, MAX_PREVIEW_CHARS);
}

/**
 * Fetches RFC 8970 previews for a UID set on the selected mailbox. imapflow has no FETCH item
 * for PREVIEW, so the command goes through its (untyped) command queue; any failure there means
 * "no previews", never a failed list.
 */
export async function fetchPreviews(
  client: ImapFlow,
  uidSet: string,
): Promise<Map<number, string>> {
  const previews = new Map<number, string>();
  if (!offersPreview(client)) return previews;
  try {
    // PREVIEW is a FETCH item imapflow does not know (RFC 8970).
    await execRaw(
      client,
      'UID FETCH',
      [{ type: 'SEQUENCE', value: uidSet }, [atom('UID'), atom('PREVIEW')]],
      {
        FETCH: async (untagged) => {
          const parsed = parsePreviewResponse(untagged.attributes ?? []);
          if (parsed) previews.set(parsed.uid, parsed.preview);
        },
      },
    );
  } catch {
    previews.clear();
  }
  return previews;
}
