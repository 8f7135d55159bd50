import { describe, expect, it } from 'vitest';
import { NEWEST_FIRST } from '@tidings/protocol';
import {
  SORT_OPTIONS,
  awaitingOrder,
  sortField,
  sortOptionFor,
  sortOrderOf,
} from './sortOptions.ts';

describe('sort options', () => {
  it('offers the orders in menu order, newest first first', () => {
    expect(SORT_OPTIONS.map(({ label, order }) => [label, order.by, order.reverse])).toEqual([
      ['Newest first', 'received', true],
      ['Oldest first', 'received', false],
      ['Date sent, newest first', 'date', true],
      ['Sender (A to Z)', 'from', false],
      ['Sender (Z to A)', 'from', true],
      ['Subject (A to Z)', 'subject', false],
      ['Subject (Z to A)', 'subject', true],
      ['Largest first', 'size', true],
      ['Smallest first', 'size', false],
    ]);
  });

  it('gives every choice its own value, which leads back to its order', () => {
    expect(new Set(SORT_OPTIONS.map((choice) => choice.value)).size).toBe(SORT_OPTIONS.length);
    for (const choice of SORT_OPTIONS) {
      expect(sortOrderOf(choice.value)).toEqual(choice.order);
      expect(sortOptionFor(choice.order)).toBe(choice);
    }
  });

  it('shows an absent order as newest first, and knows nothing of orders it does not offer', () => {
    expect(sortOptionFor(undefined)?.label).toBe('Newest first');
    expect(sortOptionFor({ by: 'date', reverse: false })).toBeNull();
    expect(sortOrderOf('nonsense')).toEqual(NEWEST_FIRST);
  });
});

describe('sortField', () => {
  it('sends nothing for newest first, so requests stay as they were', () => {
    expect(sortField(NEWEST_FIRST)).toEqual({});
    expect(sortField({ by: 'received', reverse: true })).toEqual({});
  });

  it('sends any other order', () => {
    expect(sortField({ by: 'received', reverse: false })).toEqual({
      sort: { by: 'received', reverse: false },
    });
    expect(sortField({ by: 'from', reverse: true })).toEqual({
      sort: { by: 'from', reverse: true },
    });
  });

  it('tells when the rows shown are not yet in the order chosen', () => {
    const bySender = { by: 'from', reverse: false } as const;
    expect(awaitingOrder({ sort: NEWEST_FIRST }, bySender)).toBe(true);
    expect(awaitingOrder({ sort: bySender }, bySender)).toBe(false);
    expect(awaitingOrder({ sort: { by: 'from', reverse: true } }, bySender)).toBe(true);
    expect(awaitingOrder({ sort: NEWEST_FIRST }, NEWEST_FIRST)).toBe(false);
    expect(awaitingOrder(null, bySender)).toBe(false);
  });
});
