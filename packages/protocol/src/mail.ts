import { z } from 'zod';
import type { SortOrder } from './sort.ts';

/** IMAP UIDs and UIDVALIDITY values are non-zero 32-bit unsigned integers (RFC 3501 §2.3.1.1). */
export const uidSchema = z.number().int().min(1).max(0xffff_ffff);
export const uidValiditySchema = z.number().int().min(1).max(0xffff_ffff);

/**
 * Text that goes into an IMAP command as a string. CR and LF end a command line and NUL is no
 * IMAP character (RFC 9051 §4.3): no mailbox name or search term can hold them, and imapflow
 * refuses to send them, so they are refused here with a reason the user can act on. Each call
 * is marked pure, as the vite config marks every zod builder call: the web app leaves zod out.
 */
export function imapTextSchema(maxLength: number, minLength = 0) {
  return z
    .string()
    .min(minLength)
    .max(maxLength)
    .refine((value) => !IMAP_TEXT_BREAKING.test(value), 'line breaks and NUL are not allowed here');
}
const IMAP_TEXT_BREAKING = /[\r\n\0]/;

/** A mailbox path as the server names it (with its hierarchy delimiter). */
export const mailboxPathSchema = /* @__PURE__ */ imapTextSchema(1024, 1);

/** Names one message for as long as the mailbox keeps its uidValidity. Never a sequence number. */
export const messageRefSchema = z.object({
  mailbox: mailboxPathSchema,
  uidValidity: uidValiditySchema,
  uid: uidSchema,
});
export type MessageRef = z.infer<typeof messageRefSchema>;

/** System flags and the common keywords the UI understands. Other keywords pass through. */
export const Flag = {
  Seen: '\\Seen',
  Flagged: '\\Flagged',
  Answered: '\\Answered',
  Deleted: '\\Deleted',
  Draft: '\\Draft',
  Forwarded: '$Forwarded',
  Junk: '$Junk',
  NotJunk: '$NotJunk',
} as const;
export type Flag = (typeof Flag)[keyof typeof Flag];

// eslint-disable-next-line no-control-regex -- control characters are exactly what must be refused
const FLAG_KEYWORD = /^[^\s(){%*"\\\]\x00-\x1f\x7f]+$/;

/**
 * A keyword as sent to the server (RFC 3501 §9 flag-keyword): an atom, no spaces, parentheses
 * or backslash; what SEARCH KEYWORD takes.
 */
export const keywordSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(FLAG_KEYWORD, 'not a valid IMAP keyword');

/** A flag as sent to the server: a keyword, or a system flag (`\Seen`: a backslash and an atom). */
export const flagSchema = z
  .string()
  .min(1)
  .max(64)
  .refine(
    (flag) => FLAG_KEYWORD.test(flag.startsWith('\\') ? flag.slice(1) : flag),
    'not a valid IMAP flag',
  );

/** Special-use roles (RFC 6154), lower-case without the backslash; `inbox` for INBOX. */
export const MailboxRole = {
  Inbox: 'inbox',
  Sent: 'sent',
  Drafts: 'drafts',
  Trash: 'trash',
  Junk: 'junk',
  Archive: 'archive',
  All: 'all',
  Flagged: 'flagged',
} as const;
export type MailboxRole = (typeof MailboxRole)[keyof typeof MailboxRole];

export interface Address {
  name: string;
  address: string;
}

/**
 * Addresses a list row names at most, per field. A list row shows a few; a message to a whole
 * mailing list may carry thousands, which every push and every cached row would otherwise
 * carry too. The reader (`message:get`) has them all.
 */
export const MAX_ROW_ADDRESSES = 20;

/** One row of the message list: what the list shows, never the body. */
export interface MessageSummary {
  uid: number;
  /** At most MAX_ROW_ADDRESSES. */
  from: Address[];
  /** At most MAX_ROW_ADDRESSES. */
  to: Address[];
  subject: string;
  /** ISO 8601; the Date header, else the internal date. */
  date: string;
  flags: string[];
  /** RFC822.SIZE in bytes. */
  size: number;
  /** A short plain-text preview where the server offers PREVIEW/SNIPPET; else absent. */
  preview?: string;
}

export interface MailboxInfo {
  path: string;
  /** The last hierarchy level, for display. */
  name: string;
  delimiter: string;
  role: MailboxRole | null;
  total: number;
  unread: number;
  /** False for \Noselect containers. */
  selectable: boolean;
}

/**
 * A contiguous slice of a mailbox in display order: position 0 is the newest message, or the
 * first in `sort` when the request asked for another order.
 */
export interface MessageWindow {
  mailbox: string;
  uidValidity: number;
  total: number;
  unread: number;
  offset: number;
  messages: MessageSummary[];
  /** The order asked for, when not the live one (newest first); positions follow it. */
  sort?: SortOrder;
  /** The account event seq this window is consistent with: apply only later events to it. */
  seq: number;
}

export function hasFlag(flags: readonly string[], flag: string): boolean {
  const wanted = flag.toLowerCase();
  return flags.some((f) => f.toLowerCase() === wanted);
}
