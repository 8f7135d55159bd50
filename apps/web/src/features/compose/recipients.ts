/**
 * What the user typed into To, Cc or Bcc, split into one entry per recipient and checked, so
 * that a mistake is named next to its field before anything is sent. The gateway parses and
 * checks every entry again (RFC 5322) and has the last word.
 */

/** RFC 5321 §4.5.3.1: 64 octets of local part, 254 for the whole path. */
const MAX_LOCAL_CHARS = 64;
const MAX_ADDRESS_CHARS = 254;
/** The protocol's limit for one recipient as typed (compose.ts, recipientSchema). */
const MAX_ENTRY_CHARS = 320 + 256;

const DOT_ATOM_PART = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\uffff]+$/;
const QUOTED_LOCAL = /^"(?:[^"\\\r\n]|\\.)*"$/;
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}-]*[\p{L}\p{N}\p{M}])?$/u;
const TOP_LEVEL = /^(?:\p{L}[\p{L}\p{M}]*|xn--[a-z0-9-]+)$/iu;
// eslint-disable-next-line no-control-regex -- control characters (CR and LF among them) are refused
const CONTROL = /[\u0000-\u001f\u007f]/;

export interface RecipientProblem {
  entry: string;
  problem: string;
}

export interface ParsedRecipients {
  /** Each recipient as typed, trimmed: what the draft carries. */
  entries: string[];
  problems: RecipientProblem[];
}

/** Where one recipient's text lies in a field's text: `start` inclusive, `end` exclusive. */
export interface RecipientSpan {
  start: number;
  end: number;
}

/**
 * The stretches of `text` between separators (commas, semicolons, line breaks), as typed and
 * untrimmed, empty ones too; a separator inside double quotes or angle brackets does not count
 * (`"Lovelace, Ada" <ada@example.org>` is one recipient).
 */
export function recipientSpans(text: string): RecipientSpan[] {
  const spans: RecipientSpan[] = [];
  let start = 0;
  let quoted = false;
  let angle = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (char === '\\' && quoted) {
      i += 1;
      continue;
    }
    if (char === '"' && !angle) quoted = !quoted;
    else if (char === '<' && !quoted) angle = true;
    else if (char === '>' && !quoted) angle = false;
    else if (
      !quoted &&
      !angle &&
      (char === ',' || char === ';' || char === '\n' || char === '\r')
    ) {
      spans.push({ start, end: i });
      start = i + 1;
    }
  }
  spans.push({ start, end: text.length });
  return spans;
}

/** One entry per recipient, trimmed, empty ones left out. */
export function splitRecipients(text: string): string[] {
  return recipientSpans(text)
    .map(({ start, end }) => text.slice(start, end).trim())
    .filter((entry) => entry !== '');
}

/** Why `entry` is not one usable recipient, or null when it is. */
export function recipientProblem(entry: string): string | null {
  if (CONTROL.test(entry)) return 'contains a line break or control character';
  if (entry.length > MAX_ENTRY_CHARS) return 'is too long';
  const angle = /^([^<>]*)<([^<>]*)>$/.exec(entry);
  let address = entry;
  if (angle) {
    const name = angle[1]!.trim();
    if (name.includes('"') && !/^"(?:[^"\\]|\\.)*"$/.test(name)) return 'has a malformed name';
    address = angle[2]!.trim();
  } else if (/[<>]/.test(entry)) {
    return 'has unbalanced angle brackets';
  } else if (/\s/.test(entry) && !entry.startsWith('"')) {
    return entry.split('@').length > 2
      ? 'holds more than one address; separate them with commas'
      : 'is not an email address';
  }
  return addressProblem(address);
}

function addressProblem(address: string): string | null {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return 'is not an email address';
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (address.length > MAX_ADDRESS_CHARS || local.length > MAX_LOCAL_CHARS)
    return 'is too long to be an email address';
  const dotAtom = local.split('.').every((part) => DOT_ATOM_PART.test(part));
  if (!dotAtom && !QUOTED_LOCAL.test(local)) return 'is not a valid email address';
  const labels = domain.split('.');
  if (labels.length < 2) return 'has no valid domain';
  if (!labels.every((label) => LABEL.test(label)) || !TOP_LEVEL.test(labels[labels.length - 1]!))
    return 'has no valid domain';
  return null;
}

export function parseRecipients(text: string): ParsedRecipients {
  const entries = splitRecipients(text);
  const problems: RecipientProblem[] = [];
  for (const entry of entries) {
    const problem = recipientProblem(entry);
    if (problem) problems.push({ entry, problem });
  }
  return { entries, problems };
}

/** "“bob@” is not an email address." — one sentence per problem, for the field's error. */
export function describeProblems(problems: readonly RecipientProblem[]): string {
  return problems.map(({ entry, problem }) => `“${entry}” ${problem}.`).join(' ');
}

/** Recipients in a field's text form, for reply and reopened drafts. */
export function joinRecipients(entries: readonly string[]): string {
  return entries.join(', ');
}
