import { describe, expect, it } from 'vitest';
import type { MailboxInfo } from '@tidings/protocol';
import { mailTotal, quotaUsage, QuotaLevel } from './quotaUsage.ts';

const MB = 1024 * 1024;

describe('quotaUsage', () => {
  it('words the storage used', () => {
    expect(quotaUsage({ storage: { used: 2.1 * MB, limit: 1024 * MB }, messages: null })).toEqual({
      label: '2.1 MB of 1 GB used',
      used: 2.1 * MB,
      limit: 1024 * MB,
      level: QuotaLevel.Ok,
      advice: null,
    });
  });

  it('says so from 90% on, and when full', () => {
    const nearly = quotaUsage({ storage: { used: 0.9 * MB, limit: MB }, messages: null });
    expect(nearly.level).toBe(QuotaLevel.NearlyFull);
    expect(nearly.advice).toMatch(/nearly full/);
    const below = quotaUsage({ storage: { used: 0.89 * MB, limit: MB }, messages: null });
    expect(below.level).toBe(QuotaLevel.Ok);
    const full = quotaUsage({ storage: { used: MB + 5, limit: MB }, messages: null });
    expect(full.level).toBe(QuotaLevel.Full);
    expect(full.advice).toMatch(/new mail is refused/);
  });

  it('shows the message count where it is the tighter limit, or the only one', () => {
    const tighter = quotaUsage({
      storage: { used: MB, limit: 100 * MB },
      messages: { used: 9_500, limit: 10_000 },
    });
    expect(tighter.label).toBe('9,500 of 10,000 messages');
    expect(tighter.level).toBe(QuotaLevel.NearlyFull);
    const only = quotaUsage({ storage: null, messages: { used: 3, limit: 1_000 } });
    expect(only.label).toBe('3 of 1,000 messages');
    const looser = quotaUsage({
      storage: { used: 50 * MB, limit: 100 * MB },
      messages: { used: 10, limit: 10_000 },
    });
    expect(looser.label).toBe('50 MB of 100 MB used');
  });
});

describe('mailTotal', () => {
  const folder = (total: number) => ({ total }) as MailboxInfo;
  it('adds every folder’s messages, and is null before the folders are known', () => {
    expect(mailTotal(null)).toBeNull();
    expect(mailTotal([folder(3), folder(40)])).toBe(43);
  });
});
