import { describe, expect, it } from 'vitest';
import { MailboxState } from './mailbox-state.ts';

const seen = ['\\Seen'];

function sample(): MailboxState {
  return MailboxState.from('INBOX', 42, [
    { uid: 3, flags: seen },
    { uid: 1, flags: [] },
    { uid: 7, flags: ['\\Flagged'] },
    { uid: 5, flags: ['\\Seen', '$Work'] },
  ]);
}

describe('MailboxState', () => {
  it('sorts by UID and maps sequence numbers to UIDs (seq n = n-th lowest UID)', () => {
    const state = sample();
    expect(state.allUids()).toEqual([1, 3, 5, 7]);
    expect([1, 2, 3, 4].map((seq) => state.uidAtSeq(seq))).toEqual([1, 3, 5, 7]);
    expect(state.uidAtSeq(0)).toBeUndefined();
    expect(state.uidAtSeq(5)).toBeUndefined();
  });

  it('counts unread and keeps keywords', () => {
    const state = sample();
    expect(state.total).toBe(4);
    expect(state.unread).toBe(2);
    expect(state.flagsOf(5)).toEqual(['\\Seen', '$Work']);
    expect(state.flagsOf(99)).toBeUndefined();
  });

  it('gives display positions newest first', () => {
    const state = sample();
    expect(state.uidsAt(0, 2)).toEqual([7, 5]);
    expect(state.uidsAt(2, 10)).toEqual([3, 1]);
    expect(state.uidsAt(10, 10)).toEqual([]);
    expect(state.positionOf(7)).toBe(0);
    expect(state.positionOf(1)).toBe(3);
    expect(state.positionOf(2)).toBe(-1);
  });

  it('adds new mail once, even when told twice', () => {
    const state = sample();
    expect(state.add([{ uid: 9, flags: [] }])).toEqual([{ uid: 9, flags: [] }]);
    expect(state.add([{ uid: 9, flags: [] }])).toEqual([]);
    expect(state.total).toBe(5);
    expect(state.unread).toBe(3);
    expect(state.highestUid).toBe(9);
  });

  it('inserts an out-of-order UID in place', () => {
    const state = sample();
    state.add([{ uid: 4, flags: seen }]);
    expect(state.allUids()).toEqual([1, 3, 4, 5, 7]);
    expect(state.uidAtSeq(3)).toBe(4);
  });

  it('expunge by sequence number shifts later sequence numbers down (RFC 3501 §7.4.1)', () => {
    const state = sample();
    // Server expunges seq 2 (uid 3), then seq 2 again (now uid 5).
    expect(state.removeAtSeq(2)).toEqual({ uid: 3, position: 2 });
    expect(state.removeAtSeq(2)).toEqual({ uid: 5, position: 1 });
    expect(state.allUids()).toEqual([1, 7]);
    expect(state.unread).toBe(2);
    expect(state.removeAtSeq(9)).toBeUndefined();
  });

  it('removes a run of expunges by sequence number in one pass, as one removeAtSeq each would', () => {
    const one = sample();
    const run = sample();
    const seqs = [2, 2, 9, 1];
    const each = seqs.map((seq) => one.removeAtSeq(seq)).filter((r) => r !== undefined);
    expect(each.map((r) => r.uid)).toEqual([3, 5, 1]);
    // One pass: positions from before any went, highest first.
    expect(run.removeAtSeqs(seqs)).toEqual([
      { uid: 1, position: 3 },
      { uid: 3, position: 2 },
      { uid: 5, position: 1 },
    ]);
    expect(run.allUids()).toEqual(one.allUids());
    expect(run.counts()).toEqual(one.counts());
    expect(run.membershipVersion).toBe(one.membershipVersion);
  });

  it('expunge by UID (QRESYNC VANISHED) ignores unknown UIDs', () => {
    const state = sample();
    expect(state.remove(1)).toEqual({ uid: 1, position: 3 });
    expect(state.remove(1)).toBeUndefined();
    expect(state.unread).toBe(1);
  });

  it('removes many in one pass: positions from before, highest first; unknown and repeated UIDs left out', () => {
    const state = sample();
    const version = state.membershipVersion;
    expect(state.removeMany([7, 99, 3, 7])).toEqual([
      { uid: 3, position: 2 },
      { uid: 7, position: 0 },
    ]);
    expect(state.allUids()).toEqual([1, 5]);
    expect([state.total, state.unread]).toEqual([2, 1]);
    expect(state.flagsOf(5)).toEqual(['\\Seen', '$Work']);
    expect(state.membershipVersion).toBe(version + 2);
    expect(state.removeMany([99])).toEqual([]);
    expect(state.membershipVersion).toBe(version + 2);
  });

  it('removes many exactly as one remove each would, keywords and unread counts included', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const messages = Array.from({ length: 2_000 }, (_, i) => ({
      uid: 3 * i + 1,
      flags: [
        ...(random() < 0.5 ? ['\\Seen'] : []),
        ...(random() < 0.1 ? [`$custom${i % 7}`] : []),
      ],
    }));
    const gone = messages.filter(() => random() < 0.3).map((m) => m.uid);
    const one = MailboxState.from('INBOX', 1, messages);
    const many = MailboxState.from('INBOX', 1, messages);
    const positions = new Map(gone.map((uid) => [uid, one.positionOf(uid)]));
    // Ascending UID: each removal leaves the positions of the ones after it intact.
    for (const uid of [...gone].sort((a, b) => a - b)) one.remove(uid);
    const removed = many.removeMany([...gone].reverse());
    expect(removed).toEqual(
      [...gone].sort((a, b) => a - b).map((uid) => ({ uid, position: positions.get(uid) })),
    );
    expect(many.allUids()).toEqual(one.allUids());
    expect(many.counts()).toEqual(one.counts());
    for (const uid of many.allUids()) expect(many.flagsOf(uid)).toEqual(one.flagsOf(uid));
    expect(many.membershipVersion).toBe(one.membershipVersion);
  });

  it('reports a flag change only when something changed, and tracks unread', () => {
    const state = sample();
    expect(state.setFlags(1, ['\\Seen'])).toEqual({ uid: 1, flags: ['\\Seen'] });
    expect(state.unread).toBe(1);
    expect(state.setFlags(1, ['\\seen'])).toBeUndefined(); // case differs, same flag
    expect(state.setFlags(1, ['\\Seen', '\\Recent'])).toBeUndefined(); // \Recent is not kept
    expect(state.setFlags(1, [])).toEqual({ uid: 1, flags: [] });
    expect(state.unread).toBe(2);
    expect(state.setFlags(404, seen)).toBeUndefined();
  });

  it('updateFlags adds and removes like STORE +FLAGS / -FLAGS', () => {
    const state = sample();
    expect(state.updateFlags(7, ['\\Seen'], ['\\Flagged'])).toEqual({ uid: 7, flags: ['\\Seen'] });
    expect(state.updateFlags(7, ['\\Seen'], [])).toBeUndefined();
    expect(state.updateFlags(5, [], ['$Work'])).toEqual({ uid: 5, flags: ['\\Seen'] });
  });

  it('grows past its initial capacity and stays near five bytes a message', () => {
    const state = new MailboxState('INBOX', 1);
    const n = 100_000;
    state.add(Array.from({ length: n }, (_, i) => ({ uid: i + 1, flags: i % 2 ? seen : [] })));
    expect(state.total).toBe(n);
    expect(state.unread).toBe(n / 2);
    expect(state.uidAtSeq(n)).toBe(n);
    expect(state.byteLength / n).toBeLessThanOrEqual(16);
  });
});
