import { describe, expect, it } from 'vitest';
import type { MessageEnvelopeObject } from 'imapflow';
import type { FilterRule } from '@tidings/protocol';
import { matchesExactly, ruleSearch } from './rule-apply.ts';

const rule = (overrides: Partial<FilterRule>): FilterRule => ({
  field: 'from',
  test: 'contains',
  value: ' boss@corp.example ',
  moveTo: null,
  markRead: true,
  ...overrides,
});

const envelope = (fields: Partial<MessageEnvelopeObject>) => fields as MessageEnvelopeObject;

describe('ruleSearch', () => {
  it('searches the header the rule looks at, for the text as typed', () => {
    expect(ruleSearch(rule({}))).toEqual({ from: 'boss@corp.example' });
    expect(ruleSearch(rule({ field: 'to' }))).toEqual({
      or: [{ to: 'boss@corp.example' }, { cc: 'boss@corp.example' }],
    });
    expect(ruleSearch(rule({ field: 'subject', value: 'Invoice' }))).toEqual({
      subject: 'Invoice',
    });
    expect(ruleSearch(rule({ field: 'list', value: 'dev' }))).toEqual({
      header: { 'list-id': 'dev' },
    });
    // A list's id, whole: between its angle brackets, typed with them or not.
    expect(ruleSearch(rule({ field: 'list', test: 'is', value: '<dev.lists.example>' }))).toEqual({
      header: { 'list-id': '<dev.lists.example>' },
    });
  });
});

describe('matchesExactly', () => {
  it('keeps, for "is", only an address or a subject equal to the text, case aside', () => {
    const is = rule({ test: 'is' });
    expect(matchesExactly(is, envelope({ from: [{ address: 'Boss@Corp.Example' }] }))).toBe(true);
    expect(matchesExactly(is, envelope({ from: [{ address: 'big-boss@corp.example' }] }))).toBe(
      false,
    );
    const toOrCc = rule({ field: 'to', test: 'is' });
    expect(
      matchesExactly(
        toOrCc,
        envelope({
          to: [{ address: 'team@corp.example' }],
          cc: [{ address: 'boss@corp.example' }],
        }),
      ),
    ).toBe(true);
    const subject = rule({ field: 'subject', test: 'is', value: 'Weekly report' });
    expect(matchesExactly(subject, envelope({ subject: 'weekly REPORT' }))).toBe(true);
    expect(matchesExactly(subject, envelope({ subject: 'Re: Weekly report' }))).toBe(false);
    expect(matchesExactly(subject, undefined)).toBe(false);
  });

  it('leaves "contains" and lists to the search', () => {
    expect(matchesExactly(rule({}), undefined)).toBe(true);
    expect(matchesExactly(rule({ field: 'list', test: 'is' }), undefined)).toBe(true);
  });
});
