import { describe, expect, it } from 'vitest';
import type { SortOrder } from '@tidings/protocol';
import { applyMailboxEvent, receiveWindow, rowAt } from './messageWindow.ts';
import {
  added,
  expunged,
  flagsChanged,
  response,
  sortedState,
  state,
  uidsOf,
  MAILBOX,
} from './messageWindowFixtures.ts';

const BY_SENDER: SortOrder = { by: 'from', reverse: false };
const OLDEST_FIRST: SortOrder = { by: 'received', reverse: false };

// A sorted list's positions are its own; the pushes' positions (live order) do not match them.
// Here the mailbox holds UIDs 1..10 and the list shows them by sender as 4 9 1 7 3 ...

describe('a sorted list takes pushes by UID', () => {
  const top = sortedState(BY_SENDER, 0, [4, 9, 1, 7, 3], 10);

  it('records the order the answer is in', () => {
    expect(top.sort).toEqual(BY_SENDER);
    expect(state(0, [3, 2, 1], 3).sort).toEqual({ by: 'received', reverse: true });
  });

  it('cannot place new mail: keeps its rows, follows the total, and asks to be read again', () => {
    const next = applyMailboxEvent(top, added(11, [12, 11], 12));
    expect(uidsOf(next)).toEqual([4, 9, 1, 7, 3]);
    expect(next).toMatchObject({ offset: 0, total: 12, seq: 11, stale: true });
    // Kept for the arrival styling once the new rows are read in.
    expect(next.arrived).toEqual([12, 11]);
    expect(next.shift).toBe(top.shift);
  });

  it('keeps the arrivals of every addition until they are read in', () => {
    let next = applyMailboxEvent(top, added(11, [11], 11));
    next = applyMailboxEvent(next, added(12, [12], 12));
    next = applyMailboxEvent(next, added(12, [12], 12));
    expect(next.arrived).toEqual([11, 12]);
    expect(next.total).toBe(12);
  });

  it('treats Oldest first as an order of its own (new mail goes at the bottom, not the top)', () => {
    const oldest = sortedState(OLDEST_FIRST, 0, [1, 2, 3], 3);
    const next = applyMailboxEvent(oldest, added(11, [4], 4));
    expect(uidsOf(next)).toEqual([1, 2, 3]);
    expect(next.stale).toBe(true);
  });

  it('takes an echoed newest first as the live order', () => {
    const live = sortedState({ by: 'received', reverse: true }, 0, [3, 2, 1], 3);
    const next = applyMailboxEvent(live, added(11, [4], 4));
    expect(uidsOf(next)).toEqual([4, 3, 2, 1]);
    expect(next.stale).toBe(false);
  });

  it('removes expunged rows by UID, whatever live position the event names', () => {
    // UID 9 is at live position 1 (newest first: 10 9 8 ...), and at position 1 here too by
    // chance; UID 1 is at live position 9 but position 2 here.
    const next = applyMailboxEvent(
      top,
      expunged(
        11,
        [
          { uid: 9, position: 1 },
          { uid: 1, position: 9 },
        ],
        8,
      ),
    );
    expect(uidsOf(next)).toEqual([4, 7, 3]);
    expect(next).toMatchObject({ offset: 0, total: 8, seq: 11, stale: false });
    expect(next.shift).toEqual({ inserted: 0, removedPositions: [1, 2] });
  });

  it('leaves a list loaded from the top alone for a message it does not hold', () => {
    const next = applyMailboxEvent(top, expunged(11, [{ uid: 10, position: 0 }], 9));
    expect(uidsOf(next)).toEqual(uidsOf(top));
    expect(next).toMatchObject({ total: 9, stale: false });
  });

  it('marks a list further down stale for a message it does not hold (it may have been above)', () => {
    const lower = sortedState(BY_SENDER, 5, [8, 2, 6], 10);
    const next = applyMailboxEvent(lower, expunged(11, [{ uid: 10, position: 0 }], 9));
    expect(uidsOf(next)).toEqual([8, 2, 6]);
    expect(next).toMatchObject({ offset: 5, total: 9, stale: true });
    // Its own rows, by UID, are fine to take out.
    const own = applyMailboxEvent(lower, expunged(11, [{ uid: 2, position: 8 }], 9));
    expect(uidsOf(own)).toEqual([8, 6]);
    expect(own.stale).toBe(false);
  });

  it('marks the list stale when the total does not add up', () => {
    const next = applyMailboxEvent(top, expunged(11, [{ uid: 9, position: 1 }], 7));
    expect(next.stale).toBe(true);
    expect(uidsOf(next)).toEqual([4, 1, 7, 3]);
  });

  it('forgets an arrival that is expunged before it was read in', () => {
    const withArrival = applyMailboxEvent(top, added(11, [11], 11));
    const next = applyMailboxEvent(withArrival, expunged(12, [{ uid: 11, position: 0 }], 10));
    expect(next.arrived).toEqual([]);
  });

  it('restyles rows by UID', () => {
    const next = applyMailboxEvent(top, flagsChanged(11, [{ uid: 1, flags: ['\\Seen'] }]));
    expect(rowAt(next, 2)?.flags).toEqual(['\\Seen']);
    expect(next.stale).toBe(false);
  });
});

