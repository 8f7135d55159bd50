import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { Events, type MessageSummary, type SearchMatchedEvent } from '@tidings/protocol';
import { LiveSearches, watchedChangeOf } from './live-searches.ts';
import type { LiveSearchStart, NewMatches } from './message-search.ts';

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

/** A tab's socket as LiveSearches uses it: outgoing listeners, and what it emits. */
function fakeSocket() {
  let listener: ((event: string, payload: unknown) => void) | null = null;
  const emitted: SearchMatchedEvent[] = [];
  const socket = {
    onAnyOutgoing: (fn: typeof listener) => (listener = fn),
    offAnyOutgoing: () => (listener = null),
    emit: (_event: string, payload: SearchMatchedEvent) => emitted.push(payload),
  };
  // What the gateway pushes to the tab goes past the outgoing listener first.
  const push = (event: string, payload: unknown) => listener?.(event, payload);
  return { socket, push, emitted };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const row = (uid: number) => ({ uid }) as MessageSummary;
const expunged = (...uids: number[]) => ({
  ...head,
  removed: uids.map((uid) => ({ uid, position: 0 })),
});

describe('LiveSearches', () => {
  it('leaves out of its answers a message expunged while they were on the server', async () => {
    const { socket, push, emitted } = fakeSocket();
    const search = deferred<LiveSearchStart>();
    const match = deferred<NewMatches>();
    const account = { search: () => search.promise, matchNew: () => match.promise };
    const live = new LiveSearches(
      socket as never,
      () => account as never,
      pino({ level: 'silent' }),
    );

    // Deleted elsewhere while the search runs: its answer no longer has it.
    const opening = live.open('INBOX', { unread: true }, 200);
    push(Events.MessageExpunged, expunged(3));
    search.resolve({
      result: {
        searchId: 's',
        mailbox: 'INBOX',
        uidValidity: 3,
        total: 3,
        messages: [row(3), row(2), row(1)],
      },
      matched: '1:3',
    });
    const result = await opening;
    expect(result.total).toBe(2);
    expect(result.messages.map((m) => m.uid)).toEqual([2, 1]);

    // Marked unread elsewhere, then deleted before the match came back: not a new match.
    push(Events.MessageFlagsChanged, {
      ...head,
      changes: [
        { uid: 5, flags: [] },
        { uid: 6, flags: [] },
      ],
    });
    push(Events.MessageExpunged, expunged(5));
    match.resolve({ uids: [5, 6], messages: [row(6), row(5)] });
    await new Promise((resolve) => setImmediate(resolve));
    expect(emitted).toEqual([{ searchId: 's', mailbox: 'INBOX', total: 3, messages: [row(6)] }]);

    // A match deleted later leaves the count: told with no rows.
    push(Events.MessageExpunged, expunged(1, 99));
    await new Promise((resolve) => setImmediate(resolve));
    expect(emitted.at(-1)).toEqual({ searchId: 's', mailbox: 'INBOX', total: 2, messages: [] });
  });
});
