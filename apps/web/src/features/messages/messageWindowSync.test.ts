import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode, type SortOrder } from '@tidings/protocol';
import type { MailboxView } from './mailboxView.ts';
import { MessageWindowSync } from './messageWindowSync.ts';
import {
  added,
  expunged,
  MAILBOX,
  response,
  sortedState,
  state,
  uidsOf,
} from './messageWindowFixtures.ts';
import { emptyView, fakeSocket } from './listSyncFakes.ts';

const BY_SENDER: SortOrder = { by: 'from', reverse: false };
/** The UIDs of a window of 120 rows far down the list. */
const far = Array.from({ length: 120 }, (_, i) => 2000 + i);

function setup(view: MailboxView = emptyView({ sort: BY_SENDER })) {
  const { socket, sent } = fakeSocket();
  let current = view;
  const reloads: number[] = [];
  const unsupported: string[] = [];
  const sync = new MessageWindowSync({
    socket: () => socket,
    view: () => current,
    update: (patch) => {
      current = { ...current, ...patch };
    },
    later: () => {},
    restartSeq: () => {},
    reload: () => reloads.push(current.list?.seq ?? 0),
    unsupported: (message) => unsupported.push(message),
  });
  sync.restartJournal(0);
  return { sync, sent, reloads, unsupported, view: () => current };
}

describe('an answer stale once brought up to date', () => {
  it('is read again when new mail came after it was cut, and not again for the same answer', () => {
    const { sync, reloads, view } = setup();
    // New mail while the sorted list opens: journalled, then replayed onto the answer.
    sync.onListEvent(added(11, [11], 11));
    const cutBefore = response(0, [4, 9, 1], 10, 10, MAILBOX, BY_SENDER);
    sync.receive(cutBefore, true, true);
    expect(view().list).toMatchObject({ stale: true, total: 11 });
    expect(reloads).toHaveLength(1);

    // The same moment again (a gateway that does not move on): no loop.
    sync.receive(cutBefore, true, true);
    expect(reloads).toHaveLength(1);

    // The read cut after the mail is current, and asks for nothing.
    sync.receive(response(0, [4, 11, 9, 1], 11, 11, MAILBOX, BY_SENDER), true, true);
    expect(view().list).toMatchObject({ stale: false, total: 11 });
    expect(uidsOf(view().list!)).toEqual([4, 11, 9, 1]);
    expect(reloads).toHaveLength(1);

    // Later mail, and an answer cut before it: read again once more.
    sync.onListEvent(added(12, [12], 12));
    expect(reloads).toHaveLength(2);
    sync.receive(response(0, [4, 11, 9, 1], 11, 11, MAILBOX, BY_SENDER), true, true);
    expect(reloads).toHaveLength(3);
  });

  it('does not happen in the live order, where new mail is placed', () => {
    const { sync, reloads, view } = setup(emptyView());
    sync.onListEvent(added(11, [11], 11));
    sync.receive(response(0, [10, 9, 8], 10, 10), true, true);
    expect(view().list?.stale).toBe(false);
    expect(uidsOf(view().list!)).toEqual([11, 10, 9, 8]);
    expect(reloads).toEqual([]);
  });
});

describe('range fetches of a sorted list', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function scrolledSetup() {
    vi.useFakeTimers();
    const list = sortedState(BY_SENDER, 0, [4, 9, 1], 1000, 10);
    const setupResult = setup(emptyView({ sort: BY_SENDER, list }));
    setupResult.sync.viewport = { from: 500, to: 510 };
    setupResult.sync.ensureLoaded();
    return setupResult;
  }

  it('asks in the list order, and takes the answer in it', async () => {
    const { sent, view } = scrolledSetup();
    await vi.advanceTimersByTimeAsync(200);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.request).toMatchObject({ offset: 445, limit: 120, sort: BY_SENDER });
    sent[0]!.answer({ ok: true, data: response(445, far, 1000, 10, MAILBOX, BY_SENDER) });
    await vi.advanceTimersByTimeAsync(0);
    expect(view().list).toMatchObject({ offset: 445, sort: BY_SENDER });
    expect(uidsOf(view().list!)).toEqual(far);
  });

  it('drops an answer in another order (asked for before the order changed)', async () => {
    const { sent, view } = scrolledSetup();
    await vi.advanceTimersByTimeAsync(200);
    const before = view().list;
    sent[0]!.answer({ ok: true, data: response(445, far, 1000, 10) });
    await vi.advanceTimersByTimeAsync(0);
    expect(view().list).toBe(before);
  });

  it('hands UNSUPPORTED on, with its message for the user', async () => {
    const { sent, unsupported } = scrolledSetup();
    await vi.advanceTimersByTimeAsync(200);
    const message = 'This mail server cannot sort messages.';
    sent[0]!.answer({ ok: false, error: { code: ErrorCode.Unsupported, message } });
    await vi.advanceTimersByTimeAsync(0);
    expect(unsupported).toEqual([message]);
  });
});

describe('rows an action hid', () => {
  it('are no longer hidden once their expunge came, and stay hidden until then', () => {
    const { sync, view } = setup(
      emptyView({ list: state(0, [5, 4, 3, 2, 1], 5), hidden: [4, 2], checked: [4, 3, 2] }),
    );
    sync.onListEvent(expunged(11, [{ uid: 4, position: 1 }], 4));
    expect(view()).toMatchObject({ hidden: [2], checked: [3, 2] });
    expect(uidsOf(view().list!)).toEqual([5, 3, 2, 1]);
  });
});
