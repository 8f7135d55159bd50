import { messageRefSchema, type MessageRef } from '@tidings/protocol';

/**
 * Which message a draft answers or forwards, kept in the draft itself so that a draft reopened
 * from Drafts (in another tab, another day) still marks that message \Answered or $Forwarded
 * when it is sent. In-Reply-To and References name the original by Message-ID, which does not
 * say where it is; this names it the way the protocol does (mailbox, UIDVALIDITY, UID).
 *
 * The header lives only in Drafts: a sent message is built anew from the draft and never
 * carries it. Anything in Drafts may have been written by another client, so a value that
 * does not parse is ignored, never trusted.
 */
export const DRAFT_ORIGIN_HEADER = 'X-Tidings-Draft-Origin';

export type DraftOrigin =
  { kind: 'reply'; ref: MessageRef } | { kind: 'forward'; ref: MessageRef; asAttachment: boolean };

/** `reply; mailbox=INBOX; uidvalidity=17; uid=4` (the path percent-encoded: ASCII, no `;`). */
export function formatDraftOrigin(origin: DraftOrigin): string {
  const { mailbox, uidValidity, uid } = origin.ref;
  const fields = [
    origin.kind,
    `mailbox=${encodeURIComponent(mailbox)}`,
    `uidvalidity=${uidValidity}`,
    `uid=${uid}`,
  ];
  if (origin.kind === 'forward') fields.push(`as-attachment=${origin.asAttachment ? 'yes' : 'no'}`);
  return fields.join('; ');
}

export function parseDraftOrigin(value: string | undefined | null): DraftOrigin | null {
  if (!value) return null;
  const [kind, ...rest] = value.split(';').map((part) => part.trim());
  if (kind !== 'reply' && kind !== 'forward') return null;
  const fields = new Map<string, string>();
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).toLowerCase(), part.slice(eq + 1));
  }
  let mailbox: string;
  try {
    mailbox = decodeURIComponent(fields.get('mailbox') ?? '');
  } catch {
    return null;
  }
  const number = (key: string) => {
    const text = fields.get(key) ?? '';
    return /^\d{1,10}$/.test(text) ? Number(text) : NaN;
  };
  const ref = messageRefSchema.safeParse({
    mailbox,
    uidValidity: number('uidvalidity'),
    uid: number('uid'),
  });
  if (!ref.success) return null;
  return kind === 'reply'
    ? { kind, ref: ref.data }
    : { kind, ref: ref.data, asAttachment: fields.get('as-attachment') === 'yes' };
}
