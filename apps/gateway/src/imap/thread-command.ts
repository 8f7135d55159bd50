import type { ImapFlow } from 'imapflow';
import { parseThreadResponse, threadUids } from './thread-response.ts';

/** imapflow's command queue, which it does not type: the one way to send a command it lacks. */
interface RawCommandRunner {
  exec(
    command: string,
    attributes: unknown[],
    options: { untagged: { THREAD: (response: { attributes?: unknown[] }) => Promise<void> } },
  ): Promise<{ next: () => void }>;
}

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
  const runner = client as unknown as RawCommandRunner;
  const response = await runner.exec(
    'UID THREAD',
    [
      { type: 'ATOM', value: 'REFERENCES' },
      { type: 'ATOM', value: 'UTF-8' },
      { type: 'ATOM', value: 'ALL' },
    ],
    {
      untagged: {
        THREAD: async (untagged) => {
          try {
            const trees = parseThreadResponse(untagged.attributes);
            threads = [...(threads ?? []), ...trees.map(threadUids)];
          } catch {
            unreadable = true;
          }
        },
      },
    },
  );
  response.next();
  return unreadable ? null : threads;
}
