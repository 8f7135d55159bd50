import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '@tidings/protocol';
import { rowAt, windowFromResponse } from './messageWindow.ts';
import { shownListCache, withoutRows } from './shownList.ts';

function summary(uid: number): MessageSummary {
  return {
    uid,
    from: [],
    to: [],
    subject: `m${uid}`,
    date: '2026-01-01T00:00:00Z',
    flags: [],
    size: 1,
  };
}

const list = windowFromResponse({
  mailbox: 'INBOX',
  uidValidity: 1,
  total: 10,
  unread: 0,
  offset: 2,
  seq: 3,
  messages: [summary(8), summary(7), summary(6)],
});

describe('withoutRows', () => {
  it('closes the gap left by hidden rows and shrinks the total', () => {
    const shown = withoutRows(list, new Set([7]));
    expect(shown.total).toBe(9);
    expect(rowAt(shown, 2)?.uid).toBe(8);
    expect(rowAt(shown, 3)?.uid).toBe(6);
  });

  it('ignores UIDs that are not loaded, returning the same list', () => {
    expect(withoutRows(list, new Set([99]))).toBe(list);
    expect(withoutRows(list, new Set())).toBe(list);
  });
});

describe('shownListCache', () => {
  it('answers the same object for the same inputs', () => {
    const shown = shownListCache();
    const hidden = [8];
    const first = shown(list, hidden);
    expect(shown(list, hidden)).toBe(first);
    expect(first?.rows.map((r) => r.uid)).toEqual([7, 6]);
    expect(shown(null, hidden)).toBeNull();
  });
});
