import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Ack, MessageWindow } from '@tidings/protocol';
import {
  FetchScheduler,
  MIN_FETCH_DELAY_MS,
  PREFETCH_DELAY_MS,
  URGENT_FETCH_INTERVAL_MS,
} from './fetchScheduler.ts';
import {
  windowFromResponse,
  type MessageWindowState,
  type PositionRange,
} from './messageWindow.ts';

const TOTAL = 100_000;

function loaded(from: number, to: number): MessageWindowState {
  const messages = [];
  for (let p = from; p < to; p += 1) {
    messages.push({ uid: TOTAL - p, from: [], to: [], subject: '', date: '', flags: [], size: 0 });
  }
  return windowFromResponse({
    mailbox: 'INBOX',
    uidValidity: 1,
    total: TOTAL,
    unread: 0,
    offset: from,
    messages,
    seq: 1,
  });
}

function answerFor(range: PositionRange): Ack<MessageWindow> {
  const state = loaded(range.from, range.to);
  return {
    ok: true,
    data: {
      mailbox: 'INBOX',
      uidValidity: 1,
      total: TOTAL,
      unread: 0,
      offset: range.from,
      messages: [...state.rows],
      seq: 1,
    },
  };
}

function setup(initial: MessageWindowState) {
  const view = { list: initial as MessageWindowState | null, viewport: { from: 0, to: 10 } };
  const requests: {
    range: PositionRange;
    /** The viewport when the request went out. */
    seen: PositionRange;
    resolve: (a: Ack<MessageWindow>) => void;
  }[] = [];
  const answers: Ack<MessageWindow>[] = [];
  const scheduler = new FetchScheduler({
    current: () => view,
    request: (range) =>
      new Promise((resolve) => {
        requests.push({ range, seen: { ...view.viewport }, resolve });
      }),
    onAnswer: (answer) => answers.push(answer),
  });
  return { view, requests, answers, scheduler };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('FetchScheduler', () => {
  it('asks for nothing while the viewport and its margin are loaded', () => {
    const { view, requests, scheduler } = setup(loaded(0, 120));
    view.viewport = { from: 10, to: 20 };
    scheduler.consider();
    vi.advanceTimersByTime(1_000);
    expect(requests).toHaveLength(0);
  });

  it('fetches blanks on screen almost at once, centred on the viewport', () => {
    const { view, requests, scheduler } = setup(loaded(0, 120));
    view.viewport = { from: 50_000, to: 50_012 };
    scheduler.consider();
    vi.advanceTimersByTime(MIN_FETCH_DELAY_MS - 1);
    expect(requests).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(requests).toHaveLength(1);
    const { range } = requests[0]!;
    expect(range.from).toBeLessThan(50_000);
    expect(range.to).toBeGreaterThan(50_012);
    expect(50_006 - range.from).toBe(range.to - 50_006);
  });

  it('loads ahead near the edge of the loaded rows after a short wait', () => {
    const { view, requests, scheduler } = setup(loaded(0, 120));
    view.viewport = { from: 100, to: 110 };
    scheduler.consider();
    vi.advanceTimersByTime(PREFETCH_DELAY_MS - 1);
    expect(requests).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(requests).toHaveLength(1);
  });

  it('throttles requests during a scrollbar drag and asks for where the user is at each fire', () => {
    const { view, requests, scheduler } = setup(loaded(0, 120));
    for (let step = 1; step <= 50; step += 1) {
      view.viewport = { from: step * 1_000, to: step * 1_000 + 12 };
      scheduler.consider();
      vi.advanceTimersByTime(10);
    }
    // 500 ms of dragging: one request per interval, not one per scroll event.
    expect(requests.length).toBeGreaterThan(2);
    expect(requests.length).toBeLessThanOrEqual(Math.ceil(500 / URGENT_FETCH_INTERVAL_MS) + 1);
    for (const { range, seen } of requests) {
      expect(range.from).toBeLessThanOrEqual(seen.from);
      expect(range.to).toBeGreaterThanOrEqual(seen.to);
    }
  });

  it('drops an answer for a place the user has left, and asks again for the new place', async () => {
    const { view, requests, answers, scheduler } = setup(loaded(0, 120));
    view.viewport = { from: 30_000, to: 30_012 };
    scheduler.consider();
    vi.advanceTimersByTime(MIN_FETCH_DELAY_MS);
    view.viewport = { from: 70_000, to: 70_012 };
    requests[0]!.resolve(answerFor(requests[0]!.range));
    await vi.advanceTimersByTimeAsync(URGENT_FETCH_INTERVAL_MS);
    expect(answers).toHaveLength(0);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.range.from).toBeGreaterThan(69_000);
    requests[1]!.resolve(answerFor(requests[1]!.range));
    await vi.advanceTimersByTimeAsync(0);
    expect(answers).toHaveLength(1);
  });

  it('drops an answer older than one already applied', async () => {
    const { view, requests, answers, scheduler } = setup(loaded(0, 120));
    view.viewport = { from: 30_000, to: 30_012 };
    scheduler.consider();
    vi.advanceTimersByTime(MIN_FETCH_DELAY_MS);
    view.viewport = { from: 30_005, to: 30_017 };
    vi.advanceTimersByTime(URGENT_FETCH_INTERVAL_MS);
    scheduler.consider();
    vi.advanceTimersByTime(URGENT_FETCH_INTERVAL_MS);
    expect(requests).toHaveLength(2);
    requests[1]!.resolve(answerFor(requests[1]!.range));
    await vi.advanceTimersByTimeAsync(0);
    requests[0]!.resolve(answerFor(requests[0]!.range));
    await vi.advanceTimersByTimeAsync(0);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.ok && answers[0]!.data.offset).toBe(requests[1]!.range.from);
  });

  it('drops answers still on their way when cancelled', async () => {
    const { view, requests, answers, scheduler } = setup(loaded(0, 120));
    view.viewport = { from: 30_000, to: 30_012 };
    scheduler.consider();
    vi.advanceTimersByTime(MIN_FETCH_DELAY_MS);
    scheduler.cancel();
    requests[0]!.resolve(answerFor(requests[0]!.range));
    await vi.advanceTimersByTimeAsync(0);
    expect(answers).toHaveLength(0);
  });

  it('backs off after a failed request', async () => {
    const { view, requests, answers, scheduler } = setup(loaded(0, 120));
    view.viewport = { from: 30_000, to: 30_012 };
    scheduler.consider();
    vi.advanceTimersByTime(MIN_FETCH_DELAY_MS);
    requests[0]!.resolve({ ok: false, error: { code: 'RATE_LIMITED', message: 'slow down' } });
    await vi.advanceTimersByTimeAsync(0);
    expect(answers).toHaveLength(1);
    scheduler.consider();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(requests).toHaveLength(2);
  });
});
