import type { AccountSession } from '../sessions/account-session.ts';

/**
 * The AccountSession methods a tab may run through a process that does not own its account:
 * they run on the owner with the same arguments. A new request served by a new method needs
 * its name here, one line, and nothing else (arguments and results travel as JSON; an
 * argument that is this process's OutgoingMail is swapped for the owner's own).
 */
export const FORWARDED_METHODS = [
  'listMailboxes',
  'refreshFolders',
  'openMailbox',
  'window',
  'readMessage',
  'setFlags',
  'move',
  'archive',
  'reportJunk',
  'delete',
  'undo',
  'createFolder',
  'renameFolder',
  'moveFolder',
  'deleteFolder',
  'emptyFolder',
  'markFolderRead',
  'folderUids',
  'applyFilterRule',
  'search',
  'searchEverywhere',
  'matchNew',
  'threads',
  'send',
  'saveDraft',
  'openDraft',
  'copyAttachments',
  'releaseAttachments',
  'suggestRecipients',
  'unsubscribe',
  'rsvp',
  'quota',
] as const satisfies readonly (keyof AccountSession)[];

export type ForwardedMethod = (typeof FORWARDED_METHODS)[number];
export type ForwardedApi = Pick<AccountSession, ForwardedMethod>;

/**
 * How long the caller waits for the owner. Sending (a message, an unsubscribe request, an answer to an invitation) waits
 * on SMTP, copying a message's attachments on their size, a search everywhere on every
 * folder's SEARCH, deleting a folder first moves all its messages to Trash, emptying one
 * expunges them all, marking one read stores a flag on each: each gets a little less than the
 * web app's own limit.
 */
export const FORWARD_TIMEOUT_MS = 25_000;
export const SLOW_FORWARD_TIMEOUT_MS: Partial<Record<ForwardedMethod, number>> = {
  send: 115_000,
  copyAttachments: 115_000,
  searchEverywhere: 115_000,
  deleteFolder: 115_000,
  emptyFolder: 115_000,
  markFolderRead: 115_000,
  applyFilterRule: 115_000,
  unsubscribe: 115_000,
  rsvp: 115_000,
};

export function isForwardedMethod(name: string): name is ForwardedMethod {
  return (FORWARDED_METHODS as readonly string[]).includes(name);
}
