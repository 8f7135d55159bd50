import { describe, expect, it } from 'vitest';
import type { MailboxArrivedEvent, MessageSummary } from '@tidings/protocol';
import { arrivalFromAdded, arrivalFromArrived, arrivalNotice } from './inboxArrivals.ts';

const summary = (uid: number, flags: string[] = []): MessageSummary => ({
  uid,
  from: [],
  to: [],
  subject: `m${uid}`,
  date: '2026-01-01T00:00:00Z',
  flags,
  size: 1,
});

const fromBob = (uid: number, subject: string): MessageSummary => ({
  ...summary(uid),
  from: [{ name: 'Bob Builder', address: 'bob@example.test' }],
  subject,
});

describe('inbox arrivals', () => {
  it('come from unread mail added to the Inbox', () => {
    const event = { seq: 1, mailbox: 'INBOX', uidValidity: 1, total: 12, unread: 1 };
    expect(
      arrivalFromAdded({ ...event, messages: [summary(12), summary(11, ['\\Seen'])] }),
    ).toEqual({ count: 1, latest: summary(12) });
    expect(arrivalFromAdded({ ...event, messages: [summary(11, ['\\Seen'])] })).toBeNull();
    expect(arrivalFromAdded({ ...event, mailbox: 'Work', messages: [summary(12)] })).toBeNull();
  });

  it('count the unread of a bulk arrival that were not listed', () => {
    const event = { seq: 1, mailbox: 'INBOX', uidValidity: 1, total: 500, unread: 300 };
    expect(
      arrivalFromAdded({
        ...event,
        messages: [summary(500), summary(499, ['\\Seen'])],
        unlisted: 498,
        unlistedUnread: 299,
      }),
    ).toEqual({ count: 300, latest: summary(500) });
    // None of the listed is unread: a count, no sender to name.
    expect(
      arrivalFromAdded({
        ...event,
        messages: [summary(500, ['\\Seen'])],
        unlisted: 499,
        unlistedUnread: 4,
      }),
    ).toEqual({ count: 4, latest: null });
    expect(
      arrivalFromAdded({
        ...event,
        messages: [summary(500, ['\\Seen'])],
        unlisted: 499,
        unlistedUnread: 0,
      }),
    ).toBeNull();
  });

  it('leave out what an undo put back: shown, but not new mail', () => {
    const event = { seq: 1, mailbox: 'INBOX', uidValidity: 1, total: 3, unread: 3 };
    expect(
      arrivalFromAdded({ ...event, messages: [summary(13), summary(12)], restored: [13, 12] }),
    ).toBeNull();
    // New mail that came with them is still told, and named.
    expect(
      arrivalFromAdded({ ...event, messages: [summary(13), summary(12)], restored: [13] }),
    ).toEqual({ count: 1, latest: summary(12) });
  });

  it('come from mailbox:arrived while another folder is open, with the sender', () => {
    const arrived: MailboxArrivedEvent = {
      seq: 2,
      mailbox: 'INBOX',
      uidValidity: 1,
      count: 1,
      messages: [fromBob(13, 'Tea?')],
    };
    expect(arrivalFromArrived(arrived, 'Sent')).toEqual({
      count: 1,
      latest: fromBob(13, 'Tea?'),
    });
    // The Inbox is open: message:added told it already.
    expect(arrivalFromArrived(arrived, 'INBOX')).toBeNull();
    expect(arrivalFromArrived({ ...arrived, mailbox: 'Work' }, 'Sent')).toBeNull();
  });
});

describe('the notification', () => {
  it('names the sender and the subject of one new message, whatever folder is open', () => {
    const arrived: MailboxArrivedEvent = {
      seq: 3,
      mailbox: 'INBOX',
      uidValidity: 1,
      count: 1,
      messages: [fromBob(14, 'Tea?')],
    };
    expect(arrivalNotice(arrivalFromArrived(arrived, 'Sent')!)).toEqual({
      title: 'Bob Builder',
      body: 'Tea?',
    });
  });

  it('counts a burst and names the newest', () => {
    const arrived: MailboxArrivedEvent = {
      seq: 4,
      mailbox: 'INBOX',
      uidValidity: 1,
      count: 7,
      messages: [fromBob(21, 'Last one'), fromBob(20, 'Before')],
    };
    expect(arrivalNotice(arrivalFromArrived(arrived, 'Archive')!)).toEqual({
      title: '7 new messages',
      body: 'Bob Builder: Last one',
    });
    expect(arrivalNotice({ count: 2, latest: null })).toEqual({
      title: '2 new messages',
      body: 'In your Inbox',
    });
  });
});
