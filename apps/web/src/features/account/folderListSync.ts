// The account's folder list and its counts, kept in step with the gateway.
import type { MailboxInfo } from '@tidings/protocol';
import { listMailboxes, refreshMailboxes, type GatewaySocket } from '../../lib/socket.ts';
import { countsRefreshDue } from '../folders/countsRefresh.ts';
import { isWithin, type FolderPlace } from '../folders/folderManagement.ts';
import {
  canStillOpen,
  labelForPath,
  withCounts,
  type FolderCounts,
} from '../folders/folderTree.ts';
import { INBOX_PATH, type MailboxView } from '../messages/mailboxView.ts';

/** What the folder list contributes to the screen. */
export interface FolderListView {
  /** The account's folders with their counts; null until `mailbox:list` first succeeds. */
  mailboxes: MailboxInfo[] | null;
  /** Why the latest `mailbox:list` failed; null once one succeeds. */
  foldersError: string | null;
}

export interface FolderListHost {
  /** The account's socket, connected or not; null once stopped. */
  socket(): GatewaySocket | null;
  view(): FolderListView & Pick<MailboxView, 'current'>;
  update(patch: Partial<FolderListView>): void;
  notice(message: string): void;
  /** Shows another mailbox in the list (`MailboxSync.open`). */
  open(path: string): void;
}

/**
 * Fetches the folder list (`mailbox:list`), applies the count pushes to it, has the counts
 * re-checked when asked, and leaves the open folder when another client removes it.
 */
export class FolderListSync {
  private serial = 0;
  /**
   * The latest count push per folder since `mailbox:list` last went out, re-applied onto its
   * answer (one entry per folder: bounded however long the tab stays open).
   */
  private countsInFlight = new Map<string, FolderCounts>();
  /** When the latest `mailbox:refresh` went out (epoch ms). */
  private countsRefreshedAt: number | null = null;
  /** Folders this tab is renaming (`hold`): their going from the list is not a reason to leave. */
  private readonly held = new Set<FolderPlace>();
  /** A list answer came without the open folder while it was held. */
  private leftWhileHeld = false;

  constructor(private readonly host: FolderListHost) {}

  /** How a folder is named to the user, whether the list has it or not. */
  label(path: string): string {
    return labelForPath(path, this.host.view().mailboxes);
  }

  /** Asks the gateway to re-check every folder's counts, unless it did so moments ago. */
  refreshCounts(): void {
    const socket = this.host.socket();
    const now = Date.now();
    if (!socket?.connected || !countsRefreshDue(this.countsRefreshedAt, now)) return;
    this.countsRefreshedAt = now;
    // The counts come back as `mailbox:countsChanged` pushes; the answer carries nothing.
    void refreshMailboxes(socket);
  }

  applyCounts({ mailbox, total, unread }: FolderCounts): void {
    const counts = { mailbox, total, unread };
    this.countsInFlight.set(mailbox, counts);
    const { mailboxes } = this.host.view();
    const shown = mailboxes?.find((m) => m.path === mailbox);
    // Most list events (a flag other than \Seen) leave the counts as they were: no re-render.
    if (!mailboxes || !shown || (shown.total === total && shown.unread === unread)) return;
    this.host.update({ mailboxes: withCounts(mailboxes, [counts]) });
  }

  async refresh(): Promise<void> {
    const socket = this.host.socket();
    if (!socket) return;
    const serial = ++this.serial;
    this.countsInFlight.clear();
    const answer = await listMailboxes(socket);
    if (socket !== this.host.socket() || serial !== this.serial) return;
    if (!answer.ok) {
      this.host.update({ foldersError: answer.error.message });
      return;
    }
    // Counts pushed while the list was being gathered may be newer than the list itself.
    const mailboxes = withCounts(answer.data.mailboxes, [...this.countsInFlight.values()]);
    this.countsInFlight.clear();
    const previous = this.host.view().mailboxes;
    this.host.update({ mailboxes, foldersError: null });
    this.leaveVanishedFolder(mailboxes, previous);
  }

  /**
   * While this tab renames `folder`, a list answer without the open folder (inside it) does not
   * send the tab to the Inbox: the gateway tells the tabs of the new list as soon as Dovecot
   * has it, which can be before the rename's own answer says where the folder went. Once
   * released, a list that came without it meanwhile is checked again (the rename may have
   * failed because another client deleted the folder).
   */
  hold(folder: FolderPlace): () => void {
    this.held.add(folder);
    return () => {
      if (!this.held.delete(folder) || this.held.size > 0 || !this.leftWhileHeld) return;
      this.leftWhileHeld = false;
      const { mailboxes } = this.host.view();
      if (mailboxes) this.leaveVanishedFolder(mailboxes, mailboxes);
    };
  }

  /** Whether `path` is in a folder this tab is renaming (`hold`). */
  isHeld(path: string): boolean {
    return [...this.held].some((folder) => isWithin(path, folder));
  }

  /** Another client deleted or renamed the open folder: show the Inbox instead, and say why. */
  private leaveVanishedFolder(
    mailboxes: readonly MailboxInfo[],
    previous: readonly MailboxInfo[] | null,
  ): void {
    const { current } = this.host.view();
    if (canStillOpen(mailboxes, current)) return;
    if (this.isHeld(current)) {
      this.leftWhileHeld = true;
      return;
    }
    const name = labelForPath(current, previous);
    this.host.notice(`The folder “${name}” no longer exists; showing the Inbox.`);
    this.host.open(INBOX_PATH);
  }
}
