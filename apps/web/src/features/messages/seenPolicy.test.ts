import { describe, expect, it } from 'vitest';
import { clampSeenDelay, DEFAULT_SEEN_POLICY, parseSeenPolicy } from './seenPolicy.ts';

describe('seen policy', () => {
  it('defaults to marking read at once', () => {
    expect(parseSeenPolicy(null)).toEqual(DEFAULT_SEEN_POLICY);
    expect(parseSeenPolicy('garbage')).toEqual(DEFAULT_SEEN_POLICY);
    expect(parseSeenPolicy('{"mode":"later"}')).toEqual(DEFAULT_SEEN_POLICY);
  });

  it('reads the other modes', () => {
    expect(parseSeenPolicy('{"mode":"never"}')).toEqual({ mode: 'never' });
    expect(parseSeenPolicy('{"mode":"after","seconds":3}')).toEqual({ mode: 'after', seconds: 3 });
  });

  it('keeps the delay within limits', () => {
    expect(parseSeenPolicy('{"mode":"after","seconds":-5}')).toEqual({ mode: 'after', seconds: 1 });
    expect(clampSeenDelay(1e9)).toBe(600);
    expect(clampSeenDelay(Number.NaN)).toBe(5);
  });
});
