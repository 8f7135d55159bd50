import { describe, expect, it } from 'vitest';
import { indexesOfExpungeRun } from './expunge-run.ts';

/** The same run done the plain way: renumber after every expunge. */
function renumbering(count: number, seqs: number[]): number[] {
  const left = Array.from({ length: count }, (_, i) => i);
  const indexes: number[] = [];
  for (const seq of seqs) {
    if (seq < 1 || seq > left.length) continue;
    indexes.push(left.splice(seq - 1, 1)[0]!);
  }
  return indexes;
}

describe('indexesOfExpungeRun', () => {
  it('counts each sequence number from the numbering the ones before it left', () => {
    // RFC 3501 §7.4.1's example: 3, 3, 5, 8 of 11 are the 3rd, 4th, 7th and 11th messages.
    expect(indexesOfExpungeRun(11, [3, 3, 5, 8])).toEqual([2, 3, 6, 10]);
    // Deleting 1:4 comes as `* 1 EXPUNGE` four times.
    expect(indexesOfExpungeRun(6, [1, 1, 1, 1])).toEqual([0, 1, 2, 3]);
    // Highest first leaves the numbering of the rest alone.
    expect(indexesOfExpungeRun(6, [6, 4, 2])).toEqual([5, 3, 1]);
  });

  it('leaves out a sequence number past the end at its turn, and nonsense', () => {
    expect(indexesOfExpungeRun(3, [3, 3, 0, -1, 1.5, Number.NaN, 2])).toEqual([2, 1]);
    expect(indexesOfExpungeRun(0, [1])).toEqual([]);
    expect(indexesOfExpungeRun(2, [1, 1, 1])).toEqual([0, 1]);
  });

  it('agrees with renumbering after every expunge, for any run', () => {
    let seed = 11;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (const count of [1, 2, 7, 64, 1_000, 1_023, 1_025]) {
      for (let trial = 0; trial < 5; trial++) {
        let left = count;
        const seqs: number[] = [];
        const length = Math.floor(random() * (count + 3));
        for (let i = 0; i < length; i++) {
          // Mostly valid numbers, now and then one past the end.
          seqs.push(1 + Math.floor(random() * (left + 1)));
          if (seqs.at(-1)! <= left) left--;
        }
        expect(indexesOfExpungeRun(count, seqs)).toEqual(renumbering(count, seqs));
      }
    }
  });
});
