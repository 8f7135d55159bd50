import type { MessageSummary } from '@tidings/protocol';
import { baseSubject } from './base-subject.ts';
import type { ServerSort } from './sort-command.ts';

// Case- and accent-blind, as the servers' i;unicode-casemap comparator (RFC 5051) is.
const collator = new Intl.Collator('en', { sensitivity: 'base' });

/**
 * For a server without SORT (up to LOCAL_SORT_LIMIT messages, read again after new mail):
 * `rows` in `sort`, as a server's `UID SORT` would give them (RFC 5256, with DISPLAYFROM of
 * RFC 5957 for the sender): the first sender's display name, else its address; the base
 * subject; the Date header (the internal date where there is none); the size. Messages equal
 * by the key come newest first by date, as the gateway asks of a server; then by UID.
 */
export function sortRowsLocally(rows: readonly MessageSummary[], sort: ServerSort): number[] {
  const direction = sort.reverse ? -1 : 1;
  const keyed = rows.map((row) => ({
    uid: row.uid,
    time: Date.parse(row.date) || 0,
    key: sortKeyOf(row, sort),
  }));
  keyed.sort(
    (a, b) =>
      direction * compareKeys(a.key, b.key) ||
      (sort.by === 'date' ? 0 : b.time - a.time) ||
      a.uid - b.uid,
  );
  return keyed.map((entry) => entry.uid);
}

function sortKeyOf(row: MessageSummary, sort: ServerSort): string | number {
  switch (sort.by) {
    case 'date':
      return Date.parse(row.date) || 0;
    case 'size':
      return row.size;
    case 'subject':
      return baseSubject(row.subject).base;
    case 'from': {
      const first = row.from[0];
      return first ? first.name || first.address : '';
    }
  }
}

function compareKeys(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}
