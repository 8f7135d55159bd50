/**
 * Suggestions in To, Cc and Bcc: which recipient the caret is in (what to ask the gateway
 * about), which suggestions are worth showing, and the field's text once one is chosen.
 */
import {
  MAX_DISPLAY_NAME_CHARS,
  MAX_SUGGESTION_QUERY_CHARS,
  type Correspondent,
} from '@tidings/protocol';
import { recipientSpans, type RecipientSpan } from './recipients.ts';

/** The recipient being typed, where it lies in the field's text, and what to look it up by. */
export interface RecipientAtCaret extends RecipientSpan {
  query: string;
}

/** A closed angle-bracketed address: the recipient is written out (`Ada <ada@example.org>`). */
const WRITTEN_OUT = /<[^<>]*>$/;
/** What the user may type before a name or an address that is no part of either. */
const OPENING_MARKS = /^["<]+/;
/** atext (RFC 5322 §3.2.3) and UTF-8 beyond ASCII (RFC 6532 §3.2), or a space between words. */
const PHRASE_CHARS = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\u{10ffff} ]+$/u;
// eslint-disable-next-line no-control-regex -- control characters are what a name must lose
const UNUSABLE_IN_NAME = /[\u0000-\u001f\u007f<>]/g;
/** What goes after a chosen recipient, so that the next one can be typed straight away. */
const NEXT_RECIPIENT = ', ';

/**
 * The recipient the caret is in: the text between the separators around it. Null when there
 * is nothing to look up: nothing typed, too much typed, or a recipient already written out.
 */
export function recipientAtCaret(text: string, caret: number): RecipientAtCaret | null {
  const span = recipientSpans(text).find(({ start, end }) => start <= caret && caret <= end);
  if (!span) return null;
  const typed = text.slice(span.start, span.end).trim();
  if (WRITTEN_OUT.test(typed)) return null;
  const query = typed.replace(OPENING_MARKS, '').trim();
  if (query === '' || query.length > MAX_SUGGESTION_QUERY_CHARS) return null;
  return { ...span, query };
}

/**
 * A name as it can stand in a recipient: our own check and the gateway's parse refuse control
 * characters and angle brackets in a name even when quoted, and names past the limit.
 */
function usableName(name: string): string {
  const cleaned = name.replace(UNUSABLE_IN_NAME, ' ').replace(/\s+/g, ' ').trim();
  return cleaned.length > MAX_DISPLAY_NAME_CHARS ? '' : cleaned;
}

/**
 * `Name <address>`, the name quoted when it holds anything but words (RFC 5322 §3.2.4:
 * `"Lovelace, Ada" <ada@example.org>`, `"` and `\` escaped), or the bare address without one.
 */
export function formatRecipient({ name, address }: Correspondent): string {
  const usable = usableName(name);
  if (usable === '') return address;
  const phrase = PHRASE_CHARS.test(usable) ? usable : `"${usable.replace(/["\\]/g, '\\$&')}"`;
  return `${phrase} <${address}>`;
}

/**
 * `text` with `chosen` in place of the recipient at `at`, followed by `, `; the caret goes
 * after that. What followed stays, its separator taken over by the one inserted.
 */
export function replaceRecipient(
  text: string,
  at: RecipientSpan,
  chosen: Correspondent,
): { text: string; caret: number } {
  const before = text.slice(0, at.start);
  const after = at.end < text.length ? text.slice(at.end + 1).trimStart() : '';
  const inserted = `${before === '' ? '' : ' '}${formatRecipient(chosen)}${NEXT_RECIPIENT}`;
  return { text: before + inserted + after, caret: before.length + inserted.length };
}

/** The address of one recipient as typed, for comparing: lower case, brackets gone. */
function addressOf(entry: string): string {
  const angle = /<([^<>]*)>$/.exec(entry);
  return (angle ? angle[1]! : entry).trim().toLowerCase();
}

/** The suggestions whose address is not already among the field's other recipients. */
export function freshSuggestions(
  suggestions: readonly Correspondent[],
  text: string,
  at: RecipientSpan,
): Correspondent[] {
  const present = new Set(
    recipientSpans(text)
      .filter(({ start }) => start !== at.start)
      .map(({ start, end }) => addressOf(text.slice(start, end).trim()))
      .filter((address) => address !== ''),
  );
  return suggestions.filter(({ address }) => !present.has(address.toLowerCase()));
}

/** The option the arrow keys make active among `count`, going round (-1: none yet). */
export function stepActive(active: number, step: 1 | -1, count: number): number {
  if (count === 0) return -1;
  if (active < 0) return step === 1 ? 0 : count - 1;
  return (active + step + count) % count;
}
