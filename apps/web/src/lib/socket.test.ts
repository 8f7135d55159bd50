import { describe, expect, it } from 'vitest';
import { SortKey } from '@tidings/protocol';
import { REQUEST_TIMEOUT_MS, SORTED_WINDOW_TIMEOUT_MS, windowTimeout } from './socket.ts';

describe('windowTimeout', () => {
  it('gives a window in another order time for the first SORT of a big folder', () => {
    expect(windowTimeout({})).toBe(REQUEST_TIMEOUT_MS);
    expect(windowTimeout({ sort: { by: SortKey.From, reverse: false } })).toBe(
      SORTED_WINDOW_TIMEOUT_MS,
    );
    expect(SORTED_WINDOW_TIMEOUT_MS).toBeGreaterThan(REQUEST_TIMEOUT_MS);
  });
});
