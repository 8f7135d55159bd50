import { z } from 'zod';
import { mailboxPathSchema, uidSchema, uidValiditySchema } from './mail.ts';

/**
 * How to leave the mailing list a message came from, as its List-Unsubscribe header
 * (RFC 2369) offers: by mail, which the gateway sends for the user (`message:unsubscribe`), or
 * on a web page the browser opens. Where both are offered the reader unsubscribes by mail: it
 * is done inside Tidings, and no page learns anything about the reader.
 */
export interface ListUnsubscribe {
  /** The list's name from List-Id (RFC 2919), else its address; may be empty. */
  list: string;
  /** The address an unsubscribe request goes to; null when the list offers none. */
  mailto: string | null;
  /** An http(s) page that unsubscribes; null when the list offers none. */
  url: string | null;
}

/**
 * Sends the unsubscribe request the message's List-Unsubscribe names by mail, as the user. The
 * gateway reads the header itself: a tab names the message, never the address.
 */
export const messageUnsubscribeRequestSchema = z
  .object({ mailbox: mailboxPathSchema, uidValidity: uidValiditySchema, uid: uidSchema })
  .strict();
export type MessageUnsubscribeRequest = z.infer<typeof messageUnsubscribeRequestSchema>;

export interface UnsubscribeResult {
  /** Where the request went. */
  sentTo: string;
}
