import { describe, expect, it } from 'vitest';
import { buildThreadIndex, threadAt, threadPage } from './thread-index.ts';

describe('thread index', () => {
  it('orders threads by newest message and each thread newest first', () => {
    const index = buildThreadIndex([[3, 1, 9], [7], [2, 8, 8], []]);
    expect(index.count).toBe(3);
    expect(threadPage(index, 0, 10)).toEqual([[9, 3, 1], [8, 2], [7]]);
    expect(threadAt(index, 1)).toEqual([8, 2]);
    expect(threadPage(index, 1, 1)).toEqual([[8, 2]]);
    expect(threadPage(index, 5, 1)).toEqual([]);
  });

  it('holds UIDs up to 2^32-1', () => {
    const index = buildThreadIndex([[0xffff_ffff, 1]]);
    expect(threadAt(index, 0)).toEqual([0xffff_ffff, 1]);
  });
});
