import { describe, expect, it } from 'vitest';
import { MailboxState } from './mailbox-state.ts';
import { fitOrder, isComplete, uidsOfOrder } from './sorted-order.ts';
import { readSortNumbers, sortCriteria, SortResponseError } from './sort-command.ts';

function stateOf(uids: number[]): MailboxState {
  return MailboxState.from(
    'INBOX',
    7,
    uids.map((uid) => ({ uid, flags: [] })),
  );
}

describe('MailboxState for other orders', () => {
  it('pages the list oldest first, names positions, and counts membership changes', () => {
    const state = stateOf([10, 20, 30, 40]);
    expect(state.uidsOldestFirstAt(0, 3)).toEqual([10, 20, 30]);
    expect(state.uidsOldestFirstAt(3, 10)).toEqual([40]);
    expect(state.uidsOldestFirstAt(9, 10)).toEqual([]);
    expect(state.uidAtPosition(0)).toBe(40);
    expect(state.uidAtPosition(3)).toBe(10);
    expect(state.uidAtPosition(4)).toBeUndefined();
    const before = state.membershipVersion;
    state.setFlags(10, ['\\Seen']);
    expect(state.membershipVersion).toBe(before);
    state.add([{ uid: 50, flags: [] }]);
    expect(state.membershipVersion).toBe(before + 1);
    state.add([{ uid: 50, flags: [] }]);
    expect(state.membershipVersion).toBe(before + 1);
    state.remove(20);
    expect(state.membershipVersion).toBe(before + 2);
  });
});

describe('fitOrder', () => {
  it('takes the server order as it is when it names the same messages', () => {
    const fitted = fitOrder([30, 10, 40, 20], stateOf([10, 20, 30, 40]));
    expect(Array.from(fitted.uids)).toEqual([30, 10, 40, 20]);
    expect(isComplete(fitted)).toBe(true);
    expect(uidsOfOrder(fitted, 1, 2)).toEqual([10, 40]);
    expect(uidsOfOrder(fitted, 3, 5)).toEqual([20]);
    expect(uidsOfOrder(fitted, 8, 5)).toEqual([]);
  });

  it('drops what the state no longer has, and repeats, and stays complete', () => {
    const state = stateOf([10, 20, 30, 40]);
    const fitted = fitOrder([30, 99, 10, 30, 40, 20, 15], state);
    expect(Array.from(fitted.uids)).toEqual([30, 10, 40, 20]);
    expect(isComplete(fitted)).toBe(true);
    expect(fitted.version).toBe(state.membershipVersion);
    state.remove(10);
    const after = fitOrder(fitted.uids, state);
    expect(Array.from(after.uids)).toEqual([30, 40, 20]);
    expect(isComplete(after)).toBe(true);
    expect(after.version).toBe(state.membershipVersion);
  });

  it('puts messages the order lacks first, newest first, and says it is incomplete', () => {
    const state = stateOf([10, 20, 30, 40, 50, 60]);
    const fitted = fitOrder([30, 10, 40, 20], state);
    expect(uidsOfOrder(fitted, 0, 10)).toEqual([60, 50, 30, 10, 40, 20]);
    expect(uidsOfOrder(fitted, 1, 2)).toEqual([50, 30]);
    expect(isComplete(fitted)).toBe(false);
    expect(fitOrder([], stateOf([])).uids.length).toBe(0);
    expect(uidsOfOrder(fitOrder([], stateOf([1, 2])), 0, 5)).toEqual([2, 1]);
  });

  it('never counts an unplaced message as placed when fitted again', () => {
    const state = stateOf([10, 20, 30]);
    const first = fitOrder([30, 10], state);
    expect(isComplete(first)).toBe(false);
    // An expunge of another message: the order is fitted again, and 20 is still unplaced.
    state.remove(10);
    const again = fitOrder(first.uids, state);
    expect(isComplete(again)).toBe(false);
    expect(uidsOfOrder(again, 0, 5)).toEqual([20, 30]);
  });
});

describe('SORT command', () => {
  const sort = (by: 'date' | 'from' | 'subject' | 'size', reverse = false) => ({ by, reverse });
  it('builds the criteria: display names where offered, newest first among equals', () => {
    const plain = new Set(['IMAP4REV1', 'SORT']);
    const display = new Set(['SORT', 'SORT=DISPLAY']);
    expect(sortCriteria(sort('from'), display)).toEqual(['DISPLAYFROM', 'REVERSE', 'DATE']);
    expect(sortCriteria(sort('from', true), plain)).toEqual(['REVERSE', 'FROM', 'REVERSE', 'DATE']);
    expect(sortCriteria(sort('subject'), plain)).toEqual(['SUBJECT', 'REVERSE', 'DATE']);
    expect(sortCriteria(sort('size', true), plain)).toEqual(['REVERSE', 'SIZE', 'REVERSE', 'DATE']);
    expect(sortCriteria(sort('date', true), display)).toEqual(['REVERSE', 'DATE']);
    expect(sortCriteria(sort('date'), new Map([['SORT', true]]))).toEqual(['DATE']);
    expect(sortCriteria(sort('from'), new Set(['IMAP4REV1', 'THREAD=REFERENCES']))).toBeNull();
  });

  it('reads the numbers of a SORT response and refuses anything else', () => {
    const atoms = (...values: string[]) => values.map((value) => ({ type: 'ATOM', value }));
    const into: number[] = [4];
    readSortNumbers(atoms('5', '3', '4294967295'), into);
    expect(into).toEqual([4, 5, 3, 4294967295]);
    readSortNumbers(undefined, into);
    expect(into).toHaveLength(4);
    for (const bad of ['0', '-1', '4294967296', '1.5', 'NIL', '', '01']) {
      expect(() => readSortNumbers(atoms(bad), [])).toThrow(SortResponseError);
    }
    expect(() => readSortNumbers([[{ type: 'ATOM', value: '1' }]], [])).toThrow(SortResponseError);
  });
});
