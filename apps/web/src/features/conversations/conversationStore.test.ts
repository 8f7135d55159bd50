import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Ack, MessageThreadsRequest, ThreadPage, ThreadSummary } from '@tidings/protocol';
import {
  ConversationStore,
  REFRESH_DEBOUNCE_MS,
  type ConversationSource,
} from './conversationStore.ts';

function thread(...uids: number[]): ThreadSummary {
  return { uids, unread: 0, flagged: false, messages: [] };
}

/** A gateway stand-in that answers from a list of threads the test changes. */
class FakeSource implements ConversationSource {
  threadsNow: ThreadSummary[] = [];
  requests: MessageThreadsRequest[] = [];
  private listener: (() => void) | null = null;
  private held: (() => void)[] = [];
  hold = false;

  threads = (request: MessageThreadsRequest): Promise<Ack<ThreadPage>> => {
    this.requests.push(request);
    const answer = (): Ack<ThreadPage> => ({
      ok: true,
      data: {
        mailbox: request.mailbox,
        uidValidity: request.uidValidity,
        method: 'server',
        total: this.threadsNow.flatMap((t) => t.uids).length,
        threaded: this.threadsNow.flatMap((t) => t.uids).length,
        totalThreads: this.threadsNow.length,
        offset: request.offset,
        threads: this.threadsNow.slice(request.offset, request.offset + request.limit),
      },
    });
    if (!this.hold) return Promise.resolve(answer());
    return new Promise((resolve) => this.held.push(() => resolve(answer())));
  };

  onListChange = (listener: () => void) => {
    this.listener = listener;
    return () => {
      this.listener = null;
    };
  };

  changed(): void {
    this.listener?.();
  }

  release(): void {
    for (const run of this.held.splice(0)) run();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe('conversation store', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('loads the first page, then re-reads once per burst of pushes', async () => {
    const source = new FakeSource();
    source.threadsNow = [thread(5, 1), thread(4)];
    const store = new ConversationStore(source, 'INBOX', 3);
    store.start();
    await settle();
    expect(store.getSnapshot().threads.map((t) => t.uids)).toEqual([[5, 1], [4]]);

    source.threadsNow = [thread(6, 4), thread(5, 1)];
    source.changed();
    source.changed();
    source.changed();
    expect(source.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(REFRESH_DEBOUNCE_MS);
    await settle();
    expect(source.requests).toHaveLength(2);
    expect(store.getSnapshot().threads.map((t) => t.uids)).toEqual([
      [6, 4],
      [5, 1],
    ]);

    store.stop();
    source.changed();
    await vi.advanceTimersByTimeAsync(REFRESH_DEBOUNCE_MS);
    expect(source.requests).toHaveLength(2);
  });

  it('a push during a refresh reads again afterwards; a page overtaken by it is dropped', async () => {
    const source = new FakeSource();
    source.threadsNow = Array.from({ length: 60 }, (_, i) => thread(100 - i));
    const store = new ConversationStore(source, 'INBOX', 3);
    store.start();
    await settle();
    expect(store.getSnapshot().threads).toHaveLength(50);

    source.hold = true;
    const more = store.loadMore();
    source.changed();
    await vi.advanceTimersByTimeAsync(REFRESH_DEBOUNCE_MS);
    source.changed();
    await vi.advanceTimersByTimeAsync(REFRESH_DEBOUNCE_MS);
    source.threadsNow = [thread(200), ...source.threadsNow];
    source.release();
    await more;
    await settle();
    source.release();
    await settle();
    source.hold = false;
    source.release();
    await settle();
    const threads = store.getSnapshot().threads;
    expect(threads[0]!.uids).toEqual([200]);
    // The first load, the refresh, and the one more that the push during it asked for.
    expect(source.requests.filter((r) => r.offset === 0)).toHaveLength(3);
    // No duplicates from the overtaken page.
    expect(new Set(threads.map((t) => t.uids[0])).size).toBe(threads.length);
  });
});
