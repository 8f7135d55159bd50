import type { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import { Events, Flag, hasFlag, MAX_ARRIVED_MESSAGES } from '@tidings/protocol';
import { SUMMARY_FETCH_QUERY, toMessageSummary } from '../imap/envelope.ts';
import type { PayloadOf, SequencedEvent } from './event-log.ts';

export const INBOX = 'INBOX';
/** The newest messages read when the Inbox grows: a burst bigger than this is named by count. */
export const MAX_ARRIVAL_FETCH = 20;

export interface InboxArrivalsDeps {
  logger: Logger;
  commandClient(): Promise<ImapFlow>;
  push<E extends SequencedEvent>(event: E, payload: Omit<PayloadOf<E>, 'seq'>): void;
  /** Which of these UIDs an undo put back (restored-mail.ts): not new mail. */
  restoredAmong?(path: string, uidValidity: number, uids: number[]): ReadonlySet<number>;
}

/** RFC 3501 §5.1: INBOX in any case. */
export function isInbox(path: string): boolean {
  return path.toUpperCase() === INBOX;
}

/**
 * Who sent the mail that reached the Inbox while another folder is watched. Other folders'
 * changes arrive as counts only (NOTIFY STATUS or STATUS sweeps, folder-counts.ts), which is
 * enough for badges but not for a notification that names the sender. So when the Inbox grows,
 * the newest messages' envelopes are read on the command connection (a few hundred bytes
 * each) and the unread ones not told before go out as `mailbox:arrived`.
 *
 * Told before: UIDs only grow (RFC 3501 §2.3.1.1), so remembering the highest UID already
 * seen, from these reads and from the watched mailbox's own `message:added`, keeps the same
 * message from being announced twice. Messages an undo put back are not announced at all.
 */
export class InboxArrivals {
  private uidValidity = 0;
  private seenUpTo = 0;
  private pending = 0;
  private running: Promise<void> | null = null;

  constructor(private readonly deps: InboxArrivalsDeps) {}

  /** The watched mailbox pushed these as `message:added`: the tabs know of them already. */
  noteShown(path: string, uidValidity: number, uids: readonly number[]): void {
    if (!isInbox(path) || uids.length === 0) return;
    if (uidValidity !== this.uidValidity) {
      this.uidValidity = uidValidity;
      this.seenUpTo = 0;
    }
    // A loop, not Math.max(...uids): a bulk arrival names 100,000 UIDs and more, past what
    // a call's arguments can hold (RangeError from about 125,000 on).
    for (const uid of uids) if (uid > this.seenUpTo) this.seenUpTo = uid;
  }

  /** The Inbox, not watched, now holds `added` more messages than before. */
  noteGrowth(added: number): void {
    this.pending += added;
    this.running ??= this.drain().finally(() => (this.running = null));
  }

  /** Resolves when no read is under way (tests). */
  settled(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async drain(): Promise<void> {
    while (this.pending > 0) {
      const added = this.pending;
      this.pending = 0;
      try {
        await this.announce(added);
      } catch (error) {
        // The counts have gone out anyway; only the sender's name is missing from a notification.
        this.deps.logger.warn(
          { err: { message: (error as Error).message } },
          'reading new Inbox mail failed',
        );
      }
    }
  }

  private async announce(added: number): Promise<void> {
    const client = await this.deps.commandClient();
    const lock = await client.getMailboxLock(INBOX);
    try {
      // A mailbox that stays selected learns of new mail when the server syncs it after a command.
      await client.noop();
      const box = client.mailbox;
      if (!box || box.exists === 0) return;
      const uidValidity = Number(box.uidValidity);
      if (uidValidity !== this.uidValidity) {
        this.uidValidity = uidValidity;
        this.seenUpTo = 0;
      }
      // New mail takes the highest sequence numbers (RFC 3501 §2.3.1.2).
      const first = Math.max(1, box.exists - Math.min(added, MAX_ARRIVAL_FETCH) + 1);
      const fetched = await client.fetchAll(`${first}:*`, SUMMARY_FETCH_QUERY);
      const fresh = fetched.filter((message) => message.uid > this.seenUpTo);
      if (fetched.length) {
        this.seenUpTo = Math.max(this.seenUpTo, ...fetched.map((m) => m.uid));
      }
      const restored = this.deps.restoredAmong?.(
        box.path,
        uidValidity,
        fresh.map((message) => message.uid),
      );
      const unread = fresh
        .filter((message) => !restored?.has(message.uid))
        .map((message) => toMessageSummary(message))
        .filter((summary) => !hasFlag(summary.flags, Flag.Seen))
        .sort((a, b) => b.uid - a.uid);
      if (unread.length === 0) return;
      this.deps.push(Events.MailboxArrived, {
        mailbox: box.path,
        uidValidity,
        count: unread.length,
        messages: unread.slice(0, MAX_ARRIVED_MESSAGES),
      });
    } finally {
      lock.release();
    }
  }
}
