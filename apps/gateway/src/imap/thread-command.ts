import type { ImapFlow } from 'imapflow';
import { atom, execRaw } from './raw-command.ts';
import { parseThreadResponse, threadUids } from './thread-response.ts';

/** RFC 5256: the server threads by References (with subject grouping) itself. */
export function offersThreadReferences(client: ImapFlow): boolean {
  return client.capabilities.has('THREAD=REFERENCES');
}

/**
 * `UID THREAD REFERENCES UTF-8 ALL` on the selected mailbox: each thread's UIDs. imapflow has
 * no THREAD method, so the command goes through its command queue. Rejects when the server
 * refuses it. null when no readable THREAD data came (one that breaks RFC 5256 §4, or a line
 * too deep for imapflow's tokenizer, which drops it), so the caller can group by headers.
 */
export async function fetchServerThreads(client: ImapFlow): Promise<number[][] | null> {
  let threads: number[][] | null = null;
  let unreadable = false;
  await execRaw(client, 'UID THREAD', [atom('REFERENCES'), atom('UTF-8'), atom('ALL')], {
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
