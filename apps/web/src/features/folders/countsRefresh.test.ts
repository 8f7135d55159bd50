import { describe, expect, it } from 'vitest';
import { COUNTS_REFRESH_INTERVAL_MS, countsRefreshDue } from './countsRefresh.ts';

describe('countsRefreshDue', () => {
  const sentAt = 1_000_000;

  it('lets the first refresh through', () => {
    expect(countsRefreshDue(null, sentAt)).toBe(true);
  });

  it('holds back a second refresh within the interval, and lets it through after', () => {
    expect(countsRefreshDue(sentAt, sentAt + 10)).toBe(false);
    expect(countsRefreshDue(sentAt, sentAt + COUNTS_REFRESH_INTERVAL_MS - 1)).toBe(false);
    expect(countsRefreshDue(sentAt, sentAt + COUNTS_REFRESH_INTERVAL_MS)).toBe(true);
  });

  it('is not silenced by a clock that was set back', () => {
    expect(countsRefreshDue(sentAt, sentAt - 60_000)).toBe(true);
  });
});
