import type { ImapFlow } from 'imapflow';

/** One untagged response as imapflow's tokenizer hands it over. */
export interface UntaggedResponse {
  attributes?: unknown[];
}

export type UntaggedHandlers = Record<string, (untagged: UntaggedResponse) => Promise<void>>;

/** imapflow's command queue, which it does not type. */
interface CommandQueue {
  exec(
    command: string,
    attributes: unknown[],
    options: { untagged: UntaggedHandlers },
  ): Promise<{ next: () => void }>;
}

/** An IMAP atom as imapflow's command compiler takes it; an array of them is a list. */
export function atom(value: string): { type: 'ATOM'; value: string } {
  return { type: 'ATOM', value };
}

/**
 * Runs a command imapflow has no method for (SORT, THREAD, a FETCH item it does not know)
 * through its command queue, with `untagged` seeing the untagged responses by name. Rejects
 * when the server answers NO or BAD, as imapflow's own methods do.
 */
export async function execRaw(
  client: ImapFlow,
  command: string,
  attributes: unknown[],
  untagged: UntaggedHandlers,
): Promise<void> {
  const response = await (client as unknown as CommandQueue).exec(command, attributes, {
    untagged,
  });
  response.next();
}
