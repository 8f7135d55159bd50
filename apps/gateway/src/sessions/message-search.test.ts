import { describe, expect, it } from 'vitest';
import { dependsOnFlags, toSearchObject } from './message-search.ts';

describe('toSearchObject', () => {
  it('maps every criterion and makes "before" inclusive', () => {
    expect(
      toSearchObject({
        from: 'ann',
        subject: 'x',
        since: '2026-01-01',
        before: '2026-01-31',
        unread: true,
        flagged: false,
        keyword: '$label2',
      }),
    ).toEqual({
      from: 'ann',
      subject: 'x',
      since: '2026-01-01',
      before: '2026-02-01',
      seen: false,
      flagged: false,
      keyword: '$label2',
    });
  });

  it('searches everything when empty, and approximates attachments by multipart/mixed', () => {
    expect(toSearchObject({})).toEqual({ all: true });
    expect(toSearchObject({ hasAttachment: true })).toEqual({
      header: { 'Content-Type': 'multipart/mixed' },
    });
  });
});

describe('dependsOnFlags', () => {
  it('is true for a search that asks about read, flagged or a keyword, and only then', () => {
    expect(dependsOnFlags({ unread: false })).toBe(true);
    expect(dependsOnFlags({ flagged: true, from: 'ann' })).toBe(true);
    expect(dependsOnFlags({ keyword: '$label2' })).toBe(true);
    expect(dependsOnFlags({ from: 'ann', subject: 'x', hasAttachment: true })).toBe(false);
    expect(dependsOnFlags({})).toBe(false);
  });
});
