import type { ImapFlow } from 'imapflow';
import { SortKey, type SortOrder } from '@tidings/protocol';
import { atom, execRaw } from './raw-command.ts';

export class SortResponseError extends Error {}

/**
 * The most messages a folder may hold for its order to be asked of the server's SORT. imapflow
 * fails the whole connection on a response of more than 1,000,000 tokens (its
 * MAX_RESPONSE_TOKENS), and `* SORT` spends one per message.
 */
export const SERVER_SORT_LIMIT = 900_000;

/** The orders the server sorts (every key but `received`, which is UID order). */
export type ServerSort = SortOrder & { by: Exclude<SortKey, 'received'> };

export function isServerSort(sort: SortOrder): sort is ServerSort {
  return sort.by !== SortKey.Received;
}

const SERVER_KEYS: Record<Exclude<SortKey, 'received'>, { plain: string; display?: string }> = {
  [SortKey.Date]: { plain: 'DATE' },
  [SortKey.From]: { plain: 'FROM', display: 'DISPLAYFROM' },
  [SortKey.Subject]: { plain: 'SUBJECT' },
  [SortKey.Size]: { plain: 'SIZE' },
};

/**
 * The sort-criteria of `UID SORT` (RFC 5256 §3) for `sort`, or null when the server has no
 * SORT. The sender is its display name where the server offers SORT=DISPLAY (RFC 5957): what
 * the list shows, so "Ann Example <zed@…>" sorts under A. Messages equal by the key come newest
 * (by Date) first; the server orders what is still equal by sequence number, i.e. arrival.
 * `received` is not a server key: it is UID order, which the gateway already holds.
 */
export function sortCriteria(
  sort: ServerSort,
  capabilities: ReadonlySet<string> | ReadonlyMap<string, unknown>,
): string[] | null {
  if (!capabilities.has('SORT')) return null;
  const key = SERVER_KEYS[sort.by];
  const name = key.display && capabilities.has('SORT=DISPLAY') ? key.display : key.plain;
  const criteria = sort.reverse ? ['REVERSE', name] : [name];
  if (sort.by !== SortKey.Date) criteria.push('REVERSE', 'DATE');
  return criteria;
}

/**
 * Reads `* SORT 5 3 4` (RFC 5256 §4: `"SORT" *(SP nz-number)`), as imapflow's tokenizer hands
 * it over (`{ type: 'ATOM', value: '5' }` tokens), onto `into`. Throws on anything else: a
 * half-read order would show the user a list with holes.
 */
export function readSortNumbers(attributes: unknown[] | undefined, into: number[]): void {
  for (const token of attributes ?? []) {
    const value = (token as { value?: unknown } | null)?.value;
    const uid = typeof value === 'string' && /^[1-9][0-9]{0,9}$/.test(value) ? Number(value) : 0;
    if (uid < 1 || uid > 0xffff_ffff) {
      throw new SortResponseError(`not a message number in SORT: ${JSON.stringify(value)}`);
    }
    into.push(uid);
  }
}

/**
 * `UID SORT (criteria) UTF-8 ALL` on the selected mailbox: every UID, in the server's order.
 * Rejects when the server refuses it or answers something unreadable.
 */
export async function fetchSortedUids(client: ImapFlow, criteria: string[]): Promise<Uint32Array> {
  const uids: number[] = [];
  let unreadable: Error | null = null;
  await execRaw(client, 'UID SORT', [criteria.map(atom), atom('UTF-8'), atom('ALL')], {
    SORT: async (untagged) => {
      try {
        readSortNumbers(untagged.attributes, uids);
      } catch (error) {
        unreadable = error as Error;
      }
    },
  });
  if (unreadable) throw unreadable;
  return Uint32Array.from(uids);
}
