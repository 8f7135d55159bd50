import {
  Events,
  type MailboxCountsChangedEvent,
  type ServerToClientEvents,
} from '@tidings/protocol';
import {
  AccountEventLog,
  EVENT_LOG_CAPACITY,
  type LoggedEvent,
  type PayloadOf,
  type SequencedEvent,
} from './event-log.ts';

/** Where an account session's pushes go: every socket of the account. */
export interface AccountSink {
  emit<E extends keyof ServerToClientEvents>(event: E, payload: PayloadOf<E>): void;
}

/** Events whose payload holds a folder's counts, as the tabs will show them (MailboxCounts). */
const CARRIES_COUNTS: ReadonlySet<SequencedEvent> = new Set([
  Events.MailboxCountsChanged,
  Events.MessageAdded,
  Events.MessageExpunged,
  Events.MessageFlagsChanged,
]);

type Counts = Omit<MailboxCountsChangedEvent, 'seq'>;

/**
 * An account's numbered pushes: each gets the next `seq`, goes into the bounded log a
 * reconnecting tab replays from, and out to every socket of the account. Counts a push carries
 * are reported to `countsTold`, whoever pushed them (the watched state or the folder watch):
 * the tabs now hold these.
 */
export class AccountPushes {
  private readonly log: AccountEventLog;

  constructor(
    private readonly sink: AccountSink,
    private readonly countsTold: (counts: Counts) => void,
    firstSeq?: number,
  ) {
    this.log = new AccountEventLog(EVENT_LOG_CAPACITY, firstSeq);
  }

  /** The last push's number. */
  get seq(): number {
    return this.log.seq;
  }

  /** What a tab that applied `lastSeq` missed; null when it must resync instead. */
  since(lastSeq: number): LoggedEvent[] | null {
    return this.log.since(lastSeq);
  }

  push<E extends SequencedEvent>(event: E, payload: Omit<PayloadOf<E>, 'seq'>): void {
    // Each event in CARRIES_COUNTS has MailboxCounts in its payload.
    if (CARRIES_COUNTS.has(event)) this.countsTold(payload as unknown as Counts);
    this.sink.emit(event, this.log.append(event, payload));
  }
}
