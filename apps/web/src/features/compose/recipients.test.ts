import { describe, expect, it } from 'vitest';
import {
  describeProblems,
  parseRecipients,
  recipientProblem,
  splitRecipients,
} from './recipients.ts';

describe('splitRecipients', () => {
  it('splits on commas, semicolons and line breaks', () => {
    expect(splitRecipients('a@example.org, b@example.org;c@example.org\nd@example.org')).toEqual([
      'a@example.org',
      'b@example.org',
      'c@example.org',
      'd@example.org',
    ]);
  });

  it('keeps quoted names and angle brackets together and drops empty entries', () => {
    expect(splitRecipients('"Lovelace, Ada" <ada@example.org>, , Bob <b;ob@example.org>,')).toEqual(
      ['"Lovelace, Ada" <ada@example.org>', 'Bob <b;ob@example.org>'],
    );
  });

  it('honours escaped quotes inside a quoted name', () => {
    expect(splitRecipients('"Ada \\"the\\" , L" <ada@example.org>, b@example.org')).toEqual([
      '"Ada \\"the\\" , L" <ada@example.org>',
      'b@example.org',
    ]);
  });
});

describe('recipientProblem', () => {
  it('accepts the usual forms', () => {
    for (const ok of [
      'ada@example.org',
      '<ada@example.org>',
      'Ada Lovelace <ada@example.org>',
      '"Lovelace, Ada" <ada.l+notes@mail.example.org>',
      '"odd local"@example.org',
      'jürgen@bücher.example',
    ]) {
      expect(recipientProblem(ok), ok).toBeNull();
    }
  });

  it('names what is wrong', () => {
    expect(recipientProblem('bob')).toBe('is not an email address');
    expect(recipientProblem('bob@')).toBe('is not an email address');
    expect(recipientProblem('@example.org')).toBe('is not an email address');
    expect(recipientProblem('bob@localhost')).toBe('has no valid domain');
    expect(recipientProblem('bob@exa_mple.org')).toBe('has no valid domain');
    expect(recipientProblem('bo b@example.org')).toBe('is not an email address');
    expect(recipientProblem('a@example.org b@example.org')).toBe(
      'holds more than one address; separate them with commas',
    );
    expect(recipientProblem('Ada <ada@example.org')).toBe('has unbalanced angle brackets');
    expect(recipientProblem('a..b@example.org')).toBe('is not a valid email address');
    expect(recipientProblem(`${'x'.repeat(65)}@example.org`)).toBe(
      'is too long to be an email address',
    );
  });

  it('refuses CR and LF (header injection)', () => {
    expect(recipientProblem('ada@example.org\r\nBcc: eve@example.org')).toBe(
      'contains a line break or control character',
    );
    expect(recipientProblem('Ada\n <ada@example.org>')).toBe(
      'contains a line break or control character',
    );
  });
});

describe('parseRecipients', () => {
  it('keeps every entry and lists each bad one', () => {
    const parsed = parseRecipients('ada@example.org, bob@, carol');
    expect(parsed.entries).toEqual(['ada@example.org', 'bob@', 'carol']);
    expect(describeProblems(parsed.problems)).toBe(
      '“bob@” is not an email address. “carol” is not an email address.',
    );
  });
});
