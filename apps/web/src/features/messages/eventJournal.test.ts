import { describe, expect, it } from 'vitest';
import { emptyJournal, eventsSince, recordEvent } from './eventJournal.ts';
import type { MailboxEvent } from './messageWindow.ts';

function flags(seq: number, mailbox = 'INBOX'): MailboxEvent {
  return {
    type: 'flagsChanged',
    event: { seq, mailbox, uidValidity: 1, total: 0, unread: 0, changes: [] },
  };
}

describe('event journal', () => {
  it('returns the events of one mailbox newer than a seq', () => {
    let journal = emptyJournal(0);
    for (const event of [flags(1), flags(2, 'Sent'), flags(3), flags(4)]) {
      journal = recordEvent(journal, event);
    }
    expect(eventsSince(journal, 'INBOX', 1)?.map((e) => e.event.seq)).toEqual([3, 4]);
    expect(eventsSince(journal, 'Sent', 0)?.map((e) => e.event.seq)).toEqual([2]);
    expect(eventsSince(journal, 'INBOX', 4)).toEqual([]);
  });

  it('ignores an event it already holds', () => {
    const journal = recordEvent(recordEvent(emptyJournal(0), flags(5)), flags(5));
    expect(journal.entries).toHaveLength(1);
  });

  it('raises its floor as it forgets, and then cannot answer for older seqs', () => {
    let journal = emptyJournal(10);
    for (let seq = 11; seq <= 20; seq += 1) journal = recordEvent(journal, flags(seq), 4);
    expect(journal.entries.map((e) => e.event.seq)).toEqual([17, 18, 19, 20]);
    expect(journal.floor).toBe(16);
    expect(eventsSince(journal, 'INBOX', 16)?.map((e) => e.event.seq)).toEqual([17, 18, 19, 20]);
    expect(eventsSince(journal, 'INBOX', 15)).toBeNull();
  });

  it('cannot answer for a seq below the seq it started from', () => {
    expect(eventsSince(emptyJournal(10), 'INBOX', 9)).toBeNull();
    expect(eventsSince(emptyJournal(10), 'INBOX', 10)).toEqual([]);
  });
});
