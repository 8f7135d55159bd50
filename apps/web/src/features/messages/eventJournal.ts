import type { MailboxEvent } from './messageWindow.ts';

/** How many list events are remembered for replaying onto late window responses. */
export const JOURNAL_LIMIT = 512;

/**
 * The recent list events of the account, oldest first. A `message:list` answer is cut at some
 * seq; events newer than that may already have been applied to the screen, so they are
 * replayed onto the answer (see `receiveWindow`). The journal holds every event with a seq
 * above `floor`; for an answer older than the floor the replay is unknowable, and the answer
 * must be asked for again.
 */
export interface EventJournal {
  readonly floor: number;
  readonly entries: readonly MailboxEvent[];
}

export function emptyJournal(floor: number): EventJournal {
  return { floor, entries: [] };
}

export function recordEvent(
  journal: EventJournal,
  entry: MailboxEvent,
  limit = JOURNAL_LIMIT,
): EventJournal {
  const last = journal.entries.at(-1);
  if (entry.event.seq <= journal.floor || (last && entry.event.seq <= last.event.seq)) {
    return journal;
  }
  const entries = [...journal.entries, entry];
  if (entries.length <= limit) return { floor: journal.floor, entries };
  const dropped = entries.splice(0, entries.length - limit);
  return { floor: dropped.at(-1)?.event.seq ?? journal.floor, entries };
}

/** The events of `mailbox` newer than `seq`, or null when the journal no longer reaches back. */
export function eventsSince(
  journal: EventJournal,
  mailbox: string,
  seq: number,
): MailboxEvent[] | null {
  if (seq < journal.floor) return null;
  return journal.entries.filter((e) => e.event.seq > seq && e.event.mailbox === mailbox);
}
