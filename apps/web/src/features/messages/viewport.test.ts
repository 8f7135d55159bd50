import { describe, expect, it } from 'vitest';
import { MAX_WINDOW } from '@tidings/protocol';
import {
  MIN_PAGE_ROWS,
  OVERSCAN_ROWS,
  ROW_HEIGHT_PX,
  WINDOW_PAGES,
  intersects,
  prefetchRange,
  renderRange,
  scrollTopToReveal,
  visibleRange,
  windowAround,
} from './viewport.ts';

const H = ROW_HEIGHT_PX;

describe('visibleRange', () => {
  it('maps pixels to positions, counting partly visible rows', () => {
    expect(visibleRange({ scrollTop: 0, viewportHeight: 10 * H }, 1000)).toEqual({
      from: 0,
      to: 10,
    });
    expect(visibleRange({ scrollTop: H / 2, viewportHeight: 10 * H }, 1000)).toEqual({
      from: 0,
      to: 11,
    });
  });

  it('stays inside the mailbox', () => {
    expect(visibleRange({ scrollTop: 0, viewportHeight: 10 * H }, 3)).toEqual({ from: 0, to: 3 });
    expect(visibleRange({ scrollTop: 50 * H, viewportHeight: 10 * H }, 3)).toEqual({
      from: 3,
      to: 3,
    });
    expect(visibleRange({ scrollTop: 0, viewportHeight: 0 }, 100)).toEqual({ from: 0, to: 0 });
  });
});

describe('renderRange', () => {
  it('adds the overscan on both sides, within the mailbox', () => {
    expect(renderRange({ from: 50, to: 60 }, 1000)).toEqual({
      from: 50 - OVERSCAN_ROWS,
      to: 60 + OVERSCAN_ROWS,
    });
    expect(renderRange({ from: 0, to: 10 }, 12)).toEqual({ from: 0, to: 12 });
  });
});

describe('windowAround', () => {
  it('centres the pages on the viewport', () => {
    const w = windowAround({ from: 5000, to: 5010 }, 100_000);
    expect(w.to - w.from).toBe(MIN_PAGE_ROWS * WINDOW_PAGES);
    expect(w.from).toBeLessThan(5000);
    expect(w.to).toBeGreaterThan(5010);
    expect(5005 - w.from).toBe(w.to - 5005);
  });

  it('slides to stay inside the mailbox at either end', () => {
    expect(windowAround({ from: 0, to: 10 }, 100_000).from).toBe(0);
    const end = windowAround({ from: 99_990, to: 100_000 }, 100_000);
    expect(end.to).toBe(100_000);
    expect(windowAround({ from: 0, to: 10 }, 30)).toEqual({ from: 0, to: 30 });
  });

  it('never asks for more than the protocol allows', () => {
    const w = windowAround({ from: 1000, to: 1400 }, 100_000);
    expect(w.to - w.from).toBe(MAX_WINDOW);
  });

  it('covers the prefetch range of the viewport it was made for', () => {
    const visible = { from: 777, to: 790 };
    const w = windowAround(visible, 100_000);
    const p = prefetchRange(visible, 100_000);
    expect(w.from).toBeLessThanOrEqual(p.from);
    expect(w.to).toBeGreaterThanOrEqual(p.to);
  });
});

describe('intersects', () => {
  it('is false for touching ranges', () => {
    expect(intersects({ from: 0, to: 10 }, { from: 10, to: 20 })).toBe(false);
    expect(intersects({ from: 0, to: 11 }, { from: 10, to: 20 })).toBe(true);
  });
});

describe('scrollTopToReveal', () => {
  const metrics = { scrollTop: 10 * H, viewportHeight: 5 * H };
  it('scrolls up to a row above and down to a row below, and not for a visible row', () => {
    expect(scrollTopToReveal(8, metrics)).toBe(8 * H);
    expect(scrollTopToReveal(16, metrics)).toBe(17 * H - 5 * H);
    expect(scrollTopToReveal(12, metrics)).toBe(10 * H);
  });
});
