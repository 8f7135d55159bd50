import { describe, expect, it } from 'vitest';
import {
  applyMailboxEvent,
  covers,
  noteSeq,
  positionOf,
  retain,
  rowAt,
  updateFlags,
} from './messageWindow.ts';
import {
  UID_VALIDITY,
  added,
  expunged,
  flagsChanged,
  state,
  uidsAt,
  uidsOf,
} from './messageWindowFixtures.ts';

describe('windowFromResponse', () => {
  it('takes the response as the loaded rows at its offset and seq', () => {
    const s = state(20, [80, 79, 78], 100, 42);
    expect(s).toMatchObject({ offset: 20, total: 100, seq: 42, stale: false, arrived: [] });
    expect(rowAt(s, 20)?.uid).toBe(80);
    expect(rowAt(s, 22)?.uid).toBe(78);
    expect(rowAt(s, 19)).toBeUndefined();
    expect(rowAt(s, 23)).toBeUndefined();
    expect(positionOf(s, 79)).toBe(21);
    expect(positionOf(s, 1)).toBeUndefined();
  });

  it('flags a response with more rows than the mailbox holds as stale and clamps it', () => {
    const s = state(0, [3, 2, 1], 2);
    expect(uidsOf(s)).toEqual([3, 2]);
    expect(s.stale).toBe(true);
  });
});

describe('covers', () => {
  const s = state(10, uidsAt(100, 10, 20), 100);
  it('is true only when every position of the range is loaded', () => {
    expect(covers(s, { from: 10, to: 20 })).toBe(true);
    expect(covers(s, { from: 12, to: 15 })).toBe(true);
    expect(covers(s, { from: 9, to: 15 })).toBe(false);
    expect(covers(s, { from: 15, to: 21 })).toBe(false);
  });
  it('ignores the part of a range beyond the mailbox', () => {
    const tail = state(95, uidsAt(100, 95, 100), 100);
    expect(covers(tail, { from: 95, to: 140 })).toBe(true);
    expect(covers(state(0, [], 0), { from: 0, to: 30 })).toBe(true);
  });
});

describe('message:added', () => {
  it('puts new messages on top of a window at offset 0, newest first', () => {
    const s = state(0, [10, 9, 8], 10);
    const next = applyMailboxEvent(s, added(11, [12, 11], 12));
    expect(uidsOf(next)).toEqual([12, 11, 10, 9, 8]);
    expect(next).toMatchObject({ offset: 0, total: 12, seq: 11, stale: false });
    expect(next.arrived).toEqual([12, 11]);
    expect(next.shift).toEqual({ inserted: 2, removedPositions: [] });
  });

  it('moves a scrolled window down by n and keeps its rows', () => {
    const s = state(50, uidsAt(100, 50, 60), 100);
    const next = applyMailboxEvent(s, added(11, [101, 102, 103], 103));
    expect(next.offset).toBe(53);
    expect(uidsOf(next)).toEqual(uidsOf(s));
    expect(next.total).toBe(103);
    expect(rowAt(next, 53)?.uid).toBe(50);
    expect(next.shift?.inserted).toBe(3);
  });

  it('counts the new messages a big arrival does not list: they sit below those it does', () => {
    // 1,000 new: the newest 2 listed (UIDs 1110, 1109), 998 counted.
    const bigArrival = (s: ReturnType<typeof state>) => {
      const event = added(11, [1110, 1109], 1100);
      if (event.type === 'added') event.event.unlisted = 998;
      return applyMailboxEvent(s, event);
    };
    const top = bigArrival(state(0, [100, 99, 98], 100));
    // The old rows are 1,000 places down now: the window holds the listed ones only.
    expect(uidsOf(top)).toEqual([1110, 1109]);
    expect(top).toMatchObject({ offset: 0, total: 1100, stale: false });
    expect(top.shift).toEqual({ inserted: 1000, removedPositions: [] });

    const scrolled = state(50, uidsAt(100, 50, 60), 100);
    const moved = bigArrival(scrolled);
    expect(moved.offset).toBe(1050);
    expect(uidsOf(moved)).toEqual(uidsOf(scrolled));
    expect(rowAt(moved, 1050)?.uid).toBe(50);
    expect(moved.stale).toBe(false);
  });

  it('fills an empty mailbox', () => {
    const next = applyMailboxEvent(state(0, [], 0), added(11, [1], 1));
    expect(uidsOf(next)).toEqual([1]);
    expect(next.total).toBe(1);
  });

  it('marks the window stale when the total does not add up', () => {
    const next = applyMailboxEvent(state(0, [10, 9], 10), added(11, [12], 12));
    expect(next.stale).toBe(true);
    expect(next.total).toBe(12);
  });

  it('marks the window stale when an added message is older than the newest shown', () => {
    // A resync found 8, which the gateway missed while its connection was down: its place is
    // below 9, not on top, so the rows are asked again.
    const next = applyMailboxEvent(state(0, [10, 9, 7], 3), added(11, [8], 4));
    expect(next.stale).toBe(true);
    expect(next.total).toBe(4);
  });

  it('marks a scrolled window stale too when an added message belongs among or below its rows', () => {
    // Positions 40..49 of 100 hold UIDs 120, 118 … 102; a resync found 111, which sits among
    // them, so "every row one further down" would be wrong for 120..112.
    const s = state(
      40,
      [...uidsAt(100, 40, 50)].map((uid) => 2 * uid),
      100,
    );
    expect(applyMailboxEvent(s, added(11, [111], 101)).stale).toBe(true);
    // One older than all of them sits below them: none of them moved.
    expect(applyMailboxEvent(s, added(11, [99], 101)).stale).toBe(true);
    // One newer than all of them sits above, wherever exactly: every row one further down.
    const above = applyMailboxEvent(s, added(11, [121], 101));
    expect(above).toMatchObject({ stale: false, offset: 41 });
  });
});

