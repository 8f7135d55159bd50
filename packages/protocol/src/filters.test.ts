import { describe, expect, it } from 'vitest';
import { MAX_FILTER_RULES, MAX_FILTER_VALUE, filtersSetRequestSchema } from './filters.ts';

describe('filter rules', () => {
  const rule = {
    field: 'from',
    test: 'contains',
    value: 'news@',
    moveTo: 'Newsletters',
    markRead: false,
  };
  const parse = (...rules: object[]) => filtersSetRequestSchema.safeParse({ rules });

  it('take a field, a test, one line of text, and what to do', () => {
    expect(
      parse(rule, { ...rule, field: 'list', test: 'is', moveTo: null, markRead: true }).success,
    ).toBe(true);
    expect(parse({ ...rule, field: 'body' }).success).toBe(false);
    expect(parse({ ...rule, test: 'matches' }).success).toBe(false);
    expect(parse({ ...rule, value: 'two\nlines' }).success).toBe(false);
    expect(parse({ ...rule, value: 'x'.repeat(MAX_FILTER_VALUE + 1) }).success).toBe(false);
    expect(parse({ ...rule, moveTo: '' }).success).toBe(false);
    expect(parse({ ...rule, sieve: 'discard;' }).success).toBe(false);
  });

  it('need something to look for and something to do', () => {
    expect(parse({ ...rule, value: '  ' }).error?.issues[0]?.message).toMatch(/look for/);
    expect(parse({ ...rule, moveTo: null }).error?.issues[0]?.message).toMatch(/something to do/);
  });

  it('may put one of the five tags on, and that alone is something to do', () => {
    expect(parse({ ...rule, moveTo: null, tag: '$label2' }).success).toBe(true);
    expect(parse({ ...rule, tag: null }).success).toBe(true);
    expect(parse({ ...rule, moveTo: null, tag: null }).success).toBe(false);
    expect(parse({ ...rule, tag: '$label6' }).success).toBe(false);
    expect(parse({ ...rule, tag: '\\Deleted' }).success).toBe(false);
    expect(parse({ ...rule, tag: '$label1"; discard; "' }).success).toBe(false);
  });

  it(`stop at ${MAX_FILTER_RULES} rules`, () => {
    expect(parse(...Array<object>(MAX_FILTER_RULES).fill(rule)).success).toBe(true);
    expect(parse(...Array<object>(MAX_FILTER_RULES + 1).fill(rule)).success).toBe(false);
  });
});
