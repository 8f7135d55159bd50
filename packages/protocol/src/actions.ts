import { z } from 'zod';
import {
  imapTextSchema,
  keywordSchema,
  mailboxPathSchema,
  uidSchema,
  uidValiditySchema,
  type MessageSummary,
} from './mail.ts';

/** Move, delete and archive can be undone this long after the gateway confirmed them. */
export const UNDO_WINDOW_MS = 10_000;

/**
 * The most messages one action names. A selection of a whole big folder goes as several
 * requests of at most this many (apps/web moveActions, messageActions).
 */
export const MAX_ACTION_UIDS = 10_000;

/**
 * The undo token of an earlier request of the same action (a batch of one selection): this
 * request's messages join its undo, and the answer's token, for UNDO_WINDOW_MS from then,
 * takes back both; the earlier token no longer works. For a token that expired or names
 * another move the answer has no token: taking back this request alone would be half an undo.
 */
export const joinUndoSchema = z.string().min(1).max(128);

const selection = {
  mailbox: mailboxPathSchema,
  uidValidity: uidValiditySchema,
  uids: z.array(uidSchema).min(1).max(MAX_ACTION_UIDS),
  joinUndo: z.optional(joinUndoSchema),
};

/**
 * Moves to Trash; in Trash (or with `permanently`) deletes for good, which the UI confirms
 * first and which cannot be undone.
 */
export const messageDeleteRequestSchema = z
  .object({ ...selection, permanently: z.boolean().optional() })
  .strict();
export type MessageDeleteRequest = z.infer<typeof messageDeleteRequestSchema>;

/** Moves to the special-use Archive folder, created if the account has none. */
export const messageArchiveRequestSchema = z.object(selection).strict();
export type MessageArchiveRequest = z.infer<typeof messageArchiveRequestSchema>;

/**
 * Reports messages as junk (`junk: true`: to the special-use Junk folder, created if missing,
 * with the keyword $Junk) or as not junk (to INBOX, with $NotJunk): the keywords of the IANA
 * registry (RFC 5788) that Thunderbird and Apple Mail set and server-side filters learn from.
 * Undone like a move; the undo also takes the keyword back off, and puts the opposite one back
 * where it was.
 */
export const messageJunkRequestSchema = z.object({ ...selection, junk: z.boolean() }).strict();
export type MessageJunkRequest = z.infer<typeof messageJunkRequestSchema>;

export const actionUndoRequestSchema = z.object({ token: z.string().min(1).max(128) }).strict();
export type ActionUndoRequest = z.infer<typeof actionUndoRequestSchema>;

export interface MoveResult {
  moved: number;
  /** Where the messages went; null when they were deleted for good. */
  destination: string | null;
  /** Pass to `action:undo` within UNDO_WINDOW_MS; null when nothing can be undone. */
  undo: string | null;
}

/** The longest search term, per field. */
const SEARCH_TERM_MAX = 256;

export const searchQuerySchema = z
  .object({
    /** Anywhere in headers or body (IMAP TEXT). */
    text: z.optional(/* @__PURE__ */ imapTextSchema(SEARCH_TERM_MAX)),
    from: z.optional(/* @__PURE__ */ imapTextSchema(SEARCH_TERM_MAX)),
    to: z.optional(/* @__PURE__ */ imapTextSchema(SEARCH_TERM_MAX)),
    subject: z.optional(/* @__PURE__ */ imapTextSchema(SEARCH_TERM_MAX)),
    body: z.optional(/* @__PURE__ */ imapTextSchema(SEARCH_TERM_MAX)),
    /** ISO dates (YYYY-MM-DD), inclusive. */
    since: z.iso.date().optional(),
    before: z.iso.date().optional(),
    unread: z.boolean().optional(),
    flagged: z.boolean().optional(),
    hasAttachment: z.boolean().optional(),
    /** Carries this keyword (IMAP KEYWORD): how a tag is searched for (tags.ts). */
    keyword: z.optional(keywordSchema),
  })
  .strict();
export type SearchQuery = z.infer<typeof searchQuerySchema>;

export const messageSearchRequestSchema = z
  .object({
    mailbox: mailboxPathSchema,
    query: searchQuerySchema,
    limit: z.number().int().min(1).max(500).optional(),
  })
  .strict();
export type MessageSearchRequest = z.infer<typeof messageSearchRequestSchema>;

/**
 * `search:everywhere`: the query in every folder but Trash and Junk (Gmail leaves those out of
 * "all mail" too), the newest matches over all of them. Run once, not kept live.
 */
export const searchEverywhereRequestSchema = z
  .object({
    query: searchQuerySchema,
    limit: z.number().int().min(1).max(200).optional(),
  })
  .strict();
export type SearchEverywhereRequest = z.infer<typeof searchEverywhereRequestSchema>;

/** One match of a search everywhere, with the folder it is in. */
export interface FolderMatch {
  mailbox: string;
  uidValidity: number;
  message: MessageSummary;
}

export interface SearchEverywhereResult {
  /** Every match in the folders searched. */
  total: number;
  /** The newest matches over all folders (by date), newest first, up to the limit. */
  matches: FolderMatch[];
  /** How many folders were searched. */
  folders: number;
  /** Folders that could not be searched (gone meanwhile, refused): their paths. */
  failed: string[];
}

export const searchCloseRequestSchema = z.object({ searchId: z.string().min(1).max(64) }).strict();
export type SearchCloseRequest = z.infer<typeof searchCloseRequestSchema>;

export interface SearchResult {
  /** Names this search for its live `search:matched` pushes until `search:close`. */
  searchId: string;
  mailbox: string;
  uidValidity: number;
  /** Every match on the server. */
  total: number;
  /** The newest matches, newest first, up to the limit. */
  messages: MessageSummary[];
}

/** New mail that matches a tab's open search (sent to that tab only). */
export interface SearchMatchedEvent {
  searchId: string;
  mailbox: string;
  total: number;
  messages: MessageSummary[];
}
