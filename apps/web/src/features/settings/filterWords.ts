import {
  FilterField,
  FilterTest,
  tagOf,
  type FilterApplyResult,
  type FilterRule,
} from '@tidings/protocol';
import { messageCount } from '../messages/moveActions.ts';
import type { RuleFields } from './filterForm.ts';

// Filter rules in words: the form's labels, a rule's sentence, what running one did.

/** The field's name in the select and in a rule's sentence. */
export const FIELD_LABELS: Record<FilterField, string> = {
  from: 'From',
  // The server tests both headers (gateway sieve/filter-script.ts): "To" alone would hide Cc.
  to: 'To or Cc',
  subject: 'Subject',
  list: 'Mailing list',
};

export const TEST_LABELS: Record<FilterTest, string> = { contains: 'contains', is: 'is' };

/** `From contains “news@shop.example” → move to Newsletters, mark as read`. */
export function describeRule(rule: FilterRule, folderLabel: (path: string) => string): string {
  const actions: string[] = [];
  if (rule.moveTo !== null) actions.push(`move to ${folderLabel(rule.moveTo)}`);
  if (rule.markRead) actions.push('mark as read');
  const tag = tagOf(rule.tag)?.name ?? null;
  if (tag) actions.push(`tag ${tag}`);
  return `${FIELD_LABELS[rule.field]} ${TEST_LABELS[rule.test]} “${rule.value}” → ${actions.join(', ')}`;
}

/** What running a new rule over the Inbox did, for the note under the panes. */
export function describeApplied(
  result: FilterApplyResult,
  rule: FilterRule,
  folderLabel: (path: string) => string,
): string {
  if (result.matched === 0) return 'No message in the Inbox matches the new rule';
  if (result.moved) {
    return `Moved ${messageCount(result.moved.moved)} from the Inbox to ${folderLabel(result.moved.destination ?? '')}`;
  }
  const tag = tagOf(rule.tag)?.name ?? null;
  const marked = `Marked ${messageCount(result.marked)} in the Inbox as read`;
  if (result.marked > 0 && result.tagged > 0)
    return `${marked} and tagged ${result.tagged} as ${tag}`;
  if (result.marked > 0) return marked;
  if (result.tagged > 0) return `Tagged ${messageCount(result.tagged)} in the Inbox as ${tag}`;
  const already = [rule.markRead && 'read', tag && 'tagged'].filter(Boolean).join(' and ');
  return `${messageCount(result.matched)} in the Inbox ${result.matched === 1 ? 'matches' : 'match'} the new rule, ${already} already`;
}

/** What to type, as the server compares it: "is" on an address field takes one address. */
export function valuePlaceholder(fields: Pick<RuleFields, 'field' | 'test'>): string {
  if (fields.test === FilterTest.Contains) return 'Text to look for';
  switch (fields.field) {
    case FilterField.From:
    case FilterField.To:
      return 'name@example.com';
    case FilterField.Subject:
      return 'The whole subject';
    // The id inside List-Id's angle brackets (RFC 2919 §2), which no display name changes.
    case FilterField.List:
      return 'List id, as news.example.com';
  }
}
