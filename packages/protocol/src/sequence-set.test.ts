import { describe, expect, it } from 'vitest';
import { toSequenceSet, uidsOfSequenceSet } from './sequence-set.ts';

describe('toSequenceSet', () => {
  it('compresses runs and sorts', () => {
    expect(toSequenceSet([7, 1, 2, 3, 9, 10])).toBe('1:3,7,9:10');
    expect(toSequenceSet([5])).toBe('5');
    expect(toSequenceSet([2, 2, 2])).toBe('2');
  });

  it('reads back what it wrote, and nothing from what it would not write', () => {
    for (const uids of [[], [5], [1, 2, 3, 7, 9, 10], [4_294_967_295, 4_294_967_294]]) {
      expect(uidsOfSequenceSet(toSequenceSet(uids))).toEqual([...uids].sort((a, b) => a - b));
    }
    expect(uidsOfSequenceSet('3:1,x,0,2:*,4')).toEqual([4]);
  });
});
