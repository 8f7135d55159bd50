import type { ImapFlow } from 'imapflow';

/** One untagged response as imapflow's tokenizer hands it over. */
export interface UntaggedResponse {
  attributes?: unknown[];
}

export type UntaggedHandlers = Record<string, (untagged: UntaggedResponse) => Promise<void>>;

/** One token of a response as imapflow's tokenizer hands it over (ATOM, STRING, LITERAL…). */
export interface ResponseToken {
  type?: string;
  value?: unknown;
}

/**
 * An atom, quoted string or literal as text. A server sends a string as a literal whenever it
 * holds 8-bit text (Dovecot does so for a PREVIEW with "€" or "ø" in it), and imapflow hands a
 * literal over as a Buffer: reading only `typeof value === 'string'` loses every such string.
 */
export function textOf(
  token: ResponseToken | ResponseToken[] | null | undefined,
): string | undefined {
  if (!token || Array.isArray(token)) return undefined;
  const { value } = token;
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString();
  return undefined;
}

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
