import { z } from 'zod';
import { mailboxPathSchema, uidValiditySchema, type MessageSummary } from './mail.ts';

/** The most threads one `message:threads` request may ask for; the browser pages for more. */
export const MAX_THREAD_PAGE = 100;
export const DEFAULT_THREAD_PAGE = 50;
/**
 * List rows sent with each thread: its newest messages. A longer thread's older messages are
 * named by `uids` only, so one answer stays small however long a discussion grew.
 */
export const THREAD_ROWS_LIMIT = 25;
/**
 * Without THREAD on the server, the gateway groups the newest this many messages by their
 * Message-ID / In-Reply-To / References headers (older ones are not threaded), so a
 * 100,000-message mailbox never makes it fetch every header.
 */
export const HEADER_THREADING_LIMIT = 5_000;

/** How the gateway found the threads. */
export const ThreadMethod = {
  /** The server's `UID THREAD REFS` (else REFERENCES, RFC 5256), over the whole mailbox. */
  Server: 'server',
  /** The gateway's own grouping of the newest HEADER_THREADING_LIMIT messages' headers. */
  Headers: 'headers',
} as const;
export type ThreadMethod = (typeof ThreadMethod)[keyof typeof ThreadMethod];

/** `auto`: the server's THREAD where offered, else headers; `headers` forces the fallback. */
export const ThreadSource = { Auto: 'auto', Headers: 'headers' } as const;
export type ThreadSource = (typeof ThreadSource)[keyof typeof ThreadSource];

export const messageThreadsRequestSchema = z
  .object({
    mailbox: mailboxPathSchema,
    uidValidity: uidValiditySchema,
    /** Index of the first thread wanted, 0 = the one with the newest message. */
    offset: z.number().int().min(0).max(0xffff_ffff),
    limit: z.number().int().min(1).max(MAX_THREAD_PAGE),
    source: z.enum([ThreadSource.Auto, ThreadSource.Headers]).optional(),
  })
  .strict();
export type MessageThreadsRequest = z.infer<typeof messageThreadsRequestSchema>;

/** One conversation: every message of it in this mailbox, named by UID. */
export interface ThreadSummary {
  /** Every message of the thread, newest (highest UID) first; `uids[0]` is the thread's row. */
  uids: number[];
  /** How many of them are not \Seen. */
  unread: number;
  /** True when any of them is \Flagged. */
  flagged: boolean;
  /** Rows of the newest THREAD_ROWS_LIMIT messages, newest first. */
  messages: MessageSummary[];
}

/** A page of a mailbox's threads, newest activity first. */
export interface ThreadPage {
  mailbox: string;
  uidValidity: number;
  method: ThreadMethod;
  /** Messages in the mailbox. */
  total: number;
  /** Messages that were threaded: all of them, or the newest HEADER_THREADING_LIMIT. */
  threaded: number;
  /** Threads found among them. */
  totalThreads: number;
  offset: number;
  threads: ThreadSummary[];
}