describe('receiveWindow and the order', () => {
  it('replaces rows in another order instead of merging them, even of the same moment', () => {
    // Adjacent and of the same moment: in one order, these would be merged.
    const current = sortedState(BY_SENDER, 0, [4, 9], 10, 10);
    const next = receiveWindow(current, response(2, [8, 7], 10, 10), [], { replace: false });
    expect(next.offset).toBe(2);
    expect(uidsOf(next)).toEqual([8, 7]);
    expect(next.sort).toEqual({ by: 'received', reverse: true });
  });

  it('merges windows of the same order as before', () => {
    const current = sortedState(BY_SENDER, 0, [4, 9], 10, 10);
    const next = receiveWindow(current, response(2, [1, 7], 10, 10, MAILBOX, BY_SENDER), [], {
      replace: false,
    });
    expect(uidsOf(next)).toEqual([4, 9, 1, 7]);
  });

  it('is stale when new mail came after the answer was cut (to be read again)', () => {
    const arrival = added(11, [11], 11);
    const current = applyMailboxEvent(sortedState(BY_SENDER, 0, [4, 9, 1], 10, 10), arrival);
    const next = receiveWindow(
      current,
      response(0, [4, 9, 1], 10, 10, MAILBOX, BY_SENDER),
      [arrival],
      { replace: true },
    );
    expect(next).toMatchObject({ stale: true, total: 11 });
    // A read cut after it is not.
    const after = receiveWindow(next, response(0, [4, 11, 9], 11, 11, MAILBOX, BY_SENDER), [], {
      replace: true,
    });
    expect(after.stale).toBe(false);
    expect(after.arrived).toEqual([11]);
  });
});

describe('a sorted list read again keeps the user in place', () => {
  // On screen from position 2: UID 1. Two new messages sort in above it.
  const before = applyMailboxEvent(
    sortedState(BY_SENDER, 0, [4, 9, 1, 7, 3, 5], 10, 10),
    added(11, [12, 11], 12),
  );

  it('tells the rows inserted above the top row as a shift', () => {
    const reread = response(0, [4, 12, 9, 11, 1, 7, 3, 5], 12, 11, MAILBOX, BY_SENDER);
    const next = receiveWindow(before, reread, [], { replace: true, top: 2 });
    expect(rowAt(next, 4)?.uid).toBe(1);
    expect(next.shift).toEqual({ inserted: 2, removedPositions: [] });
    expect(next.arrived).toEqual([12, 11]);
  });

  it('tells nothing when nothing came in above it', () => {
    const reread = response(0, [4, 9, 1, 7, 12, 3, 11, 5], 12, 11, MAILBOX, BY_SENDER);
    const next = receiveWindow(before, reread, [], { replace: true, top: 2 });
    expect(next.shift).toBe(before.shift);
    const unknownTop = receiveWindow(before, reread, [], { replace: true, top: 40 });
    expect(unknownTop.shift).toBe(before.shift);
  });

  it('leaves the live order to its pushes, which carry their own shift', () => {
    const live = state(0, [10, 9, 8, 7], 10, 10);
    const next = receiveWindow(live, response(0, [12, 11, 10, 9, 8, 7], 12, 12), [], {
      replace: true,
      top: 2,
    });
    expect(next.shift).toBe(live.shift);
  });
});
