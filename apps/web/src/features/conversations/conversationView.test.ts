import { describe, expect, it } from 'vitest';
import type { MessageSummary, ThreadPage, ThreadSummary } from '@tidings/protocol';
import { RowParty } from '../messages/format.ts';
import {
  conversationRows,
  emptyConversations,
  receivePages,
  rowIndexOf,
  peopleLabel,
  setExpanded,
  threadFacts,
  threadKey,
} from './conversationView.ts';

function row(uid: number, from: string, flags: string[] = []): MessageSummary {
  return {
    uid,
    from: [{ name: from, address: `${from.toLowerCase()}@example.test` }],
    to: [],
    subject: `Subject ${uid}`,
    date: new Date(uid * 1000).toISOString(),
    flags,
    size: 100,
  };
}

function thread(messages: MessageSummary[], unread = 0, flagged = false): ThreadSummary {
  return { uids: messages.map((m) => m.uid), unread, flagged, messages };
}

function page(offset: number, threads: ThreadSummary[], totalThreads = 3): ThreadPage {
  return {
    mailbox: 'INBOX',
    uidValidity: 7,
    method: 'server',
    total: 6,
    threaded: 6,
    totalThreads,
    offset,
    threads,
  };
}

const trip = thread([row(9, 'Cy'), row(5, 'Bo'), row(2, 'Ana')], 1);
const solo = thread([row(8, 'Dee', ['\\Seen', '\\Flagged'])], 0, true);
const lunch = thread([row(4, 'Ana'), row(3, 'Ana')]);

describe('conversation view', () => {
  it('appends a page that continues the loaded threads, drops one that does not', () => {
    let state = emptyConversations('INBOX', 7);
    state = receivePages(state, [page(0, [trip, solo])], false);
    expect(state.threads).toEqual([trip, solo]);
    expect(state.loading).toBe(false);
    expect(receivePages(state, [page(1, [lunch])], false)).toBe(state);
    state = receivePages(state, [page(2, [lunch])], false);
    expect(state.threads).toEqual([trip, solo, lunch]);
  });

  it('a refresh replaces the loaded threads; other folders and uidValidities are ignored', () => {
    let state = receivePages(emptyConversations('INBOX', 7), [page(0, [trip, solo])], false);
    state = receivePages(state, [page(0, [lunch]), page(1, [trip], 2)], true);
    expect(state.threads).toEqual([lunch, trip]);
    expect(state.totalThreads).toBe(2);
    const other = { ...page(0, [solo]), uidValidity: 8 };
    expect(receivePages(state, [other], true)).toBe(state);
  });

  it('expands a thread into its messages, and keeps it open as it grows', () => {
    let state = receivePages(emptyConversations('INBOX', 7), [page(0, [trip, solo])], false);
    expect(conversationRows(state).map((r) => r.kind)).toEqual(['thread', 'thread']);
    state = setExpanded(state, trip, true);
    const rows = conversationRows(state);
    expect(
      rows.map((r) => (r.kind === 'message' ? r.message.uid : `t${threadKey(r.thread)}`)),
    ).toEqual(['t2', 9, 5, 2, 't8']);
    expect(rowIndexOf(rows, 5)).toBe(2);
    expect(rowIndexOf(rows, 8)).toBe(4);
    // A single message has nothing to expand.
    expect(setExpanded(state, solo, true)).toBe(state);

    const grown = thread([row(11, 'Ana'), ...trip.messages], 2);
    state = receivePages(state, [page(0, [grown, solo])], true);
    expect(conversationRows(state)).toHaveLength(6);
    expect(threadKey(grown)).toBe(threadKey(trip));
    state = setExpanded(state, grown, false);
    expect(conversationRows(state)).toHaveLength(2);
    expect(rowIndexOf(conversationRows(state), 5)).toBe(0);
  });

  it('sums a thread up: newest message, writers, size, unread, flagged, tags', () => {
    expect(threadFacts(trip)).toMatchObject({
      size: 3,
      people: ['Ana', 'Bo', 'Cy'],
      unread: true,
      flagged: false,
    });
    expect(threadFacts(trip).newest?.uid).toBe(9);
    expect(threadFacts(lunch)).toMatchObject({ people: ['Ana'], unread: false });
    expect(threadFacts(solo)).toMatchObject({ flagged: true, size: 1 });
    expect(threadFacts(trip).tags).toEqual([]);
    const tagged = thread([
      row(4, 'Ana', ['$label4', 'NonJunk']),
      row(3, 'Bo', ['$LABEL1', '$label4']),
    ]);
    expect(threadFacts(tagged).tags).toEqual(['$label1', '$label4']);
    expect(peopleLabel(['Ana', 'Bo', 'Cy', 'Dee'])).toBe('Ana … Dee');
    expect(peopleLabel([])).toBe('(no sender)');
  });

  it('names whom a thread went to where rows name the recipients', () => {
    const to = (name: string) => [{ name, address: `${name.toLowerCase()}@x.test` }];
    const sent = thread(
      [
        { ...row(5, 'Me'), to: to('Bo') },
        { ...row(4, 'Me'), to: [...to('Ana'), ...to('Bo')] },
      ],
      0,
    );
    const facts = threadFacts(sent, RowParty.Recipients);
    expect(facts.people).toEqual(['Ana', 'Bo']);
    expect(peopleLabel(facts.people, RowParty.Recipients)).toBe('To: Ana, Bo');
    expect(peopleLabel([], RowParty.Recipients)).toBe('(no recipients)');
    expect(threadFacts(sent).people).toEqual(['Me']);
  });
});
