import { describe, expect, it } from 'vitest';
import { toAccountQuota } from './quota.ts';

describe('toAccountQuota', () => {
  it('keeps the resources that have a limit', () => {
    expect(
      toAccountQuota({
        path: 'INBOX',
        quotaRoot: 'User quota',
        storage: { usage: 53_248, limit: 10_485_760, status: '1%' },
        message: { usage: 12, limit: 1_000 },
      }),
    ).toEqual({
      storage: { used: 53_248, limit: 10_485_760 },
      messages: { used: 12, limit: 1_000 },
    });
  });

  it('is null when no resource has a limit', () => {
    expect(toAccountQuota({ path: 'INBOX', storage: { usage: 10, limit: 0 } })).toBeNull();
    expect(toAccountQuota({ path: 'INBOX', quotaRoot: '' })).toBeNull();
  });

  it('counts a usage the server left out as none', () => {
    expect(toAccountQuota({ path: 'INBOX', message: { limit: 5 } })).toEqual({
      storage: null,
      messages: { used: 0, limit: 5 },
    });
  });
});
