import type { ImapFlow } from 'imapflow';
import { atom, execRaw } from './raw-command.ts';
import { parseThreadResponse, threadUids } from './thread-response.ts';

/**
 * The server's threading algorithms, best first. REFS (draft-ietf-morg-inthread, Dovecot)
 * links messages by References and In-Reply-To only. RFC 5256's REFERENCES also files every
 * message under a base subject already seen: eight unrelated "Book recommendation" mails
 * from four people over four months become one conversation, as do a service's identical
 * alerts. Roundcube asks for REFS first too; REFERENCES is the choice where it is all there is.
 */
const THREAD_ALGORITHMS = ['REFS', 'REFERENCES'] as const;
export type ThreadAlgorithm = (typeof THREAD_ALGORITHMS)[number];

/**
 * The most messages a mailbox may hold for its THREAD to be asked. imapflow fails the whole
 * connection on a response of more than 1,000,000 tokens (its MAX_RESPONSE_TOKENS), and a
 * THREAD answer spends two per message, `(n)`, a little more where replies nest: 500,000
 * messages no thread joins is already too many. A bigger mailbox is grouped by its newest
 * messages' headers, as on a server without THREAD.
 */
export const SERVER_THREAD_LIMIT = 400_000;

/**
 * The threading algorithm to ask the server for, for a mailbox of `messages`; null when it
 * offers none of ours, or the answer would be too big to read.
 */
export function serverThreadAlgorithm(
  client: Pick<ImapFlow, 'capabilities'>,
  messages: number,
): ThreadAlgorithm | null {
  if (messages > SERVER_THREAD_LIMIT) return null;
  return THREAD_ALGORITHMS.find((name) => client.capabilities.has(`THREAD=${name}`)) ?? null;
}

/**
 * `UID THREAD <algorithm> UTF-8 ALL` on the selected mailbox: each thread's UIDs. imapflow has
 * no THREAD method, so the command goes through its command queue. Rejects when the server
 * refuses it. null when no readable THREAD data came (one that breaks RFC 5256 §4, or a line
 * too deep for imapflow's tokenizer, which drops it), so the caller can group by headers.
 */
export async function fetchServerThreads(
  client: ImapFlow,
  algorithm: ThreadAlgorithm,
): Promise<number[][] | null> {
  let threads: number[][] | null = null;
  let unreadable = false;
  await execRaw(client, 'UID THREAD', [atom(algorithm), atom('UTF-8'), atom('ALL')], {
    THREAD: async (untagged) => {
      try {
        const trees = parseThreadResponse(untagged.attributes);
        threads = [...(threads ?? []), ...trees.map(threadUids)];
      } catch {
        unreadable = true;
      }
    },
  });
  return unreadable ? null : threads;
}
