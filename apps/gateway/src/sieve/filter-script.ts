// The Sieve script behind filter rules (RFC 5228; fileinto, imap4flags RFC 5232, include
// RFC 6609), written and read back by Tidings alone.
import { FilterField, FilterTest, filterRulesSchema, type FilterRule } from '@tidings/protocol';
import {
  includeLine,
  markerLine,
  readMarker,
  requireLine,
  scriptText,
  sieveList,
  sieveString,
} from './sieve-syntax.ts';

/** The script's name on the server. */
export const FILTERS_SCRIPT = 'tidings-filters';
/** The comment that carries the rules (sieve-syntax `markerLine`). */
const MARKER = 'tidings-filters';

export interface StoredFilters {
  rules: FilterRule[];
  /** The user's own script, run after the rules; null when there was none. */
  keeps: string | null;
}

export const NO_FILTERS: StoredFilters = { rules: [], keeps: null };

const HEADERS: Record<FilterField, string[]> = {
  [FilterField.From]: ['from'],
  [FilterField.To]: ['to', 'cc'],
  [FilterField.Subject]: ['subject'],
  [FilterField.List]: ['list-id'],
};

/** A list's id as List-Id carries it, in angle brackets (RFC 2919 §3), typed with them or not. */
export function bracketedListId(value: string): string {
  return `<${value.trim().replace(/^<|>$/g, '')}>`;
}

/**
 * The test for one rule. "contains" looks at the whole header, display names included (MIME
 * words decoded, RFC 5228 §2.7.2); "is" compares an address of From or To/Cc, the whole
 * subject, or a list's id (the part of List-Id in angle brackets, RFC 2919). Case is ignored
 * (the default comparator, i;ascii-casemap).
 */
function test({ field, test, value }: FilterRule): string {
  const headers = sieveList(HEADERS[field]);
  const wanted = value.trim();
  if (test === FilterTest.Contains) return `header :contains ${headers} ${sieveString(wanted)}`;
  switch (field) {
    case FilterField.From:
    case FilterField.To:
      return `address :all :is ${headers} ${sieveString(wanted)}`;
    case FilterField.List:
      return `header :contains ${headers} ${sieveString(bracketedListId(wanted))}`;
    case FilterField.Subject:
      return `header :is ${headers} ${sieveString(wanted)}`;
  }
}

/**
 * The script for `rules`, in order, then the user's own script `keeps`. A rule that files a
 * message stops the run (RFC 5228 §3.3), so a message lands in one folder; marking read sets
 * \Seen, and a tag its keyword, on wherever it lands (imap4flags' internal variable, RFC 5232
 * §3).
 */
export function filterScript({ rules, keeps }: StoredFilters): string {
  const lines = [
    '# Filter rules, written by Tidings: change them there (this script is rewritten).',
    markerLine(MARKER, { rules, keeps }),
  ];
  const needs: string[] = [];
  if (rules.some((rule) => rule.moveTo !== null)) needs.push('fileinto');
  if (rules.some((rule) => rule.markRead || rule.tag)) needs.push('imap4flags');
  if (keeps) needs.push('include');
  lines.push(...requireLine(needs));
  for (const rule of rules) {
    lines.push(`if ${test(rule)} {`);
    if (rule.markRead) lines.push('  addflag "\\\\Seen";');
    if (rule.tag) lines.push(`  addflag ${sieveString(rule.tag)};`);
    if (rule.moveTo !== null) lines.push(`  fileinto ${sieveString(rule.moveTo)};`, '  stop;');
    lines.push('}');
  }
  if (keeps) lines.push(includeLine(keeps));
  return scriptText(lines);
}

/** The rules a script of ours carries; null for any other script or a damaged one. */
export function readFilterScript(script: string): StoredFilters | null {
  const parsed = readMarker(script, MARKER);
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { rules, keeps } = parsed as Record<string, unknown>;
  const valid = filterRulesSchema.safeParse(rules);
  if (!valid.success) return null;
  if (keeps !== null && (typeof keeps !== 'string' || keeps === '')) return null;
  return { rules: valid.data, keeps: keeps as string | null };
}
