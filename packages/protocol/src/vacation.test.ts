import { describe, expect, it } from 'vitest';
import {
  MAX_VACATION_MESSAGE,
  MAX_VACATION_SUBJECT,
  vacationSetRequestSchema,
} from './vacation.ts';

describe('vacation settings', () => {
  const settings = { enabled: true, subject: 'Away', message: 'Back on Monday.', until: null };
  const parse = (value: object) => vacationSetRequestSchema.safeParse({ settings: value });

  it('take words, an optional last day, and nothing else', () => {
    expect(parse(settings).success).toBe(true);
    expect(parse({ ...settings, until: '2026-12-24' }).success).toBe(true);
    expect(parse({ ...settings, until: '24.12.2026' }).success).toBe(false);
    expect(parse({ ...settings, script: 'discard;' }).success).toBe(false);
    expect(parse({ ...settings, subject: 'x'.repeat(MAX_VACATION_SUBJECT + 1) }).success).toBe(
      false,
    );
    expect(parse({ ...settings, message: 'x'.repeat(MAX_VACATION_MESSAGE + 1) }).success).toBe(
      false,
    );
  });

  it('need a message when on, and none when off', () => {
    expect(parse({ ...settings, message: '  \n' }).error?.issues[0]?.message).toMatch(/message/);
    expect(parse({ ...settings, enabled: false, message: '' }).success).toBe(true);
  });
});
