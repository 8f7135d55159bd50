import { parser } from 'imapflow/lib/handler/imap-handler.js';
import { describe, expect, it } from 'vitest';
import { readSortNumbers, SERVER_SORT_LIMIT } from './sort-command.ts';

function sortAnswer(messages: number): Buffer {
  let line = '* SORT';
  for (let uid = messages; uid >= 1; uid--) line += ` ${uid}`;
  return Buffer.from(line);
}

describe('SERVER_SORT_LIMIT', () => {
  it('is an answer imapflow still reads; a million and one numbers it refuses, dropping the connection', async () => {
    const uids: number[] = [];
    readSortNumbers((await parser(sortAnswer(SERVER_SORT_LIMIT))).attributes, uids);
    expect(uids).toHaveLength(SERVER_SORT_LIMIT);
    expect(uids[0]).toBe(SERVER_SORT_LIMIT);
    await expect(parser(sortAnswer(1_000_001))).rejects.toMatchObject({ code: 'TooManyTokens' });
  });
});
