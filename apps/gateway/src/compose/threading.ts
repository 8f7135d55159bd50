/**
 * Reply threading headers (RFC 5322 §3.6.4): a reply's In-Reply-To is the original's
 * Message-ID, and its References are the original's References (or, lacking them, its
 * In-Reply-To) followed by the original's Message-ID.
 */

/** Ids kept in References: the thread's root plus the newest ones (long threads grow the header). */
export const MAX_REFERENCES = 20;
const MAX_MESSAGE_ID_CHARS = 998;

/** `<id>` tokens of a header value, in order, each once. Text between ids (comments, junk) is skipped. */
export function parseMessageIds(value: string | undefined | null): string[] {
  if (!value) return [];
  const ids: string[] = [];
  for (const match of value.matchAll(/<([^<>\s]+)>/g)) {
    const id = `<${match[1]}>`;
    if (id.length <= MAX_MESSAGE_ID_CHARS && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** An envelope's Message-ID (imapflow gives it with or without brackets) as `<id>`, or null. */
export function normalizeMessageId(value: string | undefined | null): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  const [id] = parseMessageIds(trimmed.startsWith('<') ? trimmed : `<${trimmed}>`);
  return id ?? null;
}

/** The unfolded value of one header from a raw header block (`References: <a>\r\n <b>`). */
export function headerValue(block: string, name: string): string | undefined {
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  const prefix = `${name.toLowerCase()}:`;
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(prefix));
  return line?.slice(prefix.length).trim();
}

export interface OriginalIds {
  messageId: string | null;
  references: string[];
  inReplyTo: string[];
}

export interface ReplyHeaders {
  inReplyTo: string | null;
  references: string[];
}

export function replyHeaders(original: OriginalIds): ReplyHeaders {
  const chain = original.references.length ? original.references : original.inReplyTo.slice(0, 1);
  const ids = [...chain];
  if (original.messageId && !ids.includes(original.messageId)) ids.push(original.messageId);
  return { inReplyTo: original.messageId, references: capReferences(ids) };
}

/** Keeps the root (first) id and the newest ones, dropping from the middle. */
export function capReferences(ids: string[], max = MAX_REFERENCES): string[] {
  if (ids.length <= max) return ids;
  return [ids[0]!, ...ids.slice(ids.length - (max - 1))];
}
