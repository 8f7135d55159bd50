import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@tidings/protocol';
import {
  envelopeRecipients,
  parseRecipient,
  parseRecipientList,
  RecipientField,
} from './recipients.ts';

const good = (input: string) => {
  const parsed = parseRecipient(input);
  if (!parsed.ok) throw new Error(`${input}: ${parsed.problem}`);
  return parsed.recipient;
};
const problem = (input: string) => {
  const parsed = parseRecipient(input);
  return parsed.ok ? null : parsed.problem;
};

describe('parseRecipient', () => {
  it('reads a bare address, an angle address and a display name', () => {
    expect(good('ada@example.org')).toEqual({ name: '', address: 'ada@example.org' });
    expect(good('  <ada@example.org> ')).toEqual({ name: '', address: 'ada@example.org' });
    expect(good('Ada Lovelace <ada@example.org>')).toEqual({
      name: 'Ada Lovelace',
      address: 'ada@example.org',
    });
  });

  it('unquotes a quoted display name, commas and escapes included', () => {
    expect(good('"Lovelace, Ada" <ada@example.org>').name).toBe('Lovelace, Ada');
    expect(good('"Ada \\"the Countess\\"" <ada@example.org>').name).toBe('Ada "the Countess"');
    expect(problem('"Ada <ada@example.org>')).toMatch(/malformed name/);
    expect(problem('Ada "x <ada@example.org>')).toMatch(/malformed name/);
  });

  it('accepts the local parts RFC 5322 allows, and international domains', () => {
    for (const address of [
      'first.last+tag@example.org',
      "o'brien@example.ie",
      'x_y-z=1@sub.example.co.uk',
      '"john smith"@example.org',
      'jürgen@müller.example',
      'ada@xn--mller-kva.example',
    ]) {
      expect(good(address).address).toBe(address);
    }
  });

  it('refuses what is not one deliverable address, saying why', () => {
    expect(problem('ada')).toMatch(/not an email address/);
    expect(problem('ada@')).toMatch(/not an email address/);
    expect(problem('@example.org')).toMatch(/not an email address/);
    expect(problem('ada@localhost')).toMatch(/no valid domain/);
    expect(problem('ada@[127.0.0.1]')).toMatch(/no valid domain/);
    expect(problem('ada@-example.org')).toMatch(/no valid domain/);
    expect(problem('ada@example.123')).toMatch(/no valid domain/);
    expect(problem('ada..b@example.org')).toMatch(/not a valid/);
    expect(problem('.ada@example.org')).toMatch(/not a valid/);
    expect(problem('ada lovelace@example.org')).toMatch(/not a valid/);
    expect(problem(`${'a'.repeat(65)}@example.org`)).toMatch(/too long/);
    expect(problem(`ada@${'a'.repeat(64)}.org`)).toMatch(/no valid domain/);
  });

  it('refuses two addresses in one entry, and control characters', () => {
    expect(problem('ada@example.org, bob@example.org')).toMatch(/more than one address/);
    expect(problem('Ada <ada@example.org>, Bob <bob@example.org>')).toMatch(/more than one/);
    expect(problem('ada@example.org\r\nBcc: eve@example.org')).toMatch(/control characters/);
    expect(problem('Ada\u0000 <ada@example.org>')).toMatch(/control characters/);
  });
});

describe('parseRecipientList', () => {
  it('names the bad entry and its field in a BAD_REQUEST', () => {
    expect(() => parseRecipientList(['ada@example.org', 'bob@'], RecipientField.Cc)).toThrowError(
      expect.objectContaining({ code: ErrorCode.BadRequest }) as Error,
    );
    expect(() => parseRecipientList(['bob@'], RecipientField.Cc)).toThrow(
      '"bob@" in Cc is not an email address.',
    );
  });
});

describe('envelopeRecipients', () => {
  it('lists every address once across To, Cc and Bcc, case-insensitively', () => {
    const to = [good('Ada <ada@example.org>'), good('bob@example.org')];
    const cc = [good('ADA@example.org')];
    const bcc = [good('eve@example.org')];
    expect(envelopeRecipients(to, cc, bcc)).toEqual([
      'ada@example.org',
      'bob@example.org',
      'eve@example.org',
    ]);
  });
});
