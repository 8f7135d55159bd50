import type { MailboxCounts, MailboxInfo, MailboxRole } from '@tidings/protocol';

/** Special-use folders come first, in the order people look for them. */
const ROLE_RANK: Record<MailboxRole, number> = {
  inbox: 0,
  drafts: 1,
  sent: 2,
  archive: 3,
  junk: 4,
  trash: 5,
  all: 6,
  flagged: 7,
};
const USER_FOLDER_RANK = 100;

export interface FolderEntry {
  mailbox: MailboxInfo;
  label: string;
  /** Nesting level under its shown parent, 0 at the top. */
  depth: number;
  /**
   * Where it sits ("Work", "Work / 2026"), when another listed folder has the same label: so
   * that "2026" in Work and "2026" in Home are told apart by ear too. Null otherwise.
   */
  within: string | null;
}

/** RFC 3501 §5.1: INBOX is case-insensitive; everything else is compared as the server names it. */
export function isInbox(mailbox: Pick<MailboxInfo, 'path' | 'role'>): boolean {
  return mailbox.role === 'inbox' || mailbox.path.toUpperCase() === 'INBOX';
}

export function folderLabel(mailbox: Pick<MailboxInfo, 'path' | 'role' | 'name'>): string {
  return isInbox(mailbox) ? 'Inbox' : mailbox.name;
}

/**
 * The label of the folder at `path`, listed or not yet (a folder this tab just renamed opens
 * before the new list arrives): its last level, by the delimiter the listed folders use.
 */
