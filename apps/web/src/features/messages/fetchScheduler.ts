import type { Ack, MessageWindow } from '@tidings/protocol';
import { covers, type MessageWindowState, type PositionRange } from './messageWindow.ts';
import { intersects, prefetchRange, windowAround } from './viewport.ts';

/** While blanks are on screen, at most one request per this interval (a scrollbar drag). */
export const URGENT_FETCH_INTERVAL_MS = 80;
/** A short wait even for blanks, so a burst of scroll events settles on one viewport. */
export const MIN_FETCH_DELAY_MS = 16;
/** Loading ahead of the user (no blanks yet) waits this long, so bursts share one request. */
export const PREFETCH_DELAY_MS = 120;
/** After a failed request, wait this long before asking again. */
export const FAILURE_BACKOFF_MS = 2_000;

export interface FetchSchedulerOptions {
  /** What is loaded and what is on screen, read when deciding and again when answers come. */
  current: () => { list: MessageWindowState | null; viewport: PositionRange };
  /** Sends `message:list` for the range; null when it cannot be sent now. */
  request: (range: PositionRange) => Promise<Ack<MessageWindow>> | null;
  /** An answer that is still wanted. */
  onAnswer: (answer: Ack<MessageWindow>) => void;
  now?: () => number;
}

/**
 * Decides when to ask for rows around the viewport. Blanks on screen are fetched almost at
 * once (throttled while the user drags the scrollbar), rows merely near the edge a little
 * later. Every request asks for the window centred on the viewport of that moment;
 * an answer is dropped when a newer one was already applied or the user has moved away from it.
 */
export class FetchScheduler {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private dueAt = Number.POSITIVE_INFINITY;
  private notBefore = Number.NEGATIVE_INFINITY;
  private generation = 0;
  private sent = 0;
  private applied = 0;
  private readonly now: () => number;

  constructor(private readonly options: FetchSchedulerOptions) {
    this.now = options.now ?? (() => Date.now());
  }

  /** Re-evaluates after the viewport or the loaded rows changed. */
  consider(): void {
    const { list, viewport } = this.options.current();
    if (!list) return;
    const visible = clampRange(viewport, list.total);
    if (covers(list, prefetchRange(visible, list.total))) {
      this.clearTimer();
      return;
    }
    const now = this.now();
    const urgent = !covers(list, visible);
    const delay = urgent
      ? Math.max(MIN_FETCH_DELAY_MS, this.notBefore - now)
      : Math.max(PREFETCH_DELAY_MS, this.notBefore - now);
    const due = now + delay;
    // Throttled, not debounced: a pending fire that comes no later stands, so steady
    // scrolling still loads ahead instead of waiting for the scroll to stop.
    if (this.timer !== undefined && this.dueAt <= due) return;
    this.clearTimer();
    this.dueAt = due;
    this.timer = setTimeout(() => this.fire(), delay);
  }

  /** Forgets pending work and drops every answer still on its way. */
  cancel(): void {
    this.clearTimer();
    this.generation += 1;
  }

  private fire(): void {
    this.timer = undefined;
    this.dueAt = Number.POSITIVE_INFINITY;
    const { list, viewport } = this.options.current();
    if (!list) return;
    const visible = clampRange(viewport, list.total);
    if (covers(list, prefetchRange(visible, list.total))) return;
    const range = windowAround(visible, list.total);
    if (range.to <= range.from) return;
    const pending = this.options.request(range);
    if (!pending) return;
    const serial = ++this.sent;
    const generation = this.generation;
    this.notBefore = this.now() + URGENT_FETCH_INTERVAL_MS;
    void pending.then((answer) => this.settle(answer, serial, generation));
  }

  private settle(answer: Ack<MessageWindow>, serial: number, generation: number): void {
    if (generation !== this.generation || serial < this.applied) return;
    if (!answer.ok) {
      this.notBefore = this.now() + FAILURE_BACKOFF_MS;
      this.options.onAnswer(answer);
      return;
    }
    const { list, viewport } = this.options.current();
    if (!list) return;
    const visible = clampRange(viewport, list.total);
    const got = { from: answer.data.offset, to: answer.data.offset + answer.data.messages.length };
    if (!intersects(got, prefetchRange(visible, list.total))) {
      // The user has moved on (a scrollbar drag): this answer shows nothing they look at.
      this.consider();
      return;
    }
    this.applied = serial;
    this.options.onAnswer(answer);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.dueAt = Number.POSITIVE_INFINITY;
  }
}

function clampRange(range: PositionRange, total: number): PositionRange {
  const from = Math.min(Math.max(0, range.from), total);
  return { from, to: Math.min(Math.max(from, range.to), total) };
}
