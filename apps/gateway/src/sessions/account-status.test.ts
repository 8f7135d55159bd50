import { describe, expect, it } from 'vitest';
import { LinkState } from '../imap/imap-link.ts';
import { accountStatus, sameStatus } from './account-status.ts';

describe('accountStatus', () => {
  it('is live only with both links up and the mailbox loaded', () => {
    expect(accountStatus([LinkState.Up, LinkState.Up], true)).toEqual({ imap: 'live' });
    expect(accountStatus([LinkState.Up, LinkState.Up], false)).toEqual({ imap: 'connecting' });
    expect(accountStatus([LinkState.Up, LinkState.Connecting], true)).toEqual({
      imap: 'connecting',
    });
  });

  it('says when it retries while either link waits', () => {
    expect(accountStatus([LinkState.Reconnecting, LinkState.Up], true, 1234)).toEqual({
      imap: 'reconnecting',
      retryAt: 1234,
    });
    expect(accountStatus([LinkState.Up, LinkState.Reconnecting], true)).toEqual({
      imap: 'reconnecting',
    });
  });

  it('compares statuses by state and retry time', () => {
    expect(sameStatus({ imap: 'live' }, { imap: 'live' })).toBe(true);
    expect(
      sameStatus({ imap: 'reconnecting', retryAt: 1 }, { imap: 'reconnecting', retryAt: 2 }),
    ).toBe(false);
  });
});
