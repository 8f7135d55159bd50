import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '@tidings/protocol';
import { sortRowsLocally } from './local-sort.ts';

function row(
  uid: number,
  from: string,
  subject: string,
  day: number,
  size: number,
  name = '',
): MessageSummary {
  return {
    uid,
    from: from ? [{ name, address: from }] : [],
    to: [],
    subject,
    date: new Date(Date.UTC(2026, 0, day)).toISOString(),
    flags: [],
    size,
  };
}

// The same four messages as apps/gateway/test/sorting.test.ts, so both ways must agree.
const ROWS = [
  row(1, 'a@example.test', 'Re: banana', 3, 100, 'Zoe Adams'),
  row(2, 'zz@example.test', 'apple', 5, 5_000, 'Ann Young'),
  row(3, 'm@example.test', 'Cherry', 1, 2_000, 'Mia Brown'),
  row(4, 'zz@example.test', '[list] date', 7, 10, 'Ann Young'),
];

describe('sortRowsLocally', () => {
  const sorted = (by: 'date' | 'from' | 'subject' | 'size', reverse = false) =>
    sortRowsLocally(ROWS, { by, reverse });

  it('sorts senders by display name, the equal ones newest first', () => {
    expect(sorted('from')).toEqual([4, 2, 3, 1]);
    expect(sorted('from', true)).toEqual([1, 3, 4, 2]);
  });

  it('sorts by base subject, case aside', () => {
    expect(sorted('subject')).toEqual([2, 1, 3, 4]);
    expect(sorted('subject', true)).toEqual([4, 3, 1, 2]);
  });

  it('sorts by size and by the Date header', () => {
    expect(sorted('size', true)).toEqual([2, 3, 1, 4]);
    expect(sorted('size')).toEqual([4, 1, 3, 2]);
    expect(sorted('date', true)).toEqual([4, 2, 1, 3]);
    expect(sorted('date')).toEqual([3, 1, 2, 4]);
  });

  it('takes the address where there is no display name, and an empty sender first', () => {
    const rows = [
      row(1, 'carol@example.test', 'x', 1, 1),
      row(2, 'bob@example.test', 'x', 1, 1, 'Dave'),
      row(3, '', 'x', 1, 1),
    ];
    expect(sortRowsLocally(rows, { by: 'from', reverse: false })).toEqual([3, 1, 2]);
  });

  it('keeps equal dates in UID order, whichever way', () => {
    const rows = [
      row(5, 'a@x.test', 'x', 2, 1),
      row(3, 'a@x.test', 'x', 2, 1),
      row(4, 'a@x.test', 'x', 1, 1),
    ];
    expect(sortRowsLocally(rows, { by: 'date', reverse: true })).toEqual([3, 5, 4]);
    expect(sortRowsLocally(rows, { by: 'date', reverse: false })).toEqual([4, 3, 5]);
  });
});
