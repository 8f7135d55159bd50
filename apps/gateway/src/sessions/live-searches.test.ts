import { describe, expect, it } from 'vitest';
import { Events } from '@tidings/protocol';
import { watchedChangeOf } from './live-searches.ts';

const head = { seq: 7, mailbox: 'INBOX', uidValidity: 3, total: 10, unread: 2 };

describe('watchedChangeOf', () => {
  it('reads new mail, flag changes and expunges of a mailbox from the pushes a tab is sent', () => {
    const row = (uid: number) => ({ uid }) as never;
    expect(watchedChangeOf(Events.MessageAdded, { ...head, messages: [row(12), row(11)] })).toEqual(
      { kind: 'added', path: 'INBOX', uids: [12, 11] },
    );
    expect(
      watchedChangeOf(Events.MessageFlagsChanged, {
        ...head,
        changes: [{ uid: 4, flags: ['$label2'] }],
      }),
    ).toEqual({ kind: 'flags', path: 'INBOX', uids: [4] });
    expect(
      watchedChangeOf(Events.MessageExpunged, { ...head, removed: [{ uid: 9, position: 1 }] }),
    ).toEqual({ kind: 'expunged', path: 'INBOX', uids: [9] });
  });

  it('ignores every other push, its own search:matched among them', () => {
    expect(watchedChangeOf(Events.SearchMatched, { searchId: 'x', messages: [] })).toBeNull();
    expect(watchedChangeOf(Events.MailboxCountsChanged, head)).toBeNull();
  });
});
