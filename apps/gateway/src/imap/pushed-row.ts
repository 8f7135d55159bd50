import type { FetchMessageObject, MailboxObject } from 'imapflow';
import {
  getStringList,
  MAX_UINT32_DIGITS,
  parseEnvelope,
  parseUintValue,
} from 'imapflow/lib/tools.js';
import { MAX_ROW_ADDRESSES, type MessageSummary } from '@tidings/protocol';
import { toMessageSummary } from './envelope.ts';
import { textOf, type ResponseToken } from './raw-command.ts';
import { cleanPreview } from './preview.ts';

type EnvelopeTokens = Parameters<typeof parseEnvelope>[0];
type Envelope = ReturnType<typeof parseEnvelope>;

/** ENVELOPE's address lists (RFC 9051 7.5.2), by position: the row shows From and To. */
const ADDRESS_LISTS = [2, 3, 4, 5, 6, 7];
const SHOWN_LISTS: [number, keyof Envelope][] = [
  [2, 'from'],
  [5, 'to'],
];
/** Entries of each address list read at first: enough for a row unless many are empty. */
const ADDRESS_ENTRIES_READ = 2 * MAX_ROW_ADDRESSES;

/**
 * A new message's list row as NOTIFY pushes it (`* n FETCH (UID … FLAGS (…) ENVELOPE (…)
 * RFC822.SIZE … INTERNALDATE "…" PREVIEW "…")`, notify.ts), read in one pass over imapflow's
 * tokens; null when the response is not such a row (a flag change: no ENVELOPE or no UID).
 *
 * imapflow's formatMessageResponse reads the same row, but it turns each item name back into
 * text through its command compiler and hashes an id the gateway never uses: with 1,000 accounts
 * receiving a mailing list that was nearly a fifth of all the gateway allocated (bench many-accounts,
 * BENCH_GATEWAY_PROFILE). The values go through imapflow's own helpers (parseEnvelope,
 * getStringList, parseUintValue) and envelope.ts, so the row is the one a FETCH would give.
 */
export function readPushedRow(
  attributes: unknown[],
  mailbox?: Pick<MailboxObject, 'uidNext'>,
): MessageSummary | null {
  const items = attributes[1];
  if (!Array.isArray(items)) return null;
  const message: Partial<FetchMessageObject> = {};
  let preview: string | undefined;
  for (let i = 0; i + 1 < items.length; i += 2) {
    const name = (items[i] as ResponseToken | null)?.value;
    if (typeof name !== 'string') continue;
    const item = items[i + 1] as ResponseToken | ResponseToken[] | null;
    switch (name.toUpperCase()) {
      case 'UID':
        message.uid = parseUintValue(textOf(item), MAX_UINT32_DIGITS) || undefined;
        break;
      case 'FLAGS':
        message.flags = new Set(getStringList(item));
        break;
      case 'ENVELOPE':
        if (Array.isArray(item)) message.envelope = rowEnvelope(item as EnvelopeTokens);
        break;
      case 'RFC822.SIZE':
        message.size = parseUintValue(textOf(item)) || 0;
        break;
      case 'INTERNALDATE': {
        const text = textOf(item);
        if (text) message.internalDate = new Date(text);
        break;
      }
      case 'PREVIEW':
        preview = textOf(item);
        break;
    }
  }
  if (!message.uid || !message.envelope) return null;
  // What imapflow does with every FETCH it formats: the mailbox's next UID stays an estimate
  // past every UID seen.
  if (mailbox && (!mailbox.uidNext || mailbox.uidNext <= message.uid)) {
    mailbox.uidNext = message.uid + 1;
  }
  const summary = toMessageSummary(message as FetchMessageObject);
  const shown = preview === undefined ? '' : cleanPreview(preview);
  if (shown) summary.preview = shown;
  return summary;
}

/**
 * imapflow's parseEnvelope without the addresses a row never shows. A row keeps the first
 * MAX_ROW_ADDRESSES of From and To (envelope.ts), but a message may name thousands, and
 * parseEnvelope decodes every name (libmime's decodeWords): a fifth of the gateway's CPU when
 * one message naming 1,000 accounts reached all of them (bench many-accounts, everyoneInTo).
 * So each address list is cut to its first entries. parseEnvelope drops entries one by one
 * (NIL, the end of a group), so where a cut From or To gives fewer than a row shows, the whole
 * envelope is read after all: the row is always the one the full parse gives.
 */
function rowEnvelope(tokens: EnvelopeTokens): Envelope {
  const long = ADDRESS_LISTS.filter(
    (i) => Array.isArray(tokens[i]) && (tokens[i] as unknown[]).length > ADDRESS_ENTRIES_READ,
  );
  if (!long.length) return parseEnvelope(tokens);
  const cut = [...tokens] as unknown[];
  for (const i of long) cut[i] = (tokens[i] as unknown[]).slice(0, ADDRESS_ENTRIES_READ);
  const envelope = parseEnvelope(cut as EnvelopeTokens);
  for (const [i, key] of SHOWN_LISTS) {
    const read = (envelope[key] as unknown[] | undefined)?.length ?? 0;
    if (long.includes(i) && read < MAX_ROW_ADDRESSES) return parseEnvelope(tokens);
  }
  return envelope;
}
