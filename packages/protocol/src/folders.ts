import { z } from 'zod';
import { mailboxPathSchema } from './mail.ts';

/** The longest folder name (one level of its path) a user may type. */
export const MAX_FOLDER_NAME = 200;

/**
 * Why `name` cannot be one level of a folder's path, in words for the user; null when it can.
 * No control character can be shown in a folder list (and CR, LF and NUL cannot even be sent
 * in an IMAP command); a name that is blank or starts or ends with a space would look like
 * another folder's. The server's hierarchy delimiter is checked by the gateway, which knows it.
 * Plain code, no zod: the web app asks it before sending.
 */
export function folderNameProblem(name: string): string | null {
  if (name === '') return 'A folder needs a name.';
  if (name.length > MAX_FOLDER_NAME) {
    return `A folder name has at most ${MAX_FOLDER_NAME} characters.`;
  }
  if (CONTROL.test(name)) return 'A folder name cannot hold control characters such as tabs.';
  if (name.trim() !== name) return 'A folder name cannot start or end with a space.';
  return null;
}
// eslint-disable-next-line no-control-regex -- finding control characters is its one job
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A folder name in a request: text that folderNameProblem() finds nothing wrong with. */
export function folderNameSchema() {
  return z.string().superRefine((name, context) => {
    const problem = folderNameProblem(name);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });
}

export const mailboxCreateRequestSchema = z
  .object({
    /** The folder to create it in; absent: at the top level. */
    parent: mailboxPathSchema.optional(),
    name: /* @__PURE__ */ folderNameSchema(),
  })
  .strict();
export type MailboxCreateRequest = z.infer<typeof mailboxCreateRequestSchema>;

/**
 * A new name for the folder, and a new place if `parent` is given (null: the top level; absent:
 * where it is). Its subfolders and their messages move with it.
 */
export const mailboxRenameRequestSchema = z
  .object({
    mailbox: mailboxPathSchema,
    name: /* @__PURE__ */ folderNameSchema(),
    parent: mailboxPathSchema.nullable().optional(),
  })
  .strict();
export type MailboxRenameRequest = z.infer<typeof mailboxRenameRequestSchema>;

/**
 * Deletes a folder without subfolders. Its messages go to Trash first, so nothing is lost by a
 * slip; Inbox and the special folders (Sent, Drafts, Trash, Junk, Archive) cannot be deleted.
 */
export const mailboxDeleteRequestSchema = z.object({ mailbox: mailboxPathSchema }).strict();
export type MailboxDeleteRequest = z.infer<typeof mailboxDeleteRequestSchema>;

/**
 * Deletes for good every message in Trash or Junk (no other folder: elsewhere, deleting moves
 * to Trash). Only what the folder holds when the gateway looks; mail that arrives after stays.
 */
export const mailboxEmptyRequestSchema = z.object({ mailbox: mailboxPathSchema }).strict();
export type MailboxEmptyRequest = z.infer<typeof mailboxEmptyRequestSchema>;

export interface FolderEmptyResult {
  /** How many messages were deleted for good. */
  deleted: number;
}

/**
 * Marks every message of a folder read (`\\Seen`): the ones unread when the gateway looks; mail
 * arriving meanwhile stays unread. Every tab hears of it as flag changes and counts.
 */
export const mailboxMarkReadRequestSchema = z.object({ mailbox: mailboxPathSchema }).strict();
export type MailboxMarkReadRequest = z.infer<typeof mailboxMarkReadRequestSchema>;

export interface FolderMarkReadResult {
  /** How many messages were unread and are read now. */
  marked: number;
}

/**
 * Every message a folder holds now, by UID: "select all" past the rows a tab has loaded. Mail
 * that arrives later is not in it, so an action on the selection leaves that mail alone.
 */
export const mailboxUidsRequestSchema = z.object({ mailbox: mailboxPathSchema }).strict();
export type MailboxUidsRequest = z.infer<typeof mailboxUidsRequestSchema>;

export interface FolderUids {
  mailbox: string;
  uidValidity: number;
  /** Ascending, as an IMAP sequence set ("1:4,9"): 100,000 UIDs in a few bytes when dense. */
  uids: string;
  total: number;
}

/** A folder created or renamed: its full path on the server. */
export interface FolderPathResult {
  path: string;
}

export interface FolderDeleteResult {
  /** How many messages were moved to `trash` before the folder was deleted. */
  movedToTrash: number;
  /** The Trash folder's path; null when the folder was empty and nothing moved. */
  trash: string | null;
}
