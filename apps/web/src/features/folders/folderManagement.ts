// Creating, renaming and deleting folders: which folders may be changed, and what a change does
// to the paths around it. The gateway has the last word (it knows the server); this decides
// what to offer and where the open folder went.
import type { Ack, FolderPathResult, MailboxInfo } from '@tidings/protocol';
import { messageCount } from '../messages/moveActions.ts';
import { folderLabel, isInbox, orderFolders } from './folderTree.ts';

/** What a folder's own menu offers. */
export type FolderActionKind = 'markRead' | 'rename' | 'delete' | 'empty';

/** What the user asked to do with the folders: a dialog for each. */
export type FolderTask = { kind: 'create' } | { kind: FolderActionKind; mailbox: MailboxInfo };

/** What the folder dialogs ask of the account (features/account/folderChanges.ts). */
export interface FolderEditor {
  /** `parent` null: at the top level. */
  create(parent: string | null, name: string): Promise<Ack<FolderPathResult>>;
  /** `parent` absent: it stays where it is; null: to the top level. */
  rename(folder: MailboxInfo, name: string, parent?: string | null): Promise<Ack<FolderPathResult>>;
  /** Deletes a folder the user confirmed; says how it went in a toast. */
  remove(folder: MailboxInfo): Promise<void>;
  /** Deletes for good what Trash or Junk holds, as the user confirmed; says so in a toast. */
  empty(folder: MailboxInfo): Promise<void>;
  /** Marks every message of the folder read; says how many in a toast. */
  markRead(folder: MailboxInfo): Promise<void>;
}

export type FolderPlace = Pick<MailboxInfo, 'path' | 'delimiter'>;

/**
 * The Inbox and the special-use folders (Sent, Drafts, Trash, ...) belong to the server and to
 * other mail clients; only the user's own folders are offered for renaming and deleting.
 */
export function isUserFolder(mailbox: Pick<MailboxInfo, 'path' | 'role'>): boolean {
  return mailbox.role === null && !isInbox(mailbox);
}

/**
 * The items of a folder's menu: any folder with unread mail can have it all marked read; the
 * user's own folders are renamed, moved and deleted; Trash and Junk are emptied.
 */
export function folderActions(
  mailbox: Pick<MailboxInfo, 'path' | 'role' | 'name' | 'unread'>,
): { kind: FolderActionKind; label: string }[] {
  const actions: { kind: FolderActionKind; label: string }[] =
    mailbox.unread > 0 ? [{ kind: 'markRead', label: 'Mark all as read' }] : [];
  if (isUserFolder(mailbox)) {
    actions.push(
      { kind: 'rename', label: 'Rename or move…' },
      { kind: 'delete', label: 'Delete folder…' },
    );
  } else if (mailbox.role === 'trash' || mailbox.role === 'junk') {
    actions.push({ kind: 'empty', label: `Empty ${folderLabel(mailbox)}…` });
  }
  return actions;
}

/** Whether `path` is `folder` itself or inside it, at any depth. */
export function isWithin(path: string, folder: FolderPlace): boolean {
  if (path === folder.path) return true;
  return folder.delimiter !== '' && path.startsWith(folder.path + folder.delimiter);
}

/** Whether any listed folder is inside `folder` (the gateway deletes only folders without). */
export function hasSubfolders(mailboxes: readonly MailboxInfo[], folder: FolderPlace): boolean {
  return mailboxes.some((m) => m.path !== folder.path && isWithin(m.path, folder));
}

/**
 * Where the open folder is after `renamed` became `newPath`: the folder itself is `newPath`, a
 * subfolder keeps its place under it (RFC 3501 §6.3.5: inferior names move with the folder).
 * Null when the open folder was not touched.
 */
export function pathAfterRename(
  openPath: string,
  renamed: FolderPlace,
  newPath: string,
): string | null {
  if (!isWithin(openPath, renamed)) return null;
  return newPath + openPath.slice(renamed.path.length);
}

export interface ParentChoice {
  /** Empty for the top level. */
  path: string;
  label: string;
  depth: number;
}

/** Where a new folder can go: the top level, then every folder in the order the list shows. */
export function parentChoices(mailboxes: readonly MailboxInfo[]): ParentChoice[] {
  return [
    { path: '', label: 'Top level', depth: 0 },
    ...orderFolders(mailboxes).map(({ mailbox, label, depth }) => ({
      path: mailbox.path,
      label,
      depth,
    })),
  ];
}

/** Where `folder` can be moved: anywhere but inside itself. */
export function moveChoices(
  mailboxes: readonly MailboxInfo[],
  folder: FolderPlace,
): ParentChoice[] {
  return parentChoices(mailboxes).filter(
    (choice) => choice.path === '' || !isWithin(choice.path, folder),
  );
}

/** The folder that holds `folder`, as the choices name it: '' at the top level. */
export function parentOf(folder: FolderPlace): string {
  const at = folder.delimiter === '' ? -1 : folder.path.lastIndexOf(folder.delimiter);
  return at > 0 ? folder.path.slice(0, at) : '';
}

export interface FolderQuestion {
  title: string;
  message: string;
  /** False when there is nothing to confirm (the gateway would refuse, or nothing to do). */
  canConfirm: boolean;
}

/** What the user is asked before a folder goes; `total` is its message count as listed. */
export function deleteQuestion(
  mailbox: Pick<MailboxInfo, 'path' | 'role' | 'name' | 'total'>,
  withSubfolders: boolean,
): FolderQuestion {
  const name = folderLabel(mailbox);
  const title = `Delete the folder “${name}”?`;
  if (withSubfolders) {
    return {
      title,
      message: `“${name}” has subfolders. Delete its subfolders first.`,
      canConfirm: false,
    };
  }
  const contents =
    mailbox.total === 0
      ? 'It is empty.'
      : `The ${messageCount(mailbox.total)} in it will be moved to Trash.`;
  return { title, message: contents, canConfirm: true };
}

/** What the user is asked before Trash or Junk is emptied; nothing to confirm when empty. */
export function emptyQuestion(
  mailbox: Pick<MailboxInfo, 'path' | 'role' | 'name' | 'total'>,
): FolderQuestion {
  const name = folderLabel(mailbox);
  if (mailbox.total === 0) {
    return { title: `Empty ${name}?`, message: `${name} is empty.`, canConfirm: false };
  }
  return {
    title: `Empty ${name}?`,
    message: `The ${messageCount(mailbox.total)} in ${name} will be deleted for good. This cannot be undone.`,
    canConfirm: true,
  };
}

/** The toast after emptying: "Trash emptied; 3 messages deleted for good." */
export function emptiedNote(name: string, deleted: number): string {
  return deleted > 0
    ? `${name} emptied; ${messageCount(deleted)} deleted for good.`
    : `${name} was already empty.`;
}

/** The toast after marking a folder read: "3 messages in Inbox marked as read." */
export function markedReadNote(name: string, marked: number): string {
  return marked > 0
    ? `${messageCount(marked)} in ${name} marked as read.`
    : `Nothing in ${name} was unread.`;
}

/** The toast after a delete: "Folder “Projects” deleted; 3 messages moved to Trash." */
export function deletedNote(name: string, movedToTrash: number): string {
  return movedToTrash > 0
    ? `Folder “${name}” deleted; ${messageCount(movedToTrash)} moved to Trash.`
    : `Folder “${name}” deleted.`;
}
