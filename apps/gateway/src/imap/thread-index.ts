/**
 * A mailbox's threads in display order, packed into two typed arrays (~4 bytes a message plus
 * 4 a thread) so that a 100,000-message mailbox's structure can be kept between page requests.
 * Threads are ordered by their newest message (highest UID: newest activity first), and each
 * thread's UIDs newest first, matching the flat list's order.
 */
export interface ThreadIndex {
  /** Every threaded UID, thread after thread. */
  readonly uids: Uint32Array;
  /** Where thread i starts in `uids`; `starts[count]` is the end. */
  readonly starts: Uint32Array;
  readonly count: number;
}

export function buildThreadIndex(groups: readonly (readonly number[])[]): ThreadIndex {
  const sorted = groups
    .filter((group) => group.length > 0)
    .map((group) => Uint32Array.from(new Set(group)).sort().reverse())
    .sort((a, b) => b[0]! - a[0]!);
  const starts = new Uint32Array(sorted.length + 1);
  let size = 0;
  sorted.forEach((group, i) => {
    starts[i] = size;
    size += group.length;
  });
  starts[sorted.length] = size;
  const uids = new Uint32Array(size);
  sorted.forEach((group, i) => uids.set(group, starts[i]));
  return { uids, starts, count: sorted.length };
}

/** Thread `i`'s UIDs, newest first. */
export function threadAt(index: ThreadIndex, i: number): number[] {
  return Array.from(index.uids.subarray(index.starts[i], index.starts[i + 1]));
}

/** Threads `offset` .. `offset + limit` (fewer at the end). */
export function threadPage(index: ThreadIndex, offset: number, limit: number): number[][] {
  const page: number[][] = [];
  for (let i = offset; i < Math.min(index.count, offset + limit); i++)
    page.push(threadAt(index, i));
  return page;
}
