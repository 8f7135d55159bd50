import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '@tidings/protocol';
import { allFlagged, anyUnread, type TargetRows } from './targetState.ts';

const row = (flags: string[]): MessageSummary => ({
  uid: 1,
  from: [],
  to: [],
  subject: '',
  date: '2026-01-01T00:00:00Z',
  flags,
  size: 1,
});

/** All loaded: nothing acted on without its row. */
const loaded = (rows: MessageSummary[]): TargetRows => ({
  rows,
  unloaded: 0,
  unloadedMayBeUnread: true,
});

describe('what the buttons offer for a selection', () => {
  it('offers Mark as read while any is unread', () => {
    expect(anyUnread(loaded([row(['\\Seen']), row([])]))).toBe(true);
    expect(anyUnread(loaded([row(['\\Seen']), row(['\\seen'])]))).toBe(false);
  });

  it('offers Unflag only when all are flagged', () => {
    expect(allFlagged(loaded([row(['\\Flagged']), row([])]))).toBe(false);
    expect(allFlagged(loaded([row(['\\Flagged']), row(['\\Flagged', '\\Seen'])]))).toBe(true);
    expect(allFlagged(loaded([]))).toBe(false);
  });

  it('past the loaded rows, offers Mark as read while the folder has unread mail, and Flag', () => {
    const read = [row(['\\Seen', '\\Flagged'])];
    const wholeFolder = { rows: read, unloaded: 99_999, unloadedMayBeUnread: true };
    expect(anyUnread(wholeFolder)).toBe(true);
    expect(anyUnread({ ...wholeFolder, unloadedMayBeUnread: false })).toBe(false);
    expect(allFlagged(wholeFolder)).toBe(false);
    // None loaded at all: still something to act on.
    expect(anyUnread({ rows: [], unloaded: 5, unloadedMayBeUnread: true })).toBe(true);
  });
});
