import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '@tidings/protocol';
import { addMatches, applyToResults, resultsWindow } from './searchResults.ts';

function summary(uid: number, flags: string[] = []): MessageSummary {
  return {
    uid,
    from: [],
    to: [],
    subject: `m${uid}`,
    date: '2026-01-01T00:00:00Z',
    flags,
    size: 1,
  };
}

const results = resultsWindow({
  searchId: 's1',
  mailbox: 'INBOX',
  uidValidity: 9,
  total: 3,
  messages: [summary(30), summary(20), summary(10)],
});

describe('search results', () => {
  it('are one slice from the top', () => {
    expect(results).toMatchObject({ offset: 0, total: 3, mailbox: 'INBOX', uidValidity: 9 });
  });

  it('take new matches on top, once', () => {
    const grown = addMatches(results, [summary(40), summary(30)]);
    expect(grown.rows.map((r) => r.uid)).toEqual([40, 30, 20, 10]);
    expect(grown.total).toBe(4);
    expect(grown.arrived).toEqual([40]);
    expect(addMatches(grown, [summary(40)])).toBe(grown);
  });

  it('follow flag changes and expunges of the searched folder only', () => {
    const flagged = applyToResults(results, {
      type: 'flagsChanged',
      event: {
        seq: 5,
        mailbox: 'INBOX',
        uidValidity: 9,
        total: 8,
        unread: 0,
        changes: [{ uid: 20, flags: ['\\Flagged'] }],
      },
    });
    expect(flagged.rows[1]?.flags).toEqual(['\\Flagged']);

    const expunged = applyToResults(flagged, {
      type: 'expunged',
      event: {
        seq: 6,
        mailbox: 'INBOX',
        uidValidity: 9,
        total: 7,
        unread: 0,
        removed: [{ uid: 30, position: 0 }],
      },
    });
    expect(expunged.rows.map((r) => r.uid)).toEqual([20, 10]);
    expect(expunged.total).toBe(2);

    const elsewhere = applyToResults(results, {
      type: 'expunged',
      event: {
        seq: 7,
        mailbox: 'Archive',
        uidValidity: 9,
        total: 0,
        unread: 0,
        removed: [{ uid: 30, position: 0 }],
      },
    });
    expect(elsewhere).toBe(results);
  });
});
