import { describe, expect, it } from 'vitest';
import { groupByReferences, messageIds, type ThreadHeaders } from './header-threads.ts';

/** A message; its subject says what it is about, for the reader: grouping never reads it. */
function message(
  uid: number,
  _subject: string,
  headers: Partial<Omit<ThreadHeaders, 'uid'>> = {},
): ThreadHeaders {
  return {
    uid,
    messageId: `<m${uid}@example.test>`,
    inReplyTo: null,
    references: null,
    ...headers,
  };
}

/** Groups as sorted UID lists, sorted by their first UID, so the order found does not matter. */
function groups(messages: ThreadHeaders[]): number[][] {
  return groupByReferences(messages)
    .map((uids) => [...uids].sort((a, b) => a - b))
    .sort((a, b) => a[0]! - b[0]!);
}

describe('messageIds', () => {
  it('reads every <id> in order, unfolding', () => {
    expect(messageIds('References: <a@x>\r\n <b\r\n @y> junk <c@z>')).toEqual([
      'a@x',
      'b@y',
      'c@z',
    ]);
    expect(messageIds(null)).toEqual([]);
    expect(messageIds('no ids here')).toEqual([]);
  });
});

describe('grouping by References / In-Reply-To', () => {
  it('follows References chains and In-Reply-To', () => {
    expect(
      groups([
        message(1, 'Plan'),
        message(2, 'Re: Plan', { references: '<m1@example.test>' }),
        message(3, 'Re: Plan', { references: '<m1@example.test> <m2@example.test>' }),
        message(4, 'Other'),
        message(5, 'Re: Plan', { inReplyTo: '<m2@example.test>' }),
      ]),
    ).toEqual([[1, 2, 3, 5], [4]]);
  });

  it('keeps replies to a missing parent together, even with different subjects', () => {
    expect(
      groups([
        message(1, 'Re: gone', { references: '<lost@example.test>' }),
        message(2, 'Re: renamed', { inReplyTo: '<lost@example.test>' }),
        message(3, 'unrelated'),
      ]),
    ).toEqual([[1, 2], [3]]);
  });

  it('never joins messages by subject alone: unrelated mail shares subjects', () => {
    expect(
      groups([
        message(1, 'Book recommendation'),
        message(2, 'Book recommendation'),
        message(3, 'Re: Book recommendation'),
        message(4, 'Re: Book recommendation', { inReplyTo: '<m1@example.test>' }),
      ]),
    ).toEqual([[1, 4], [2], [3]]);
  });

  it('treats missing and duplicate Message-IDs as unique', () => {
    expect(
      groups([
        message(1, 'a', { messageId: null }),
        message(2, 'b', { messageId: null }),
        message(3, 'c', { messageId: '<dup@x>' }),
        message(4, 'd', { messageId: '<dup@x>' }),
        message(5, 'Re: c', { inReplyTo: '<dup@x>' }),
      ]),
    ).toEqual([[1], [2], [3, 5], [4]]);
  });

  it('survives reference loops and self-references', () => {
    expect(
      groups([
        message(1, 'x', { references: '<m2@example.test>' }),
        message(2, 'y', { references: '<m1@example.test>' }),
        message(3, 'z', { references: '<m3@example.test>' }),
        message(4, 'w', { references: '<m4@example.test> <m3@example.test> <m4@example.test>' }),
      ]),
    ).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('groups 5,000 messages in one go', () => {
    const many: ThreadHeaders[] = [];
    for (let uid = 1; uid <= 5_000; uid++) {
      // Every tenth message starts a topic; the nine before it reply to it.
      const root = Math.ceil(uid / 10) * 10;
      many.push(
        uid % 10 === 0
          ? message(uid, `topic ${uid}`)
          : message(uid, `Re: topic ${root}`, { references: `<m${root}@example.test>` }),
      );
    }
    const found = groupByReferences(many);
    expect(found.reduce((n, g) => n + g.length, 0)).toBe(5_000);
    expect(found.length).toBe(500);
    expect(found.find((g) => g.includes(10))?.sort((a, b) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
  });

  it('reads a References header of 50,000 IDs by its first and newest, one thread', () => {
    const ids = Array.from({ length: 50_000 }, (_, i) => `<r${i}@example.test>`);
    const found = groups([
      message(1, 'the thread started here', { messageId: ids[0]! }),
      message(2, 'its parent', { messageId: ids.at(-1)!, references: ids[0]! }),
      message(3, 'a reply naming every ancestor', { references: ids.join(' ') }),
      message(4, 'another topic'),
    ]);
    expect(found).toEqual([[1, 2, 3], [4]]);
  });

  it('follows a chain 20,000 replies deep without recursing that deep', () => {
    const chain = Array.from({ length: 20_000 }, (_, i) =>
      message(i + 1, `Re: ${i}`, i ? { inReplyTo: `<m${i}@example.test>` } : {}),
    );
    const found = groupByReferences(chain);
    expect(found).toHaveLength(1);
    expect(found[0]).toHaveLength(20_000);
  });
});
