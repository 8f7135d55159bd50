import { z } from 'zod';
import type { Address } from './mail.ts';
import { mailboxPathSchema, uidSchema, uidValiditySchema } from './mail.ts';
import type { ListUnsubscribe } from './unsubscribe.ts';

/** Asks for one message's headers, readable body and attachment list (never the attachments). */
export const messageGetRequestSchema = z
  .object({
    mailbox: mailboxPathSchema,
    uidValidity: uidValiditySchema,
    uid: uidSchema,
  })
  .strict();
export type MessageGetRequest = z.infer<typeof messageGetRequestSchema>;

/** A MIME part that is not shown inline as the body: downloaded on demand from the gateway. */
export interface AttachmentInfo {
  /** IMAP body part specifier (RFC 3501 §6.4.5), e.g. "2" or "1.3". */
  part: string;
  /** Decoded (RFC 2047/2231), made safe for display; never empty ("attachment" at worst). */
  filename: string;
  contentType: string;
  /** Encoded size as the server reports it; the download may differ slightly. */
  size: number;
  /** Referenced from the HTML body as `cid:` (an inline image). */
  contentId?: string;
  inline: boolean;
}

export type MessageBody =
  | { kind: 'html'; html: string }
  | { kind: 'text'; text: string; flowed: boolean }
  | { kind: 'empty' };

/** A message/rfc822 part shown readable inside its parent (a forwarded message). */
export interface AttachedMessage {
  part: string;
  subject: string;
  from: Address[];
  to: Address[];
  date: string | null;
  body: MessageBody;
}

/** When an event starts or ends, as far as the invitation lets it be placed. */
export type EventTime =
  /** All day (VALUE=DATE): YYYY-MM-DD. */
  | { kind: 'date'; date: string }
  /** A moment: UTC, or a time in a zone the gateway knows (IANA), as ISO 8601 in UTC. */
  | { kind: 'instant'; iso: string }
  /** Wall time (YYYY-MM-DDTHH:MM) in a zone the gateway cannot place, or none (floating). */
  | { kind: 'local'; local: string; zone: string | null };

export type Weekday = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';

/** How an event repeats: its RRULE (RFC 5545 §3.3.10), the parts a card can say in words. */
export interface Recurrence {
  frequency: 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
  /** Every this many days, weeks, months or years (INTERVAL; 1 by default). */
  interval: number;
  /** BYDAY: weekdays, with an ordinal in monthly and yearly rules (1: the first, -1: the last). */
  days: { day: Weekday; nth: number | null }[];
  /** BYMONTHDAY: days of the month (-1: the last). */
  monthDays: number[];
  /** COUNT: this many times in all; null when not counted. */
  count: number | null;
  /** UNTIL: the last time is no later than this; null when open-ended or counted. */
  until: EventTime | null;
  /** The rule has parts not said here (BYSETPOS, BYMONTH, exceptions...): the file has all. */
  partial: boolean;
}

/** A calendar invitation the message carries (iMIP, RFC 6047): its first event, as the text/calendar part says. */
export interface Invitation {
  /** The calendar part: downloaded, it adds the event to a calendar. */
  part: string;
  /** REQUEST (an invitation), CANCEL, REPLY, PUBLISH... upper case; null when it names none. */
  method: string | null;
  summary: string;
  start: EventTime | null;
  end: EventTime | null;
  location: string | null;
  organizer: Address | null;
  /** METHOD:CANCEL or STATUS:CANCELLED: the event is off. */
  cancelled: boolean;
  /** How it repeats; null for a single event (or a rule too unusual to put in words). */
  repeats: Recurrence | null;
}

/** `message:rsvp`: the user's answer to an invitation, sent to its organizer (iTIP REPLY, RFC 5546). */
export const messageRsvpRequestSchema = z
  .object({
    mailbox: mailboxPathSchema,
    uidValidity: uidValiditySchema,
    uid: uidSchema,
    answer: z.enum(['ACCEPTED', 'TENTATIVE', 'DECLINED']),
  })
  .strict();
export type MessageRsvpRequest = z.infer<typeof messageRsvpRequestSchema>;

export interface RsvpResult {
  /** The organizer's address the answer went to. */
  sentTo: string;
}

export interface MessageDetail {
  mailbox: string;
  uidValidity: number;
  uid: number;
  subject: string;
  from: Address[];
  to: Address[];
  cc: Address[];
  replyTo: Address[];
  /** ISO 8601, or null when the Date header is missing or unreadable. */
  date: string | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  flags: string[];
  size: number;
  body: MessageBody;
  attachments: AttachmentInfo[];
  attachedMessages: AttachedMessage[];
  /** How to leave the mailing list it came from; null when it names no way. */
  unsubscribe: ListUnsubscribe | null;
  /** The mailing list's id (List-Id, RFC 2919: the part in angle brackets); null: none. */
  listId: string | null;
  /** The event it invites to (or cancels); null when it carries none that could be read. */
  invitation: Invitation | null;
  /**
   * Set when the message could not be fully understood (broken MIME, unknown charset): what
   * could be read is shown, with this note and a link to the raw source.
   */
  problem: string | null;
}

/** HTTP routes of the reader; every one takes `mailbox`, `uidValidity`, `uid` as query parameters. */
export const MessageHttpPath = {
  /** `&part=`: streams one part as a download (Content-Disposition: attachment). */
  Attachment: '/api/message/attachment',
  /** `&cid=`: an inline image of the HTML body, by Content-ID. */
  InlineImage: '/api/message/inline',
  /** The raw RFC 5322 source, as text/plain. */
  Source: '/api/message/source',
} as const;
