// Pushes (gateway → browser). Every account event carries `seq`, increasing per account.
import type { ErrorCode } from './errors.ts';
import type { MessageSummary } from './mail.ts';

/**
 * A mailbox's counts after the event that carries them: what its row in the folder list shows.
 * The three list events carry them, so a change in the open mailbox is one push, not a list
 * event plus a `mailbox:countsChanged`: one socket write per tab instead of two (the writes
 * were a fifth of the gateway's CPU in bench many-accounts' mailing-list rounds).
 */
export interface MailboxCounts {
  /** Messages in the mailbox. */
  total: number;
  /** Messages without \Seen. */
  unread: number;
}

/**
 * The most new messages one `message:added` lists. A bigger arrival (100,000 messages moved
 * back by an undo, or from another client) lists its newest this many and counts the rest.
 */
export const MAX_LISTED_ADDED = 200;

export interface MessageAddedEvent extends MailboxCounts {
  seq: number;
  mailbox: string;
  uidValidity: number;
  /** Newest first; they take positions 0..n-1 and push the rest down. */
  messages: MessageSummary[];
  /**
   * New messages past MAX_LISTED_ADDED, not listed: older than `messages`, newer than any
   * before, they take the positions after them (n..n+unlisted-1). Absent when all are listed.
   */
  unlisted?: number;
  /**
   * How many of the unlisted are unread (a notification's count), leaving out those an undo
   * put back. Absent with `unlisted`.
   */
  unlistedUnread?: number;
  /**
   * UIDs among `messages` that an undo (`action:undo`) put back into this mailbox: shown like
   * the rest, but not new mail, so not announced. Absent when there are none.
   */
  restored?: number[];
}

export interface MessageExpungedEvent extends MailboxCounts {
  seq: number;
  mailbox: string;
  uidValidity: number;
  /** Each removed UID with its display position just before this event (newest = 0), highest position first. */
  removed: { uid: number; position: number }[];
}

export interface MessageFlagsChangedEvent extends MailboxCounts {
  seq: number;
  mailbox: string;
  uidValidity: number;
  changes: { uid: number; flags: string[] }[];
}

/** A folder's counts changed by something other than a list event of the open mailbox. */
export interface MailboxCountsChangedEvent extends MailboxCounts {
  seq: number;
  mailbox: string;
}

/** Most messages one `mailbox:arrived` names (a burst of mail is a count, not a list). */
export const MAX_ARRIVED_MESSAGES = 5;

/**
 * New unread mail reached a folder that is not the open one (the Inbox): who sent it, so a
 * notification can say so whatever folder the tabs have open. The counts come separately.
 */
export interface MailboxArrivedEvent {
  seq: number;
  mailbox: string;
  uidValidity: number;
  /** How many new unread messages arrived. */
  count: number;
  /** The newest of them, newest first, at most MAX_ARRIVED_MESSAGES. */
  messages: MessageSummary[];
}

/** The mailbox's uidValidity changed, or it was deleted: reload it (or leave it if gone). */
export interface MailboxResetEvent {
  seq: number;
  mailbox: string;
  /** The new UIDVALIDITY; 0 when the folder no longer exists. */
  uidValidity: number;
}

/** Folders were created, renamed or deleted (by any client): list them again. */
export interface MailboxListChangedEvent {
  seq: number;
}

/**
 * The gateway cannot replay what this tab missed (its log moved on, or the gateway restarted):
 * list the folders and reload the open mailbox's window.
 */
export interface AccountResyncEvent {
  seq: number;
}

export const ImapLinkState = {
  /** IDLE is running: changes are pushed. */
  Live: 'live',
  Connecting: 'connecting',
  Reconnecting: 'reconnecting',
} as const;
export type ImapLinkState = (typeof ImapLinkState)[keyof typeof ImapLinkState];

export interface AccountStatusEvent {
  imap: ImapLinkState;
  /** Epoch ms of the next reconnect attempt, while reconnecting. */
  retryAt?: number;
}

export interface SessionEndedEvent {
  code: ErrorCode;
  message: string;
}
