import type { ImapFlow, ListResponse, MailboxLockObject, SearchObject } from 'imapflow';
import {
  ErrorCode,
  Flag,
  MailboxRole,
  type FolderDeleteResult,
  type FolderEmptyResult,
  type FolderMarkReadResult,
  type FolderUids,
  type FilterApplyResult,
  type FilterRule,
  type FolderPathResult,
  type MoveResult,
  toSequenceSet,
} from '@tidings/protocol';
import { folderWithRole } from '../compose/special-folder.ts';
import {
  canHoldSubfolders,
  childPath,
  delimiterOf,
  findFolder,
  levelNameProblem,
  hasSubfolders,
  isSelectable,
  parentPath,
  sameFolder,
} from '../imap/folder-paths.ts';
import { roleOf } from '../imap/mailbox-list.ts';
import { AccountError, commandRefused, toAccountError } from './account-error.ts';
import { listFoldersNaming, settleFolderList } from './folder-list-lag.ts';
import { applyRule } from './rule-apply.ts';
import { lockFolder } from './selected-mailbox.ts';

/**
 * Rounds of "move what the folder holds to Trash" before its DELETE: mail delivered into it
 * meanwhile (a filter) goes too, instead of with the folder.
 */
const EMPTYING_ROUNDS = 3;

export interface FolderAdminDeps {
  commandClient(): Promise<ImapFlow>;
  /** Folders were created, renamed or deleted here: tabs re-list, the watched one is checked. */
  folderListChanged(): void;
  /** Folder counts changed by our own hand (Trash grew). */
  foldersChanged(): void;
  /** Deletes these messages for good, as a tab's "delete forever" does; how many went. */
  deleteForGood(path: string, uidValidity: number, uids: number[]): Promise<number>;
  /**
   * Adds flags to these messages, as a tab's "Mark as read" or "Tag" does (every tab hears at
   * once).
   */
  addFlags(path: string, uidValidity: number, uids: number[], flags: string[]): Promise<void>;
  /** Moves them as a tab's move does: every tab hears, and the answer carries an undo token. */
  move(path: string, uidValidity: number, uids: number[], destination: string): Promise<MoveResult>;
}

/** UIDs per STORE of "mark all as read": keeps each flag push to every tab a bounded size. */
const MARK_READ_BATCH = 5_000;

/** The folders whose messages a user deletes for good in one go. */
const EMPTIABLE: ReadonlySet<MailboxRole> = new Set([MailboxRole.Trash, MailboxRole.Junk]);

/**
 * Creating, renaming (or moving) and deleting folders, on the account's command connection.
 * Each checks the server's current folder list first, so a refusal names the reason (a name
 * taken, a special folder, subfolders in the way) instead of passing on the server's words; a
 * folder the list leaves out is asked for itself before it is called missing, and after a change
 * the list is made to show it (folder-list-lag.ts).
 * Renames and deletes run under imapflow's mailbox lock, so no other request of the account has
 * the folder selected while it moves or goes. A deleted folder's messages are moved to Trash
 * first: a slip loses nothing. Also what is done to all of a folder's messages at once:
 * emptying Trash or Junk, marking everything read, running a filter rule over the Inbox.
 */
export class FolderAdmin {
  constructor(private readonly deps: FolderAdminDeps) {}

  /** `name` below `parent`, or at the top level when `parent` is null. */
  async create(parent: string | null, name: string): Promise<FolderPathResult> {
    const client = await this.deps.commandClient();
    const entries = await listFoldersNaming(client, parent === null ? [] : [parent]);
    const holder = parent === null ? undefined : folderToHold(entries, parent);
    const delimiter = delimiterOf(holder, entries);
    checkName(name, delimiter);
    const path = childPath(holder?.path ?? null, delimiter, name);
    if (findFolder(entries, path)) throw taken(path);
    let created;
    try {
      created = await client.mailboxCreate(path);
    } catch (error) {
      throw commandRefused(client, error);
    }
    if (!created) throw signedOut();
    if (!created.created) throw taken(path); // ALREADYEXISTS: created elsewhere a moment ago
    // imapflow subscribes it too: other mail clients show subscribed folders only.
    await settleFolderList(client, { listed: [created.path] });
    this.deps.folderListChanged();
    return { path: created.path };
  }

