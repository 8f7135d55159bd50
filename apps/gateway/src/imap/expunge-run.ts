/**
 * A run of EXPUNGE responses without QRESYNC names messages by sequence number, and each one
 * counts from the numbering the ones before it left (RFC 3501 §7.4.1: `* 3 EXPUNGE` twice is
 * the third message, then the one that was fourth). Which messages of the numbering before the
 * run they were, found without renumbering after each: a Fenwick tree over the messages still
 * present answers "the n-th still present" in log time, so a run of 10,000 over 100,000
 * messages costs a few hundred thousand steps, not a copy of the list per expunge.
 */

/**
 * The 0-based indexes, in the numbering before the run, of the messages `seqs` expunge one
 * after another, out of `count`. A sequence number past the end of the numbering at its turn
 * (the server's view ahead of ours) names nothing and is left out.
 */
export function indexesOfExpungeRun(count: number, seqs: Iterable<number>): number[] {
  // tree[i] (1-based) counts the present messages in (i - lowbit(i), i]; all present at first.
  const tree = new Int32Array(count + 1);
  for (let i = 1; i <= count; i++) tree[i] = i & -i;
  let topBit = 1;
  while (topBit * 2 <= count) topBit *= 2;

  const indexes: number[] = [];
  let present = count;
  for (const seq of seqs) {
    if (!Number.isInteger(seq) || seq < 1 || seq > present) continue;
    // Descends the tree for the largest position whose prefix holds fewer than seq present.
    let position = 0;
    let rest = seq;
    for (let step = topBit; step > 0; step >>= 1) {
      const next = position + step;
      if (next <= count && tree[next]! < rest) {
        position = next;
        rest -= tree[next]!;
      }
    }
    // position + 1 (1-based) is the seq-th present message; it is present no more.
    for (let i = position + 1; i <= count; i += i & -i) tree[i]!--;
    present--;
    indexes.push(position);
  }
  return indexes;
}
