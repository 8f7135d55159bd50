// Windows and pushes for the message list reducer's tests (messageWindow, receiveWindow,
// sortedWindow): a mailbox where, newest first, position p holds UID total - p.
import type { MessageSummary, MessageWindow, SortOrder } from '@tidings/protocol';
import { windowFromResponse, type MailboxEvent, type MessageWindowState } from './messageWindow.ts';
export const MAILBOX = 'INBOX';
export const UID_VALIDITY = 7;

export function summary(uid: number, flags: string[] = []): MessageSummary {
  return {
    uid,
    from: [{ name: `Sender ${uid}`, address: `s${uid}@example.test` }],
    to: [],
    subject: `Subject ${uid}`,
    date: '2025-03-04T10:00:00Z',
    flags,
    size: 1000,
  };
}

/** A window whose rows carry UIDs `uids`, starting at `offset`. */
export function response(
  offset: number,
  uids: number[],
  total: number,
  seq: number,
  mailbox = MAILBOX,
  sort?: SortOrder,
): MessageWindow {
  return {
    mailbox,
    uidValidity: UID_VALIDITY,
    total,
    unread: 0,
    offset,
    messages: uids.map((uid) => summary(uid)),
    seq,
    ...(sort && { sort }),
  };
}

export function state(offset: number, uids: number[], total: number, seq = 10): MessageWindowState {
  return windowFromResponse(response(offset, uids, total, seq));
}

/** A window in another order than newest first: the UIDs at its positions are the test's. */
export function sortedState(
  sort: SortOrder,
  offset: number,
  uids: number[],
  total: number,
  seq = 10,
): MessageWindowState {
  return windowFromResponse(response(offset, uids, total, seq, MAILBOX, sort));
}

/** UIDs in a mailbox of `total` messages where position p holds UID total - p (newest first). */
export function uidsAt(total: number, from: number, to: number): number[] {
  const uids: number[] = [];
  for (let p = from; p < to; p += 1) uids.push(total - p);
  return uids;
}

export function added(seq: number, uids: number[], total: number, mailbox = MAILBOX): MailboxEvent {
  return {
    type: 'added',
    event: {
      seq,
      mailbox,
      uidValidity: UID_VALIDITY,
      total,
      unread: 0,
      messages: uids.map((uid) => summary(uid)),
    },
  };
}

export function expunged(
  seq: number,
  removed: { uid: number; position: number }[],
  total: number,
  mailbox = MAILBOX,
): MailboxEvent {
  return {
    type: 'expunged',
    event: { seq, mailbox, uidValidity: UID_VALIDITY, total, unread: 0, removed },
  };
}

export function flagsChanged(
  seq: number,
  changes: { uid: number; flags: string[] }[],
  mailbox = MAILBOX,
): MailboxEvent {
  return {
    type: 'flagsChanged',
    event: { seq, mailbox, uidValidity: UID_VALIDITY, total: 0, unread: 0, changes },
  };
}

export const uidsOf = (s: MessageWindowState) => s.rows.map((row) => row.uid);