  /**
   * A new name, and a new place below `parent` when it is given (null: the top level; absent:
   * where it is). The server moves its subfolders and their messages with it.
   */
  async rename(path: string, name: string, parent?: string | null): Promise<FolderPathResult> {
    const client = await this.deps.commandClient();
    const entries = await listFoldersNaming(client, parent ? [path, parent] : [path]);
    const entry = changeable(entries, path);
    const delimiter = delimiterOf(entry, entries);
    let place = parentPath(entry.path, delimiter);
    if (parent === null) place = null;
    else if (parent !== undefined) {
      place = folderToHold(entries, parent).path;
      if (place === entry.path || place.startsWith(`${entry.path}${delimiter}`)) {
        throw new AccountError(
          ErrorCode.BadRequest,
          `"${entry.path}" cannot go inside itself or one of its subfolders.`,
        );
      }
    }
    checkName(name, delimiter);
    const newPath = childPath(place, delimiter, name);
    if (newPath === entry.path) return { path: newPath };
    if (findFolder(entries, newPath)) throw taken(newPath);
    let renamed;
    const lock = await lockAny(client, entry);
    try {
      renamed = await client.mailboxRename(entry.path, newPath);
    } catch (error) {
      throw commandRefused(client, error);
    } finally {
      lock.release();
    }
    if (!renamed) throw signedOut();
    await moveSubscriptions(client, entries, entry.path, renamed.newPath, delimiter);
    await settleFolderList(client, { listed: [renamed.newPath], unlisted: [entry.path] });
    this.deps.folderListChanged();
    return { path: renamed.newPath };
  }

  /** Moves the folder's messages to Trash, then deletes it. A folder with subfolders stays. */
  async delete(path: string): Promise<FolderDeleteResult> {
    const client = await this.deps.commandClient();
    const entries = await listFoldersNaming(client, [path]);
    const entry = changeable(entries, path);
    if (hasSubfolders(entries, entry.path, delimiterOf(entry, entries))) {
      throw new AccountError(
        ErrorCode.BadRequest,
        `"${entry.path}" has subfolders; delete or move them first.`,
      );
    }
    let trash: string | null = null;
    if (isSelectable(entry)) {
      trash = await folderWithRole(client, MailboxRole.Trash, 'Trash', entries);
      if (sameFolder(trash, entry.path)) {
        throw new AccountError(ErrorCode.BadRequest, `"${entry.path}" is the Trash folder.`);
      }
    }
    let moved = 0;
    const lock = await lockAny(client, entry);
    try {
      if (trash !== null) moved = await emptyInto(client, entry.path, trash);
      // imapflow leaves the folder (UNSELECT) before it deletes it.
      if (!(await client.mailboxDelete(entry.path))) throw signedOut();
    } catch (error) {
      throw commandRefused(client, error);
    } finally {
      lock.release();
    }
    await client.mailboxUnsubscribe(entry.path).catch(() => undefined);
    await settleFolderList(client, { unlisted: [entry.path] });
    if (moved > 0) this.deps.foldersChanged();
    this.deps.folderListChanged();
    return { movedToTrash: moved, trash: moved > 0 ? trash : null };
  }

  /**
   * Deletes for good what Trash or Junk holds now (by UID: mail that arrives meanwhile stays),
   * the way a tab's "delete forever" does, so every tab loses the rows at once.
   */
  async empty(path: string): Promise<FolderEmptyResult> {
    const client = await this.deps.commandClient();
    const entry = findFolder(await listFoldersNaming(client, [path]), path);
    if (!entry) throw notFound(path);
    const role = roleOf(entry);
    if (role === null || !EMPTIABLE.has(role)) {
      throw new AccountError(
        ErrorCode.BadRequest,
        `Only Trash and Junk are emptied in one go; "${entry.path}" is not one of them.`,
      );
    }
    const { uidValidity, uids } = await uidsNow(client, entry.path, { all: true });
    if (uids.length === 0) return { deleted: 0 };
    return { deleted: await this.deps.deleteForGood(entry.path, uidValidity, uids) };
  }

  /** Marks read what `path` holds unread now (by UID: mail that arrives meanwhile stays unread). */
  async markRead(path: string): Promise<FolderMarkReadResult> {
    const client = await this.deps.commandClient();
    const { uidValidity, uids } = await uidsNow(client, path, { seen: false });
    for (let from = 0; from < uids.length; from += MARK_READ_BATCH) {
      const batch = uids.slice(from, from + MARK_READ_BATCH);
      await this.deps.addFlags(path, uidValidity, batch, [Flag.Seen]);
    }
    // The watched folder's counts came with its flag pushes; another's come from here.
    if (uids.length > 0) this.deps.foldersChanged();
    return { marked: uids.length };
  }

  /** Every message `path` holds now, as the server says (select all past the rows loaded). */
  async uids(path: string): Promise<FolderUids> {
    const client = await this.deps.commandClient();
    const { uidValidity, uids } = await uidsNow(client, path, { all: true });
    return { mailbox: path, uidValidity, uids: toSequenceSet(uids), total: uids.length };
  }

