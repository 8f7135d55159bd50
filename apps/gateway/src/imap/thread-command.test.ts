import { parser } from 'imapflow/lib/handler/imap-handler.js';
import { describe, expect, it } from 'vitest';
import { SERVER_THREAD_LIMIT, serverThreadAlgorithm } from './thread-command.ts';
import { parseThreadResponse } from './thread-response.ts';

const offering = (...names: string[]) => ({
  capabilities: new Map(names.map((name) => [`THREAD=${name}`, true] as const)),
});

/** A THREAD answer with every message a thread of its own: the biggest per message. */
function unthreaded(messages: number): Buffer {
  let line = '* THREAD ';
  for (let uid = 1; uid <= messages; uid++) line += `(${uid})`;
  return Buffer.from(line);
}

describe('serverThreadAlgorithm', () => {
  it('prefers REFS, takes REFERENCES, and nothing else', () => {
    expect(serverThreadAlgorithm(offering('REFERENCES', 'REFS'), 10)).toBe('REFS');
    expect(serverThreadAlgorithm(offering('ORDEREDSUBJECT', 'REFERENCES'), 10)).toBe('REFERENCES');
    expect(serverThreadAlgorithm(offering('ORDEREDSUBJECT'), 10)).toBeNull();
  });

  it('asks no THREAD whose answer imapflow would refuse, dropping the connection', async () => {
    expect(serverThreadAlgorithm(offering('REFS'), SERVER_THREAD_LIMIT)).toBe('REFS');
    expect(serverThreadAlgorithm(offering('REFS'), SERVER_THREAD_LIMIT + 1)).toBeNull();
    // The limit's reason: the biggest answer at the limit is read, one of 500,001 is not.
    const atLimit = await parser(unthreaded(SERVER_THREAD_LIMIT));
    expect(parseThreadResponse(atLimit.attributes)).toHaveLength(SERVER_THREAD_LIMIT);
    await expect(parser(unthreaded(500_001))).rejects.toMatchObject({ code: 'TooManyTokens' });
  });
});
