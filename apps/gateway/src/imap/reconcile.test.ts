import { describe, expect, it } from 'vitest';
import { MailboxState } from './mailbox-state.ts';
import { reconcile } from './reconcile.ts';

describe('reconcile', () => {
  it('returns only the differences and leaves the state equal to the truth', () => {
    const state = MailboxState.from('INBOX', 1, [
      { uid: 1, flags: [] },
      { uid: 2, flags: ['\\Seen'] },
      { uid: 3, flags: [] },
      { uid: 4, flags: [] },
    ]);
    const truth = [
      { uid: 1, flags: [] },
      { uid: 3, flags: ['\\Seen'] },
      { uid: 5, flags: ['\\Flagged'] },
    ];
    const diff = reconcile(
      state,
      truth.map((m) => m.uid),
      truth,
    );
    expect(diff.removed).toEqual([
      { uid: 2, position: 2 },
      { uid: 4, position: 0 },
    ]);
    expect(diff.changed).toEqual([{ uid: 3, flags: ['\\Seen'] }]);
    expect(diff.added).toEqual([{ uid: 5, flags: ['\\Flagged'] }]);
    expect(state.allUids()).toEqual([1, 3, 5]);
    expect(state.unread).toBe(2);
    // The counts between its steps, for the events the browser applies one by one: removing
    // 2 (seen) and 4 leaves 1 and 3 unseen; then 3 is read; then 5 arrives unseen.
    expect(diff.countsAfter).toEqual({
      removed: { total: 2, unread: 2 },
      changed: { total: 2, unread: 1 },
    });
  });

  it('removals listed highest position first can be applied one by one to a newest-first list', () => {
    const state = MailboxState.from(
      'INBOX',
      1,
      [1, 2, 3, 4, 5, 6].map((uid) => ({ uid, flags: [] })),
    );
    const shown = state.uidsAt(0, 6); // [6,5,4,3,2,1]
    const diff = reconcile(state, [2, 4, 6], []);
    for (const { uid, position } of diff.removed) {
      expect(shown[position]).toBe(uid);
      shown.splice(position, 1);
    }
    expect(shown).toEqual(state.uidsAt(0, 6));
  });

  it('with CONDSTORE, only changed messages come with flags; the rest keep theirs', () => {
    const state = MailboxState.from('INBOX', 1, [
      { uid: 1, flags: ['\\Seen'] },
      { uid: 2, flags: [] },
      { uid: 3, flags: ['\\Flagged'] },
    ]);
    const diff = reconcile(
      state,
      [1, 3, 4],
      [
        { uid: 3, flags: [] },
        { uid: 4, flags: ['\\Seen'] },
      ],
    );
    expect(diff.removed).toEqual([{ uid: 2, position: 1 }]);
    expect(diff.changed).toEqual([{ uid: 3, flags: [] }]);
    expect(diff.added).toEqual([{ uid: 4, flags: ['\\Seen'] }]);
    expect(state.flagsOf(1)).toEqual(['\\Seen']);
    expect(state.unread).toBe(1);
  });

  it('finds nothing to do when nothing changed', () => {
    const messages = [1, 2].map((uid) => ({ uid, flags: ['\\Seen'] }));
    const diff = reconcile(MailboxState.from('INBOX', 1, messages), [1, 2], messages);
    expect(diff).toEqual({
      removed: [],
      added: [],
      changed: [],
      countsAfter: { removed: { total: 2, unread: 0 }, changed: { total: 2, unread: 0 } },
    });
  });
});