  /** A filter rule over the mail already in the Inbox, as the server runs it on delivery. */
  applyRule(rule: FilterRule): Promise<FilterApplyResult> {
    return applyRule(this.deps, rule);
  }
}

/** The UIDs in `path` matching `query` now, with the uidValidity they belong to. */
async function uidsNow(
  client: ImapFlow,
  path: string,
  query: SearchObject,
): Promise<{ uidValidity: number; uids: number[] }> {
  const lock = await lockFolder(client, path);
  try {
    // A folder this connection had selected already is answered from its view as it was: a
    // message expunged elsewhere since stays in it until the server tells this connection.
    await client.noop();
    const uidValidity = Number(client.mailbox ? client.mailbox.uidValidity : 0);
    const found =
      client.mailbox && client.mailbox.exists > 0 ? await client.search(query, { uid: true }) : [];
    return { uidValidity, uids: Array.isArray(found) ? found : [] };
  } catch (error) {
    throw commandRefused(client, error);
  } finally {
    lock.release();
  }
}

/**
 * The server renames a folder's subfolders with it but not the subscriptions (Dovecot keeps
 * them under the old names): each subscribed one is subscribed again under its new path.
 * Best effort: a folder left unsubscribed still shows here, only other clients may hide it.
 */
async function moveSubscriptions(
  client: ImapFlow,
  entries: ListResponse[],
  from: string,
  to: string,
  delimiter: string,
): Promise<void> {
  for (const entry of entries) {
    if (!entry.subscribed) continue;
    if (entry.path !== from && !entry.path.startsWith(`${from}${delimiter}`)) continue;
    await client.mailboxSubscribe(`${to}${entry.path.slice(from.length)}`).catch(() => undefined);
    await client.mailboxUnsubscribe(entry.path).catch(() => undefined);
  }
}

/** The folder at `path`, if the user may rename or delete it: not Inbox, no special use. */
function changeable(entries: ListResponse[], path: string): ListResponse {
  const entry = findFolder(entries, path);
  if (!entry) throw notFound(path);
  const role = roleOf(entry);
  if (role === MailboxRole.Inbox) {
    throw new AccountError(ErrorCode.BadRequest, 'The Inbox cannot be renamed or deleted.');
  }
  if (role !== null) {
    throw new AccountError(
      ErrorCode.BadRequest,
      `"${entry.path}" is a special folder (${role}); it cannot be renamed or deleted.`,
    );
  }
  return entry;
}

/** The folder at `path`, to put another one in. */
function folderToHold(entries: ListResponse[], path: string): ListResponse {
  const holder = findFolder(entries, path);
  if (!holder) throw notFound(path);
  if (!canHoldSubfolders(holder)) {
    throw new AccountError(ErrorCode.BadRequest, `"${holder.path}" cannot hold subfolders.`);
  }
  return holder;
}

function checkName(name: string, delimiter: string): void {
  const problem = levelNameProblem(name, delimiter);
  if (problem) throw new AccountError(ErrorCode.BadRequest, problem);
}

/**
 * Holds the connection's mailbox lock: on the folder itself where it can be selected (so the
 * move to Trash runs in it), else on the Inbox; either way no other request of the account has
 * the folder selected meanwhile.
 */
function lockAny(client: ImapFlow, entry: ListResponse): Promise<MailboxLockObject> {
  return lockFolder(client, isSelectable(entry) ? entry.path : 'INBOX');
}

/** Moves every message of the selected `path` to `trash`; how many went. */
async function emptyInto(client: ImapFlow, path: string, trash: string): Promise<number> {
  let moved = 0;
  for (let round = 0; round < EMPTYING_ROUNDS; round++) {
    const held = client.mailbox ? client.mailbox.exists : 0;
    if (held === 0) return moved;
    const result = await client.messageMove('1:*', trash, { uid: true });
    if (!result) {
      throw new AccountError(
        ErrorCode.CommandFailed,
        `The messages of "${path}" could not be moved to Trash.`,
      );
    }
    moved += result.uidMap?.size ?? held;
    await client.noop(); // hears of mail delivered in the meantime
  }
  if (client.mailbox && client.mailbox.exists > 0) {
    throw new AccountError(
      ErrorCode.CommandFailed,
      `New mail keeps arriving in "${path}"; it was not deleted. Try again.`,
    );
  }
  return moved;
}

/** imapflow answers nothing, rather than failing, on a connection that is no longer signed in. */
function signedOut(): AccountError {
  return toAccountError(new Error('the IMAP connection is not signed in'));
}

function notFound(path: string): AccountError {
  return new AccountError(ErrorCode.MailboxNotFound, `There is no folder "${path}".`);
}

function taken(path: string): AccountError {
  return new AccountError(ErrorCode.BadRequest, `A folder "${path}" already exists.`);
}
