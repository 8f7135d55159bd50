import { describe, expect, it } from 'vitest';
import type { MailboxInfo, MessageSummary } from '@tidings/protocol';
import { arrivalFromAdded, arrivalFromCounts } from './inboxArrivals.ts';

const summary = (uid: number, flags: string[] = []): MessageSummary => ({
  uid,
  from: [],
  to: [],
  subject: `m${uid}`,
  date: '2026-01-01T00:00:00Z',
  flags,
  size: 1,
});

const inbox: MailboxInfo = {
  path: 'INBOX',
  name: 'INBOX',
  delimiter: '/',
  role: 'inbox',
  total: 10,
  unread: 2,
  selectable: true,
};

describe('inbox arrivals', () => {
  it('come from unread mail added to the Inbox', () => {
    const event = { seq: 1, mailbox: 'INBOX', uidValidity: 1, total: 12 };
    expect(
      arrivalFromAdded({ ...event, messages: [summary(12), summary(11, ['\\Seen'])] }),
    ).toEqual({ count: 1, latest: summary(12) });
    expect(arrivalFromAdded({ ...event, messages: [summary(11, ['\\Seen'])] })).toBeNull();
    expect(arrivalFromAdded({ ...event, mailbox: 'Work', messages: [summary(12)] })).toBeNull();
  });

  it('come from the Inbox counts while another folder is open', () => {
    const grew = { seq: 2, mailbox: 'INBOX', total: 12, unread: 4 };
    expect(arrivalFromCounts(inbox, grew, 'Work')).toEqual({ count: 2, latest: null });
    // The Inbox is open: message:added tells it.
    expect(arrivalFromCounts(inbox, grew, 'INBOX')).toBeNull();
    // Marked unread by hand: no new mail.
    expect(arrivalFromCounts(inbox, { ...grew, total: 10 }, 'Work')).toBeNull();
  });
});
