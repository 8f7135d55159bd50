import { describe, expect, it } from 'vitest';
import { SearchMatches } from './search-matches.ts';

describe('SearchMatches', () => {
  it('counts each UID once, whatever order and repeats it was given in', () => {
    const matches = new SearchMatches([9, 3, 3, 70_000, 1]);
    expect(matches.size).toBe(4);
    for (const uid of [1, 3, 9, 70_000]) expect(matches.has(uid)).toBe(true);
    for (const uid of [0, 2, 8, 10, 69_999, 70_001]) expect(matches.has(uid)).toBe(false);
  });

  it('adds only what it lacks and says which those were', () => {
    const matches = new SearchMatches([5, 10]);
    expect(matches.add([10, 7, 7, 12, 1])).toEqual([7, 12, 1]);
    expect(matches.size).toBe(5);
    expect([1, 5, 7, 10, 12].every((uid) => matches.has(uid))).toBe(true);
    expect(matches.add([5])).toEqual([]);
    expect(matches.size).toBe(5);
  });

  it('removes what it has and says how many', () => {
    const matches = new SearchMatches([1, 2, 3, 4]);
    expect(matches.delete([2, 4, 4, 99])).toBe(2);
    expect(matches.size).toBe(2);
    expect([matches.has(1), matches.has(2), matches.has(3), matches.has(4)]).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect(matches.delete([99])).toBe(0);
  });

  it('holds 100,000 UIDs and still finds each', () => {
    const uids = Array.from({ length: 100_000 }, (_, i) => 2 * i + 1);
    const matches = new SearchMatches(uids.reverse());
    expect(matches.size).toBe(100_000);
    expect(matches.has(199_999)).toBe(true);
    expect(matches.has(100_000)).toBe(false);
  });
});
