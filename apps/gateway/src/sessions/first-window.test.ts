import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '@tidings/protocol';
import {
  changedSinceShown,
  earlyWindowOf,
  FirstWindow,
  hasUid,
  type EarlyState,
} from './first-window.ts';

function row(uid: number, flags: string[] = []): MessageSummary {
  return {
    uid,
    from: [],
    to: [],
    subject: `m${uid}`,
    date: '2026-12-06T00:00:00.000Z',
    flags,
    size: 1,
  };
}

function early(all: number[], unseen: number[]): EarlyState {
  return {
    path: 'INBOX',
    uidValidity: 7,
    all: Uint32Array.from(all),
    unseen: Uint32Array.from(unseen),
    shown: new Map(),
  };
}

describe('earlyWindowOf', () => {
  it('answers the newest rows with ALL positions and UNSEEN \\Seen and count', () => {
    const state = early([3, 5, 8, 9], [5, 9, 12]);
    const rows = new Map([
      [9, row(9, ['\\Seen', '\\Flagged'])],
      [8, row(8)],
      [5, row(5, ['\\Seen'])],
    ]);
    const window = earlyWindowOf(state, 3, (uid) => rows.get(uid), 41);
    expect(window).toEqual({
      mailbox: 'INBOX',
      uidValidity: 7,
      total: 4,
      // 12 arrived after ALL: not counted, like the state built from the same searches.
      unread: 2,
      offset: 0,
      messages: [row(9, ['\\Flagged']), row(8, ['\\Seen']), row(5, [])],
      seq: 41,
    });
    expect([...state.shown]).toEqual([
      [9, ['\\Flagged']],
      [8, ['\\Seen']],
      [5, []],
    ]);
  });

  it('answers nothing while a row is not read', () => {
    const state = early([1, 2], []);
    expect(earlyWindowOf(state, 2, (uid) => (uid === 2 ? row(2) : undefined), 0)).toBeNull();
    expect(state.shown.size).toBe(0);
  });
});

describe('changedSinceShown', () => {
  it('lists rows whose flags the state has otherwise, ignoring order and case', () => {
    const shown = new Map([
      [1, ['\\Seen', '\\Flagged']],
      [2, ['\\Seen']],
      [3, []],
    ]);
    const now = new Map([
      [1, ['\\flagged', '\\seen']],
      [2, ['\\Seen', '\\Answered']],
    ]);
    expect(changedSinceShown(shown, (uid) => now.get(uid))).toEqual([
      { uid: 2, flags: ['\\Seen', '\\Answered'] },
    ]);
  });
});

describe('FirstWindow', () => {
  const first = { all: Uint32Array.from([1, 2]), unseen: Uint32Array.from([2]) };

  it('answers once the load offers the mailbox asked for', async () => {
    const windows = new FirstWindow();
    const loading = new Promise<void>(() => undefined);
    const answer = windows.answer('INBOX', loading, (e) => earlyWindowOf(e, 5, row, 1));
    windows.offer('Archive', 3, first);
    await Promise.resolve();
    windows.settle();
    windows.offer('INBOX', 7, first);
    expect(await answer).toMatchObject({ mailbox: 'INBOX', uidValidity: 7, total: 2, unread: 1 });
    expect([...windows.settle().keys()]).toEqual([2, 1]);
    expect(windows.settle().size).toBe(0);
  });

  it('answers null when the load ends (or fails) without offering', async () => {
    const windows = new FirstWindow();
    let fail!: (error: Error) => void;
    const loading = new Promise<void>((_, reject) => (fail = reject));
    const answer = windows.answer('INBOX', loading, () => {
      throw new Error('not offered');
    });
    fail(new Error('gone'));
    await expect(answer).resolves.toBeNull();
    loading.catch(() => undefined);
  });
});

describe('hasUid', () => {
  it('finds UIDs in an ascending set', () => {
    const set = Uint32Array.from([2, 4, 9]);
    expect([1, 2, 4, 5, 9, 10].map((uid) => hasUid(set, uid))).toEqual([
      false,
      true,
      true,
      false,
      true,
      false,
    ]);
  });
});