describe('message:expunged', () => {
  const total = 100;
  const s = state(40, uidsAt(total, 40, 50), total);

  it('shifts the window up for removals above it', () => {
    const next = applyMailboxEvent(
      s,
      expunged(
        11,
        [
          { uid: total - 30, position: 30 },
          { uid: total - 5, position: 5 },
        ],
        98,
      ),
    );
    expect(next.offset).toBe(38);
    expect(uidsOf(next)).toEqual(uidsOf(s));
    expect(next.total).toBe(98);
    expect(next.stale).toBe(false);
    expect(next.shift).toEqual({ inserted: 0, removedPositions: [30, 5] });
  });

  it('removes rows inside the window and keeps the offset', () => {
    const next = applyMailboxEvent(
      s,
      expunged(
        11,
        [
          { uid: total - 45, position: 45 },
          { uid: total - 41, position: 41 },
        ],
        98,
      ),
    );
    expect(next.offset).toBe(40);
    expect(uidsOf(next)).toEqual([60, 58, 57, 56, 54, 53, 52, 51]);
    expect(next.stale).toBe(false);
  });

  it('leaves the window alone for removals below it, but takes the new total', () => {
    const next = applyMailboxEvent(s, expunged(11, [{ uid: total - 70, position: 70 }], 99));
    expect(next.offset).toBe(40);
    expect(uidsOf(next)).toEqual(uidsOf(s));
    expect(next.total).toBe(99);
  });

  it('handles removals above, inside and below at once, whatever their order', () => {
    const removed = [
      { uid: total - 2, position: 2 },
      { uid: total - 90, position: 90 },
      { uid: total - 40, position: 40 },
      { uid: total - 49, position: 49 },
      { uid: total - 39, position: 39 },
    ];
    const next = applyMailboxEvent(s, expunged(11, removed, 95));
    expect(next.offset).toBe(38);
    expect(uidsOf(next)).toEqual(uidsAt(total, 41, 49));
    expect(next.total).toBe(95);
    expect(next.stale).toBe(false);
  });

  it('removes consecutive rows given highest position first, as the protocol sends them', () => {
    const top = state(0, [5, 4, 3, 2, 1], 5);
    const next = applyMailboxEvent(
      top,
      expunged(
        11,
        [
          { uid: 3, position: 2 },
          { uid: 4, position: 1 },
        ],
        3,
      ),
    );
    expect(uidsOf(next)).toEqual([5, 2, 1]);
  });

  it('removes by UID and marks the window stale when the position is wrong', () => {
    const next = applyMailboxEvent(s, expunged(11, [{ uid: total - 42, position: 44 }], 99));
    expect(uidsOf(next)).not.toContain(total - 42);
    expect(next.rows).toHaveLength(9);
    expect(next.stale).toBe(true);
  });

  it('marks the window stale when a loaded UID is said to be below the window', () => {
    const next = applyMailboxEvent(s, expunged(11, [{ uid: total - 42, position: 80 }], 99));
    expect(next.stale).toBe(true);
  });

  it('marks the window stale when the total does not add up', () => {
    const next = applyMailboxEvent(s, expunged(11, [{ uid: total - 70, position: 70 }], 97));
    expect(next.stale).toBe(true);
  });

  it('forgets an arrival that is expunged', () => {
    const withArrivals = applyMailboxEvent(state(0, [1], 1), added(11, [3, 2], 3));
    const next = applyMailboxEvent(withArrivals, expunged(12, [{ uid: 3, position: 0 }], 2));
    expect(next.arrived).toEqual([2]);
    expect(uidsOf(next)).toEqual([2, 1]);
  });
});

