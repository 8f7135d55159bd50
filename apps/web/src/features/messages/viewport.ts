import { MAX_WINDOW } from '@tidings/protocol';
import type { PositionRange } from './messageWindow.ts';

/** Every row has the same height, so position ↔ pixel is a multiplication. */
export const ROW_HEIGHT_PX = 68;
/** Rows rendered beyond each edge of the viewport, so a fast wheel does not show blanks. */
export const OVERSCAN_ROWS = 6;
/** A "page" for loading purposes is the viewport, but never fewer rows than this. */
export const MIN_PAGE_ROWS = 40;
/** How many pages of summaries are loaded around the viewport. */
export const WINDOW_PAGES = 3;

export interface ScrollMetrics {
  scrollTop: number;
  viewportHeight: number;
}

/** The positions at least partly visible. */
export function visibleRange(metrics: ScrollMetrics, total: number): PositionRange {
  const from = Math.min(total, Math.max(0, Math.floor(metrics.scrollTop / ROW_HEIGHT_PX)));
  const bottom = metrics.scrollTop + Math.max(0, metrics.viewportHeight);
  const to = Math.min(total, Math.max(from, Math.ceil(bottom / ROW_HEIGHT_PX)));
  return { from, to };
}

/** The positions to put in the DOM: the visible ones and an overscan on each side. */
export function renderRange(visible: PositionRange, total: number): PositionRange {
  return {
    from: Math.max(0, visible.from - OVERSCAN_ROWS),
    to: Math.min(total, visible.to + OVERSCAN_ROWS),
  };
}

export function pageRows(visible: PositionRange): number {
  return Math.max(MIN_PAGE_ROWS, visible.to - visible.from);
}

/** The window to load for a viewport: `WINDOW_PAGES` pages centred on it, inside the mailbox. */
export function windowAround(visible: PositionRange, total: number): PositionRange {
  const limit = Math.min(MAX_WINDOW, pageRows(visible) * WINDOW_PAGES, total);
  const centre = Math.floor((visible.from + visible.to) / 2);
  const from = Math.max(0, Math.min(total - limit, centre - Math.floor(limit / 2)));
  return { from, to: from + limit };
}

/**
 * The positions that should already be loaded: the viewport and half a page each way, so the
 * next window is asked for before the user scrolls into blanks.
 */
export function prefetchRange(visible: PositionRange, total: number): PositionRange {
  const margin = Math.floor(pageRows(visible) / 2);
  return { from: Math.max(0, visible.from - margin), to: Math.min(total, visible.to + margin) };
}

/** Whether two ranges share at least one position. */
export function intersects(a: PositionRange, b: PositionRange): boolean {
  return a.from < b.to && b.from < a.to;
}

/** The scrollTop that brings `position` fully into view with the least movement. */
export function scrollTopToReveal(position: number, metrics: ScrollMetrics): number {
  const top = position * ROW_HEIGHT_PX;
  const bottom = top + ROW_HEIGHT_PX;
  if (top < metrics.scrollTop) return top;
  if (bottom > metrics.scrollTop + metrics.viewportHeight) {
    return Math.max(0, bottom - metrics.viewportHeight);
  }
  return metrics.scrollTop;
}
