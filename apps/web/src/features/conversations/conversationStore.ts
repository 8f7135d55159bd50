import {
  DEFAULT_THREAD_PAGE,
  MAX_THREAD_PAGE,
  type Ack,
  type MessageThreadsRequest,
  type ThreadPage,
  type ThreadSummary,
} from '@tidings/protocol';
import {
  emptyConversations,
  receivePages,
  setExpanded,
  type ConversationState,
} from './conversationView.ts';

/**
 * Pushes come in bursts (a delivery of several messages, a bulk flag change, Dovecot's own
 * batching): one re-read of the thread structure after the burst settles serves them all.
 */
export const REFRESH_DEBOUNCE_MS = 300;

/** What the conversations need of the account: the request, and word of list changes. */
export interface ConversationSource {
  threads(request: MessageThreadsRequest): Promise<Ack<ThreadPage>>;
  /** Calls `listener` whenever the open folder's messages or flags may have changed. */
  onListChange(listener: () => void): () => void;
}

/**
 * One folder's conversations for the list: loads pages of threads as the user scrolls and, while
 * shown, re-reads the loaded threads (debounced) after every push that may change them
 * (messages added or expunged, flags changed, a reconnect): the gateway answers the structure,
 * so a reply from another client joins its thread without a reload.
 */
export class ConversationStore {
  private state: ConversationState;
  private readonly listeners = new Set<() => void>();
  /** Bumped by every refresh; a page answer from before it is dropped. */
  private serial = 0;
  private refreshing = false;
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly source: ConversationSource,
    mailbox: string,
    uidValidity: number,
  ) {
    this.state = emptyConversations(mailbox, uidValidity);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ConversationState => this.state;

  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.source.onListChange(() => this.scheduleRefresh());
    void this.refresh();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.serial += 1;
  }

  /** The user scrolled near the end of the loaded threads. */
  async loadMore(): Promise<void> {
    const { threads, totalThreads, loading } = this.state;
    if (loading || this.refreshing || threads.length >= totalThreads) return;
    const serial = this.serial;
    this.update({ ...this.state, loading: true });
    const answer = await this.page(threads.length, DEFAULT_THREAD_PAGE);
    if (serial !== this.serial) return;
    if (!answer.ok)
      return this.update({ ...this.state, loading: false, error: answer.error.message });
    this.update(receivePages({ ...this.state, loading: false }, [answer.data], false));
  }

  toggle(thread: ThreadSummary, open: boolean): void {
    this.update(setExpanded(this.state, thread, open));
  }

  private scheduleRefresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, REFRESH_DEBOUNCE_MS);
  }

  /** Re-reads as many threads as are loaded (at least a page), page by page, then swaps them in. */
  private async refresh(): Promise<void> {
    if (this.refreshing) {
      this.dirty = true;
      return;
    }
    this.refreshing = true;
    const serial = ++this.serial;
    try {
      const wanted = Math.max(DEFAULT_THREAD_PAGE, this.state.threads.length);
      const pages: ThreadPage[] = [];
      for (let offset = 0; offset < wanted; offset += MAX_THREAD_PAGE) {
        const answer = await this.page(offset, Math.min(MAX_THREAD_PAGE, wanted - offset));
        if (serial !== this.serial) return;
        if (!answer.ok) {
          this.update({ ...this.state, loading: false, error: answer.error.message });
          return;
        }
        pages.push(answer.data);
        if (offset + MAX_THREAD_PAGE >= answer.data.totalThreads) break;
      }
      this.update(receivePages(this.state, pages, true));
    } finally {
      this.refreshing = false;
      if (this.dirty && serial === this.serial) {
        this.dirty = false;
        void this.refresh();
      }
    }
  }

  private page(offset: number, limit: number): Promise<Ack<ThreadPage>> {
    const { mailbox, uidValidity } = this.state;
    return this.source.threads({ mailbox, uidValidity, offset, limit });
  }

  private update(next: ConversationState): void {
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}
