import { parser } from 'imapflow/lib/handler/imap-handler.js';
import { describe, expect, it } from 'vitest';
import { parseThreadResponse, threadUids, ThreadResponseError } from './thread-response.ts';

/** The attributes imapflow's own tokenizer makes of one untagged THREAD line. */
async function attributesOf(line: string): Promise<unknown[] | undefined> {
  const parsed = (await parser(line)) as { attributes?: unknown[] };
  return parsed.attributes;
}

async function threads(line: string): Promise<number[][]> {
  return parseThreadResponse(await attributesOf(line)).map(threadUids);
}

describe('THREAD response (RFC 5256 §4)', () => {
  it("reads the RFC's example into trees", async () => {
    const trees = parseThreadResponse(await attributesOf('* THREAD (2)(3 6 (4 23)(44 7 96))'));
    expect(trees).toEqual([
      { uid: 2, children: [] },
      {
        uid: 3,
        children: [
          {
            uid: 6,
            children: [
              { uid: 4, children: [{ uid: 23, children: [] }] },
              { uid: 44, children: [{ uid: 7, children: [{ uid: 96, children: [] }] }] },
            ],
          },
        ],
      },
    ]);
    expect(trees.map(threadUids)).toEqual([[2], [3, 6, 4, 23, 44, 7, 96]]);
  });

  it('keeps replies to a missing parent together under a dummy', async () => {
    const trees = parseThreadResponse(await attributesOf('* THREAD ((3)(5))'));
    expect(trees).toEqual([
      {
        uid: null,
        children: [
          { uid: 3, children: [] },
          { uid: 5, children: [] },
        ],
      },
    ]);
    expect(await threads('* THREAD ((3)(5))(7)')).toEqual([[3, 5], [7]]);
  });

  it('reads dummies nested below a real message and deeper branches', async () => {
    expect(await threads('* THREAD (1 (2 (3)(4))(5))((6 7)(8 (9)(10)))')).toEqual([
      [1, 2, 3, 4, 5],
      [6, 7, 8, 9, 10],
    ]);
  });

  it('answers no threads for an empty THREAD response', async () => {
    expect(parseThreadResponse(await attributesOf('* THREAD'))).toEqual([]);
  });

  it.each([
    ['a number outside a list', '* THREAD 4 (5)'],
    ['a non-number', '* THREAD (4 abc)'],
    ['a zero', '* THREAD (0)'],
    ['a number too large for a UID', '* THREAD (4294967296)'],
    ['a number after a branch', '* THREAD (1 (2)(3) 4)'],
    ['an empty list', '* THREAD ()'],
  ])('refuses %s', async (_what, line) => {
    const attributes = await attributesOf(line);
    expect(() => parseThreadResponse(attributes)).toThrow(ThreadResponseError);
  });
});
