import { describe, expect, it } from 'vitest';
import { flagSchema, keywordSchema } from './mail.ts';
import { searchQuerySchema } from './actions.ts';
import { tagKeywordSchema, tagOf, TAGS, tagsOf } from './tags.ts';

describe('tagsOf', () => {
  it('finds the tags among the flags, in their own order, ignoring case and other keywords', () => {
    expect(
      tagsOf(['\\Seen', '$LABEL4', 'NonJunk', '$label1', '$label9']).map((t) => t.name),
    ).toEqual(['Important', 'To do']);
    expect(tagsOf([])).toEqual([]);
    expect(tagsOf(['\\Flagged', '$Forwarded'])).toEqual([]);
  });
});

describe('keywordSchema and flagSchema', () => {
  it('takes atoms, and system flags only as flags', () => {
    expect(keywordSchema.safeParse('$label2').success).toBe(true);
    expect(keywordSchema.safeParse('\\Seen').success).toBe(false);
    expect(flagSchema.safeParse('\\Seen').success).toBe(true);
    expect(flagSchema.safeParse('$label2').success).toBe(true);
  });

  it('refuses what would break out of the command', () => {
    for (const bad of [
      '',
      '\\',
      'two words',
      'a)',
      '"q"',
      'x\r\nA1 LOGOUT',
      'a*',
      'a%',
      'a]',
      '\\\\Seen',
    ]) {
      expect(flagSchema.safeParse(bad).success, bad).toBe(false);
      expect(keywordSchema.safeParse(bad).success, bad).toBe(false);
    }
    expect(keywordSchema.safeParse('x'.repeat(65)).success).toBe(false);
  });

  it('is how a search names a keyword', () => {
    expect(searchQuerySchema.safeParse({ keyword: '$label3' }).success).toBe(true);
    expect(searchQuerySchema.safeParse({ keyword: '\\Seen' }).success).toBe(false);
  });
});

describe('tagKeywordSchema', () => {
  it('takes exactly the keywords of TAGS', () => {
    expect(tagKeywordSchema.options).toEqual(TAGS.map((tag) => tag.keyword));
  });
});

describe('tagOf', () => {
  it('finds a tag by its exact keyword only', () => {
    expect(tagOf('$label3')?.name).toBe('Personal');
    expect(tagOf('$LABEL3')).toBeNull();
    expect(tagOf('$label6')).toBeNull();
    expect(tagOf(null)).toBeNull();
    expect(tagOf(undefined)).toBeNull();
  });
});
