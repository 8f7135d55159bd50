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
