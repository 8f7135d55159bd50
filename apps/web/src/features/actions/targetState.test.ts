import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '@tidings/protocol';
import { allFlagged, anyUnread } from './targetState.ts';

const row = (flags: string[]): MessageSummary => ({
  uid: 1,
  from: [],
  to: [],
  subject: '',
  date: '2026-01-01T00:00:00Z',
  flags,
  size: 1,
});

describe('what the buttons offer for a selection', () => {
  it('offers Mark as read while any is unread', () => {
    expect(anyUnread([row(['\\Seen']), row([])])).toBe(true);
    expect(anyUnread([row(['\\Seen']), row(['\\seen'])])).toBe(false);
  });

  it('offers Unflag only when all are flagged', () => {
    expect(allFlagged([row(['\\Flagged']), row([])])).toBe(false);
    expect(allFlagged([row(['\\Flagged']), row(['\\Flagged', '\\Seen'])])).toBe(true);
    expect(allFlagged([])).toBe(false);
  });
});