export function labelForPath(path: string, mailboxes: readonly MailboxInfo[] | null): string {
  const listed = mailboxes?.find((m) => m.path === path);
  if (listed) return folderLabel(listed);
  const delimiter = mailboxes?.find((m) => m.delimiter !== '')?.delimiter;
  const name = delimiter ? (path.split(delimiter).pop() ?? path) : path;
  return folderLabel({ path, role: null, name });
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function rank(mailbox: MailboxInfo): number {
  if (isInbox(mailbox)) return ROLE_RANK.inbox;
  return mailbox.role ? ROLE_RANK[mailbox.role] : USER_FOLDER_RANK;
}

/** The nearest listed ancestor of `mailbox`, by its path and hierarchy delimiter. */
function parentOf(mailbox: MailboxInfo, byPath: Map<string, MailboxInfo>): MailboxInfo | undefined {
  if (!mailbox.delimiter) return undefined;
  const segments = mailbox.path.split(mailbox.delimiter);
  for (let length = segments.length - 1; length > 0; length -= 1) {
    const candidate = byPath.get(segments.slice(0, length).join(mailbox.delimiter));
    if (candidate) return candidate;
  }
  return undefined;
}

/** The folder `mailbox` is shown under: special-use folders other than Inbox stand at the top. */
function shownUnder(
  mailbox: MailboxInfo,
  byPath: Map<string, MailboxInfo>,
): MailboxInfo | undefined {
  return mailbox.role && mailbox.role !== 'inbox' ? undefined : parentOf(mailbox, byPath);
}

/**
 * Where a folder sits, as the folder list nests it: "Clients / Acme", "Inbox", "Sent" (a
 * special-use folder stands at the top even when the server nests it under INBOX). A folder the
 * list does not have is named by its path's levels. The list is indexed once, for many paths
 * (every match of a search in all folders).
 */
export function folderTrails(mailboxes: readonly MailboxInfo[] | null): (path: string) => string {
  const byPath = new Map((mailboxes ?? []).map((m) => [m.path, m]));
  const delimiter = mailboxes?.find((m) => m.delimiter !== '')?.delimiter;
  return (path) => {
    const listed = byPath.get(path);
    if (!listed) return delimiter ? path.split(delimiter).join(' / ') : path;
    const trail: string[] = [];
    for (
      let mailbox: MailboxInfo | undefined = listed;
      mailbox;
      mailbox = shownUnder(mailbox, byPath)
    ) {
      trail.unshift(folderLabel(mailbox));
    }
    return trail.join(' / ');
  };
}

/**
 * The folder list in display order: Inbox, Drafts, Sent, Archive, Junk, Trash, then the user's
 * folders alphabetically, each followed by its subfolders, indented. Special-use folders stay
 * at the top level even where the server nests them under INBOX.
 */
export function orderFolders(mailboxes: readonly MailboxInfo[]): FolderEntry[] {
  const byPath = new Map(mailboxes.map((m) => [m.path, m]));
  const children = new Map<string, MailboxInfo[]>();
  const roots: MailboxInfo[] = [];
  for (const mailbox of mailboxes) {
    const parent = shownUnder(mailbox, byPath);
    if (parent) {
      const siblings = children.get(parent.path) ?? [];
      siblings.push(mailbox);
      children.set(parent.path, siblings);
    } else {
      roots.push(mailbox);
    }
  }
  const compare = (a: MailboxInfo, b: MailboxInfo) =>
    rank(a) - rank(b) || collator.compare(folderLabel(a), folderLabel(b));

  const labelCounts = new Map<string, number>();
  for (const mailbox of mailboxes) {
    const label = folderLabel(mailbox);
    labelCounts.set(label, (labelCounts.get(label) ?? 0) + 1);
  }
  const entries: FolderEntry[] = [];
  const visit = (mailbox: MailboxInfo, depth: number, ancestors: string[]) => {
    const label = folderLabel(mailbox);
    const shared = (labelCounts.get(label) ?? 0) > 1 && ancestors.length > 0;
    entries.push({ mailbox, label, depth, within: shared ? ancestors.join(' / ') : null });
    for (const child of (children.get(mailbox.path) ?? []).sort(compare)) {
      visit(child, depth + 1, [...ancestors, label]);
    }
  };
  for (const root of roots.sort(compare)) visit(root, 0, []);
  return entries;
}

/** A folder's counts as a push tells them: `mailbox:countsChanged`, or a list event. */
export interface FolderCounts extends MailboxCounts {
  mailbox: string;
}

/** Applies count pushes to a folder list, in the order they came. */
export function withCounts(
  mailboxes: readonly MailboxInfo[],
  updates: readonly FolderCounts[],
): MailboxInfo[] {
  const latest = new Map(updates.map((u) => [u.mailbox, u]));
  return mailboxes.map((mailbox) => {
    const update = latest.get(mailbox.path);
    return update ? { ...mailbox, total: update.total, unread: update.unread } : mailbox;
  });
}

/**
 * Whether `path` can still be opened: another client may have deleted or renamed it (a deleted
 * parent can linger as a \Noselect container). INBOX always exists (RFC 3501 §5.1).
 */
export function canStillOpen(mailboxes: readonly MailboxInfo[], path: string): boolean {
  if (path.toUpperCase() === 'INBOX') return true;
  return mailboxes.some((mailbox) => mailbox.path === path && mailbox.selectable);
}

/**
 * The open folder's special use: as the server marks it, else by the usual name (the gateway
 * falls back to a folder named "Trash" or "Archive" the same way), else null.
 */
export function folderRole(
  mailbox: Pick<MailboxInfo, 'path' | 'role'> | undefined,
  path: string,
): MailboxRole | null {
  if (mailbox?.role) return mailbox.role;
  if (path.toUpperCase() === 'INBOX') return 'inbox';
  const byName: Record<string, MailboxRole> = {
    trash: 'trash',
    archive: 'archive',
    drafts: 'drafts',
    sent: 'sent',
  };
  return byName[path.toLowerCase()] ?? null;
}

export function inboxUnread(mailboxes: readonly MailboxInfo[] | null): number {
  return mailboxes?.find(isInbox)?.unread ?? 0;
}

/** "(3) Inbox — Tidings": the unread count of the Inbox leads, whatever folder is open. */
export function documentTitle(folder: string | null, unreadInInbox: number): string {
  const name = folder ? `${folder} — Tidings` : 'Tidings';
  return unreadInInbox > 0 ? `(${unreadInInbox}) ${name}` : name;
}