describe('message:flagsChanged', () => {
  const s = state(0, [3, 2, 1], 10);

  it('replaces the flags of loaded rows', () => {
    const next = applyMailboxEvent(
      s,
      flagsChanged(11, [{ uid: 2, flags: ['\\Seen', '\\Flagged'] }]),
    );
    expect(rowAt(next, 1)?.flags).toEqual(['\\Seen', '\\Flagged']);
    expect(next.rows[0]).toBe(s.rows[0]);
    expect(next.seq).toBe(11);
  });

  it('ignores UIDs outside the window', () => {
    const next = applyMailboxEvent(s, flagsChanged(11, [{ uid: 99, flags: ['\\Seen'] }]));
    expect(next.rows).toEqual(s.rows);
    expect(next.seq).toBe(11);
  });

  it('does not move rows', () => {
    const next = applyMailboxEvent(s, flagsChanged(11, [{ uid: 3, flags: [] }]));
    expect(next.shift).toBeNull();
  });
});

describe('the seq rule', () => {
  const s = state(0, [3, 2, 1], 3, 20);

  it('ignores events at or below the window seq, of every kind', () => {
    expect(applyMailboxEvent(s, added(20, [4], 4))).toBe(s);
    expect(applyMailboxEvent(s, added(19, [4], 4))).toBe(s);
    expect(applyMailboxEvent(s, expunged(15, [{ uid: 3, position: 0 }], 2))).toBe(s);
    expect(applyMailboxEvent(s, flagsChanged(1, [{ uid: 3, flags: ['\\Seen'] }]))).toBe(s);
  });

  it('applies each event once when it is delivered twice', () => {
    const once = applyMailboxEvent(s, added(21, [4], 4));
    expect(applyMailboxEvent(once, added(21, [4], 4))).toBe(once);
    expect(uidsOf(once)).toEqual([4, 3, 2, 1]);
  });

  it('only advances seq for events of another mailbox', () => {
    const next = applyMailboxEvent(s, added(25, [9], 9, 'Archive'));
    expect(next.seq).toBe(25);
    expect(next.rows).toBe(s.rows);
    expect(next.total).toBe(3);
  });

  it('noteSeq advances but never lowers seq', () => {
    expect(noteSeq(s, 30).seq).toBe(30);
    expect(noteSeq(s, 5)).toBe(s);
  });

  it('marks the window stale on an event for another uidValidity', () => {
    const event = added(21, [4], 4);
    if (event.type === 'added') event.event.uidValidity = UID_VALIDITY + 1;
    const next = applyMailboxEvent(s, event);
    expect(next.stale).toBe(true);
    expect(next.rows).toBe(s.rows);
  });
});

describe('updateFlags (optimistic changes)', () => {
  it('changes the flags of the named loaded rows and keeps seq', () => {
    const s = state(0, [3, 2, 1], 3, 20);
    const next = updateFlags(s, [2, 99], (flags) => [...flags, '\\Seen']);
    expect(rowAt(next, 1)?.flags).toEqual(['\\Seen']);
    expect(next.seq).toBe(20);
    expect(next.rows[0]).toBe(s.rows[0]);
  });

  it('returns the same state when no named row is loaded', () => {
    const s = state(0, [3], 3);
    expect(updateFlags(s, [99], () => ['\\Seen'])).toBe(s);
  });
});

describe('retain', () => {
  const s = state(100, uidsAt(1000, 100, 400), 1000);

  it('keeps only the rows inside the range', () => {
    const next = retain(s, { from: 150, to: 250 });
    expect(next.offset).toBe(150);
    expect(uidsOf(next)).toEqual(uidsAt(1000, 150, 250));
  });

  it('returns the same state when everything is inside', () => {
    expect(retain(s, { from: 0, to: 1000 })).toBe(s);
  });

  it('empties the window when the range is elsewhere', () => {
    const next = retain(s, { from: 600, to: 700 });
    expect(next.rows).toEqual([]);
    expect(next.offset).toBe(600);
  });
});

describe('at 100,000 messages', () => {
  it('holds only the loaded slice while events move it', () => {
    const total = 100_000;
    let s = state(60_000, uidsAt(total, 60_000, 60_150), total, 1);
    s = applyMailboxEvent(s, added(2, [total + 1], total + 1));
    s = applyMailboxEvent(s, expunged(3, [{ uid: 1, position: total }], total));
    s = applyMailboxEvent(s, expunged(4, [{ uid: total - 60_010, position: 60_011 }], total - 1));
    expect(s.offset).toBe(60_001);
    expect(s.rows).toHaveLength(149);
    expect(rowAt(s, 60_001)?.uid).toBe(total - 60_000);
    expect(s.stale).toBe(false);
  });
});
