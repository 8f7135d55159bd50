import {
  Flag,
  hasFlag,
  type MailboxCountsChangedEvent,
  type MailboxInfo,
  type MessageAddedEvent,
  type MessageSummary,
} from '@tidings/protocol';

/** New mail in the Inbox, for a desktop notification. */
export interface InboxArrival {
  /** How many unread messages arrived. */
  count: number;
  /** The newest of them, when the list saw it (the Inbox is open); else only the count is known. */
  latest: MessageSummary | null;
}

/** RFC 3501 §5.1: INBOX in any case. */
export function isInboxPath(path: string): boolean {
  return path.toUpperCase() === 'INBOX';
}

/** Unread mail added to the Inbox (pushed while the Inbox is the open folder). */
export function arrivalFromAdded(event: MessageAddedEvent): InboxArrival | null {
  if (!isInboxPath(event.mailbox)) return null;
  const unread = event.messages.filter((message) => !hasFlag(message.flags, Flag.Seen));
  return unread.length > 0 ? { count: unread.length, latest: unread[0]! } : null;
}

/**
 * While another folder is open, the Inbox's new mail shows only in its counts: more messages
 * and more unread ones. (With the Inbox open, `message:added` says it, with the sender.)
 */
export function arrivalFromCounts(
  before: MailboxInfo | undefined,
  event: MailboxCountsChangedEvent,
  openFolder: string,
): InboxArrival | null {
  if (!before || !isInboxPath(event.mailbox) || isInboxPath(openFolder)) return null;
  const more = event.unread - before.unread;
  return more > 0 && event.total > before.total ? { count: more, latest: null } : null;
}
