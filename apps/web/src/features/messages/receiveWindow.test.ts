import { describe, expect, it } from 'vitest';
import { applyMailboxEvent, noteSeq, receiveWindow, rowAt } from './messageWindow.ts';
import { UID_VALIDITY, added, response, state, uidsAt, uidsOf } from './messageWindowFixtures.ts';

describe('receiveWindow', () => {
  const total = 1000;

  it('takes a first response as it is', () => {
    const next = receiveWindow(null, response(0, uidsAt(total, 0, 50), total, 5), [], {
      replace: false,
    });
    expect(next.offset).toBe(0);
    expect(next.rows).toHaveLength(50);
  });

  it('merges an adjacent response of the same moment', () => {
    const current = state(0, uidsAt(total, 0, 50), total, 10);
    const next = receiveWindow(current, response(50, uidsAt(total, 50, 100), total, 10), [], {
      replace: false,
    });
    expect(next.offset).toBe(0);
    expect(uidsOf(next)).toEqual(uidsAt(total, 0, 100));
  });

  it('merges an overlapping response and trims to the kept range', () => {
    const current = state(100, uidsAt(total, 100, 200), total, 10);
    const next = receiveWindow(current, response(150, uidsAt(total, 150, 300), total, 10), [], {
      replace: false,
      keep: { from: 120, to: 270 },
    });
    expect(next.offset).toBe(120);
    expect(uidsOf(next)).toEqual(uidsAt(total, 120, 270));
  });

  it('replaces the loaded rows with a far-away response', () => {
    const current = state(0, uidsAt(total, 0, 100), total, 10);
    const next = receiveWindow(current, response(800, uidsAt(total, 800, 900), total, 10), [], {
      replace: false,
    });
    expect(next.offset).toBe(800);
    expect(uidsOf(next)).toEqual(uidsAt(total, 800, 900));
  });

  it('replays later events onto an older response so it matches the screen', () => {
    // On screen: positions 0..49 at seq 10, then two new messages arrived (seq 11).
    let current = state(0, uidsAt(total, 0, 50), total, 10);
    const arrival = added(11, [1002, 1001], total + 2);
    current = applyMailboxEvent(current, arrival);
    // A response cut at seq 10 for positions 50..99 (before the arrival) comes in late.
    const next = receiveWindow(
      current,
      response(50, uidsAt(total, 50, 100), total, 10),
      [arrival],
      {
        replace: false,
      },
    );
    expect(next.total).toBe(total + 2);
    expect(next.seq).toBe(11);
    expect(next.offset).toBe(0);
    expect(uidsOf(next)).toEqual([1002, 1001, ...uidsAt(total, 0, 100)]);
    expect(rowAt(next, 52)?.uid).toBe(total - 50);
  });

  it('does not replay the shift or the arrival animation of replayed events', () => {
    let current = state(0, uidsAt(total, 0, 50), total, 10);
    const arrival = added(11, [1001], total + 1);
    current = applyMailboxEvent(current, arrival);
    const shown = current.shift;
    const next = receiveWindow(current, response(0, uidsAt(total, 0, 60), total, 10), [arrival], {
      replace: true,
    });
    expect(next.shift).toBe(shown);
    expect(next.arrived).toEqual([1001]);
    expect(uidsOf(next).slice(0, 2)).toEqual([1001, 1000]);
  });

  it('replaces instead of merging when the response is ahead of the screen', () => {
    const current = state(0, uidsAt(total, 0, 50), total, 10);
    const next = receiveWindow(current, response(50, uidsAt(total, 50, 100), total, 12), [], {
      replace: false,
    });
    expect(next.offset).toBe(50);
    expect(next.rows).toHaveLength(50);
    expect(next.seq).toBe(12);
  });

  it('replaces when the overlap disagrees', () => {
    const current = state(0, uidsAt(total, 0, 50), total, 10);
    const wrong = response(40, uidsAt(total, 41, 91), total, 10);
    const next = receiveWindow(current, wrong, [], { replace: false });
    expect(next.offset).toBe(40);
    expect(next.rows).toHaveLength(50);
  });

  it('replaces a stale window and clears the stale mark', () => {
    const current = { ...state(0, uidsAt(total, 0, 50), total, 10), stale: true };
    const next = receiveWindow(current, response(0, uidsAt(total, 0, 50), total, 10), [], {
      replace: false,
    });
    expect(next.stale).toBe(false);
  });

  it('starts over for another mailbox or uidValidity', () => {
    const current = applyMailboxEvent(state(0, [3, 2, 1], 3, 10), added(11, [4], 4));
    const other = receiveWindow(current, response(0, [9], 1, 12, 'Archive'), [], {
      replace: false,
    });
    expect(other).toMatchObject({ mailbox: 'Archive', arrived: [], shift: null });
    const renewed = receiveWindow(
      current,
      { ...response(0, [1], 1, 12), uidValidity: UID_VALIDITY + 1 },
      [],
      { replace: false },
    );
    expect(renewed.uidValidity).toBe(UID_VALIDITY + 1);
    expect(uidsOf(renewed)).toEqual([1]);
  });

  it('keeps the later seq of the current state after a merge', () => {
    const current = noteSeq(state(0, uidsAt(total, 0, 50), total, 10), 30);
    const next = receiveWindow(current, response(50, uidsAt(total, 50, 60), total, 20), [], {
      replace: false,
    });
    expect(next.seq).toBe(30);
    expect(next.rows).toHaveLength(60);
  });
});
