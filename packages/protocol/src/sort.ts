import { z } from 'zod';

/**
 * What a message list can be ordered by.
 * - `received`: the order mail arrived in the mailbox, i.e. UID order (RFC 3501 §2.3.1.1): the
 *   live list's own order; needs nothing of the server.
 * - the others are the server's SORT keys (RFC 5256 §3): `date` the Date header (else the
 *   internal date); `from` the sender's display name where the server offers SORT=DISPLAY
 *   (RFC 5957), else its address; `subject` the base subject (Re:, Fwd: and [list] tags
 *   removed); `size` RFC822.SIZE. Messages equal by the key come newest first.
 */
export const SortKey = {
  Received: 'received',
  Date: 'date',
  From: 'from',
  Subject: 'subject',
  Size: 'size',
} as const;
export type SortKey = (typeof SortKey)[keyof typeof SortKey];

/**
 * Where the server has no SORT (Gmail's IMAP, for one), the gateway sorts folders of up to
 * this many messages itself, from every message's list row; a bigger folder's server keys
 * answer UNSUPPORTED (`received` always works).
 */
export const LOCAL_SORT_LIMIT = 5_000;

/** A list order: `reverse: false` is ascending (oldest, A to Z, smallest first). */
export interface SortOrder {
  by: SortKey;
  reverse: boolean;
}

export const sortOrderSchema = z
  .object({
    by: z.enum([SortKey.Received, SortKey.Date, SortKey.From, SortKey.Subject, SortKey.Size]),
    reverse: z.boolean(),
  })
  .strict();

/** The live list's order, and the one a request without `sort` gets: newest arrival first. */
export const NEWEST_FIRST: SortOrder = { by: SortKey.Received, reverse: true };

/** Whether `sort` is the live list's own order (absent counts as that). */
export function isNewestFirst(sort: SortOrder | null | undefined): boolean {
  return !sort || (sort.by === SortKey.Received && sort.reverse);
}

export function sameSort(
  a: SortOrder | null | undefined,
  b: SortOrder | null | undefined,
): boolean {
  if (isNewestFirst(a) || isNewestFirst(b)) return isNewestFirst(a) === isNewestFirst(b);
  return a!.by === b!.by && a!.reverse === b!.reverse;
}
