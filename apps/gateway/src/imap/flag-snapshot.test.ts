import { describe, expect, it } from 'vitest';
import { FlagBit } from './flag-bits.ts';
import { buildSnapshot, expandUidSet } from './flag-snapshot.ts';
import { MailboxState } from './mailbox-state.ts';

const u32 = (...uids: number[]) => Uint32Array.from(uids);

describe('expandUidSet', () => {
  it('expands runs and single UIDs, either direction', () => {
    expect([...expandUidSet('1:3,7,10:8', 100)]).toEqual([1, 2, 3, 7, 8, 9, 10]);
    expect([...expandUidSet('', 100)]).toEqual([]);
  });

  it('refuses what is not a UID set, and sets larger than the mailbox', () => {
    expect(() => expandUidSet('1:*', 100)).toThrow(/not a UID set/);
    expect(() => expandUidSet('0:3', 100)).toThrow(/out of range/);
    expect(() => expandUidSet('1:4294967295', 100_000)).toThrow(/larger than the mailbox/);
    expect(() => expandUidSet('1,x', 100)).toThrow(/not a UID set/);
  });
});

describe('buildSnapshot', () => {
  it('marks everything seen but UNSEEN, sets flag bits, keeps keywords aside', () => {
    const snapshot = buildSnapshot(
      u32(9, 2, 5, 7),
      u32(5, 7),
      [
        { bit: FlagBit.Flagged, uids: u32(2, 7) },
        { bit: FlagBit.Answered, uids: u32(9) },
      ],
      new Map([['$Work', u32(5, 9)]]),
    );
    expect([...snapshot.uids]).toEqual([2, 5, 7, 9]);
    expect([...snapshot.bits]).toEqual([
      FlagBit.Seen | FlagBit.Flagged,
      0,
      FlagBit.Flagged,
      FlagBit.Seen | FlagBit.Answered,
    ]);
    expect(snapshot.keywords).toEqual(
      new Map([
        [5, ['$Work']],
        [9, ['$Work']],
      ]),
    );
  });

  it('ignores UIDs that arrived between the searches (not in ALL)', () => {
    const snapshot = buildSnapshot(u32(1, 2), u32(2, 3), [{ bit: FlagBit.Flagged, uids: u32(3) }]);
    expect([...snapshot.uids]).toEqual([1, 2]);
    expect([...snapshot.bits]).toEqual([FlagBit.Seen, 0]);
  });
});

describe('MailboxState.fromSnapshot', () => {
  it('answers like a state built message by message, and keeps growing', () => {
    const snapshot = buildSnapshot(
      Uint32Array.from({ length: 1_000 }, (_, i) => i * 2 + 1),
      u32(1, 1999),
      [{ bit: FlagBit.Flagged, uids: u32(3) }],
      new Map([['$Work', u32(5)]]),
    );
    const state = MailboxState.fromSnapshot('INBOX', 7, snapshot);
    expect(state.total).toBe(1_000);
    expect(state.unread).toBe(2);
    expect(state.uidsAt(0, 2)).toEqual([1999, 1997]);
    expect(state.flagsOf(3)).toEqual(['\\Seen', '\\Flagged']);
    expect(state.flagsOf(5)).toEqual(['\\Seen', '$Work']);
    expect(state.flagsOf(1)).toEqual([]);
    expect(state.add([{ uid: 2001, flags: [] }])).toHaveLength(1);
    expect(state.positionOf(2001)).toBe(0);
    expect(state.unread).toBe(3);
    // Two typed arrays, growing by half: well under the 16 bytes a message budget.
    expect(state.byteLength / state.total).toBeLessThan(8);
  });

  it('handles an empty mailbox', () => {
    const state = MailboxState.fromSnapshot('INBOX', 7, buildSnapshot(u32(), u32(), []));
    expect(state.total).toBe(0);
    expect(state.add([{ uid: 1, flags: ['\\Seen'] }])).toHaveLength(1);
    expect(state.unread).toBe(0);
  });
});
