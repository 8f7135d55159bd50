import type { ServerToClientEvents } from '@tidings/protocol';

/** Pushes that carry the account's `seq` and can be replayed to a tab that missed them. */
export type SequencedEvent = Exclude<
  keyof ServerToClientEvents,
  'account:status' | 'session:ended' | 'search:matched'
>;
export type PayloadOf<E extends keyof ServerToClientEvents> = Parameters<
  ServerToClientEvents[E]
>[0];

export interface LoggedEvent {
  seq: number;
  name: SequencedEvent;
  payload: unknown;
}

/** Events kept per account for replay: a few minutes of a busy mailbox. */
export const EVENT_LOG_CAPACITY = 2_000;

/**
 * Numbers an account's pushes and keeps the latest ones. socket.io delivers at most once, so a
 * tab that reconnects says which seq it applied last and gets the rest again, or, when they
 * are gone from the log (or the gateway restarted and `seq` began anew), an order to resync.
 */
export class AccountEventLog {
  /** Grows to `capacity`, then wraps: a quiet account (most of 1,000) holds a few slots, not 2,000. */
  private readonly ring: LoggedEvent[] = [];
  private next = 0;
  private current = 0;

  /** `firstSeq`: the seq before the first event (0, or a cluster owner's epoch base). */
  constructor(
    private readonly capacity = EVENT_LOG_CAPACITY,
    firstSeq = 0,
  ) {
    this.current = firstSeq;
  }

  get seq(): number {
    return this.current;
  }

  /** Stamps the next seq on a payload, keeps it, and returns the stamped payload. */
  append<E extends SequencedEvent>(name: E, payload: Omit<PayloadOf<E>, 'seq'>): PayloadOf<E> {
    this.current += 1;
    const stamped = { ...payload, seq: this.current } as PayloadOf<E>;
    const event = { seq: this.current, name, payload: stamped };
    if (this.ring.length < this.capacity) this.ring.push(event);
    else this.ring[this.next] = event;
    this.next = (this.next + 1) % this.capacity;
    return stamped;
  }

  /**
   * What a tab that applied `lastSeq` missed, oldest first; `null` when that cannot be
   * replayed: older than the log, or from a seq this log never issued.
   */
  since(lastSeq: number): LoggedEvent[] | null {
    if (lastSeq > this.current) return null;
    if (lastSeq === this.current) return [];
    const missed = this.current - lastSeq;
    if (missed > this.capacity) return null;
    const events: LoggedEvent[] = [];
    for (let i = missed; i >= 1; i--) {
      const event = this.ring[(this.next - i + this.capacity * 2) % this.capacity];
      if (!event || event.seq !== this.current - i + 1) return null;
      events.push(event);
    }
    return events;
  }
}
