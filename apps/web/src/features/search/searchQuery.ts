import { TAGS, type SearchQuery } from '@tidings/protocol';
import { tagNamed } from '../tags/tagState.ts';

/** The protocol's longest value for one criterion (actions.ts, searchQuerySchema). */
const MAX_TERM_CHARS = 256;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TAG_LIST = TAGS.map((tag) => tag.name).join(', ');

export interface ParsedSearch {
  query: SearchQuery;
  /** What could not be understood, one sentence each; the search is not run while any remain. */
  problems: string[];
}

type TextField = 'from' | 'to' | 'subject' | 'body';
const TEXT_OPERATORS: Record<string, TextField> = {
  from: 'from',
  to: 'to',
  subject: 'subject',
  body: 'body',
};

/**
 * Reads what the user typed into the search box: `from:`, `to:`, `subject:`, `body:`,
 * `is:unread` / `is:read`, `is:flagged` / `is:unflagged`, `has:attachment`,
 * `tag:work` (a tag by its name, tags.ts), `after:YYYY-MM-DD` and `before:YYYY-MM-DD` (both
 * days included), and free text for the rest. Values may be quoted (`from:"Ada Lovelace"`).
 * A word with a colon that is no operator (`10:30`, `re:`) is text. An operator given twice
 * keeps the last value.
 */
export function parseSearch(input: string): ParsedSearch {
  const query: SearchQuery = {};
  const problems: string[] = [];
  const text: string[] = [];

  for (const token of tokenize(input)) {
    const colon = token.raw.indexOf(':');
    const key = colon > 0 && !token.quotedWhole ? token.raw.slice(0, colon).toLowerCase() : '';
    const value = colon > 0 ? unquote(token.raw.slice(colon + 1)) : '';
    const field = TEXT_OPERATORS[key];
    if (field) {
      if (value) query[field] = value;
      else problems.push(`Say what to look for after “${key}:”.`);
    } else if (key === 'is') {
      const state = value.toLowerCase();
      if (state === 'unread') query.unread = true;
      else if (state === 'read') query.unread = false;
      else if (state === 'flagged' || state === 'starred') query.flagged = true;
      else if (state === 'unflagged') query.flagged = false;
      else problems.push(`“is:${value}” is not known; try is:unread, is:read or is:flagged.`);
    } else if (key === 'has') {
      if (value.toLowerCase() === 'attachment') query.hasAttachment = true;
      else problems.push(`“has:${value}” is not known; try has:attachment.`);
    } else if (key === 'tag') {
      const tag = tagNamed(value);
      if (tag) query.keyword = tag.keyword;
      else problems.push(`There is no tag “${value}”; the tags are ${TAG_LIST}.`);
    } else if (key === 'after' || key === 'before') {
      if (isIsoDate(value)) query[key === 'after' ? 'since' : 'before'] = value;
      else problems.push(`“${key}:${value}” needs a date written as YYYY-MM-DD.`);
    } else {
      text.push(token.quotedWhole ? unquote(token.raw) : token.raw);
    }
  }
  const rest = text.join(' ').trim();
  if (rest) query.text = rest;

  for (const [name, value] of Object.entries(query)) {
    if (typeof value === 'string' && value.length > MAX_TERM_CHARS) {
      problems.push(`The ${name === 'text' ? 'search text' : name} is too long.`);
    }
  }
  if (query.since && query.before && query.since > query.before) {
    problems.push('“after:” is later than “before:”, so nothing can match.');
  }
  return { query, problems };
}

/** Whether the query asks for anything (an empty one would list the whole folder). */
export function isEmptyQuery(query: SearchQuery): boolean {
  return Object.values(query).every((value) => value === undefined);
}

interface Token {
  raw: string;
  /** The whole token was one quoted string (`"from:ada"` is text, not an operator). */
  quotedWhole: boolean;
}

/** Splits on white space outside double quotes; an unclosed quote runs to the end. */
function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let current = '';
  let quoted = false;
  for (const char of input) {
    if (char === '"') quoted = !quoted;
    if (!quoted && /\s/.test(char)) {
      if (current) tokens.push(token(current));
      current = '';
    } else {
      current += char;
    }
  }
  if (current) tokens.push(token(current));
  return tokens;
}

function token(raw: string): Token {
  return { raw, quotedWhole: raw.startsWith('"') };
}

function unquote(value: string): string {
  return value.replaceAll('"', '').trim();
}

function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}
