import {
  Flag,
  hasFlag,
  type MailboxArrivedEvent,
  type MessageAddedEvent,
  type MessageSummary,
} from '@tidings/protocol';
import { senderLabel, subjectLabel } from '../messages/format.ts';
import { arrivalText } from './notificationSettings.ts';

/** New mail in the Inbox, for a desktop notification. */
export interface InboxArrival {
  /** How many unread messages arrived. */
  count: number;
  /** The newest of them; null when the gateway could name none. */
  latest: MessageSummary | null;
}

/** RFC 3501 §5.1: INBOX in any case. */
export function isInboxPath(path: string): boolean {
  return path.toUpperCase() === 'INBOX';
}

/**
 * Unread mail added to the Inbox (pushed while the Inbox is the open folder): the unread listed
 * rows, plus the unread among the messages a bulk arrival only counts. Messages an undo put
 * back are not new mail.
 */
export function arrivalFromAdded(event: MessageAddedEvent): InboxArrival | null {
  if (!isInboxPath(event.mailbox)) return null;
  const restored = new Set(event.restored);
  const unread = event.messages.filter(
    (message) => !hasFlag(message.flags, Flag.Seen) && !restored.has(message.uid),
  );
  const count = unread.length + (event.unlistedUnread ?? 0);
  return count > 0 ? { count, latest: unread[0] ?? null } : null;
}

/**
 * Unread mail that reached the Inbox while another folder is open: the gateway reads who sent
 * it and says so in `mailbox:arrived`. (With the Inbox open, `message:added` says it: a late
 * `mailbox:arrived` from just before the Inbox was opened is not told twice.)
 */
export function arrivalFromArrived(
  event: MailboxArrivedEvent,
  openFolder: string,
): InboxArrival | null {
  if (!isInboxPath(event.mailbox) || isInboxPath(openFolder) || event.count < 1) return null;
  return { count: event.count, latest: event.messages[0] ?? null };
}

/** What the desktop notification says of an arrival: who wrote and about what, or how many. */
export function arrivalNotice(arrival: InboxArrival): { title: string; body: string } {
  const { count, latest } = arrival;
  return arrivalText(
    count,
    latest ? { from: senderLabel(latest), subject: subjectLabel(latest) } : null,
  );
}
