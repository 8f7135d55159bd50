import type { MessageSummary } from '@tidings/protocol';

/**
 * Envelopes of recently shown messages, by UID, least recently used evicted first. Bounded so a
 * 100,000-message mailbox costs the gateway a window's worth of envelopes, not the mailbox.
 * Flags here may be stale: the mailbox state's flags are the truth and overlay these.
 */
export class SummaryCache {
  private readonly entries = new Map<number, MessageSummary>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(uid: number): MessageSummary | undefined {
    const entry = this.entries.get(uid);
    if (entry) {
      this.entries.delete(uid);
      this.entries.set(uid, entry);
    }
    return entry;
  }

  set(summary: MessageSummary): void {
    this.entries.delete(summary.uid);
    this.entries.set(summary.uid, summary);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as number;
      this.entries.delete(oldest);
    }
  }

  delete(uid: number): void {
    this.entries.delete(uid);
  }

  clear(): void {
    this.entries.clear();
  }
}
