// Creating, renaming, deleting, emptying and marking folders read over the account's socket,
// and what each does to the open folder and the folder list of this tab.
import type { Ack, FolderPathResult, MailboxInfo } from '@tidings/protocol';
import {
  createMailbox,
  deleteMailbox,
  emptyMailbox,
  markMailboxRead,
  renameMailbox,
} from '../../lib/folderRequests.ts';
import { notConnected, type GatewaySocket } from '../../lib/socket.ts';
import {
  deletedNote,
  emptiedNote,
  isWithin,
  markedReadNote,
  pathAfterRename,
  type FolderEditor,
} from '../folders/folderManagement.ts';
import { folderLabel } from '../folders/folderTree.ts';
import { INBOX_PATH, type MailboxView } from '../messages/mailboxView.ts';

export interface FolderChangesHost {
  /** The account's socket, connected or not; null once stopped. */
  socket(): GatewaySocket | null;
  view(): Pick<MailboxView, 'current'>;
  /** Lists the folders again (`FolderListSync.refresh`). */
  refresh(): void;
  /** Keeps the tab in `folder` while this tab renames it (`FolderListSync.hold`); the release. */
  hold(folder: MailboxInfo): () => void;
  /** Shows another folder in the list. */
  open(path: string): void;
  /** What was done, as a toast. */
  done(message: string): void;
  /** What went wrong, as an alert. */
  notice(message: string): void;
}

/**
 * The folder dialogs' requests. Every tab of the account re-lists its folders when the gateway
 * pushes `mailbox:listChanged`; this tab lists them again at the answer too, so that a list
 * fetched before the change cannot be the last word. A tab whose open folder was renamed or
 * deleted elsewhere falls back to the Inbox; this tab, which made the change, follows it.
 */
export class FolderChanges implements FolderEditor {
  constructor(private readonly host: FolderChangesHost) {}

  async create(parent: string | null, name: string): Promise<Ack<FolderPathResult>> {
    const socket = this.connected();
    if (!socket) return notConnected();
    const answer = await createMailbox(socket, parent === null ? { name } : { parent, name });
    if (answer.ok && socket === this.host.socket()) this.host.refresh();
    return answer;
  }

  async rename(
    folder: MailboxInfo,
    name: string,
    parent?: string | null,
  ): Promise<Ack<FolderPathResult>> {
    const socket = this.connected();
    if (!socket) return notConnected();
    const request = { mailbox: folder.path, name };
    const release = this.host.hold(folder);
    try {
      const answer = await renameMailbox(
        socket,
        parent === undefined ? request : { ...request, parent },
      );
      if (!answer.ok || socket !== this.host.socket()) return answer;
      // Opened before the list comes back without the old path: that would mean the Inbox.
      const moved = pathAfterRename(this.host.view().current, folder, answer.data.path);
      if (moved !== null) this.host.open(moved);
      this.host.refresh();
      return answer;
    } finally {
      release();
    }
  }

  async remove(folder: MailboxInfo): Promise<void> {
    const name = folderLabel(folder);
    const done = await this.confirmed(
      (socket) => deleteMailbox(socket, { mailbox: folder.path }),
      `Could not delete the folder “${name}”`,
    );
    if (!done) return;
    if (isWithin(this.host.view().current, folder)) this.host.open(INBOX_PATH);
    this.host.refresh();
    this.host.done(deletedNote(name, done.movedToTrash));
  }

  async empty(folder: MailboxInfo): Promise<void> {
    const name = folderLabel(folder);
    const done = await this.confirmed(
      (socket) => emptyMailbox(socket, { mailbox: folder.path }),
      `Could not empty ${name}`,
    );
    // The rows and counts come as pushes, to every tab; this one also says how many went.
    if (done) this.host.done(emptiedNote(name, done.deleted));
  }

  async markRead(folder: MailboxInfo): Promise<void> {
    const name = folderLabel(folder);
    const done = await this.confirmed(
      (socket) => markMailboxRead(socket, { mailbox: folder.path }),
      `Could not mark ${name} as read`,
    );
    // The flags and counts come as pushes, to every tab; this one also says how many.
    if (done) this.host.done(markedReadNote(name, done.marked));
  }

  /**
   * Sends a request the user confirmed in a dialog that is gone by now: a refusal is shown as
   * an alert after `failure`; null also when the tab's socket changed meanwhile.
   */
  private async confirmed<T>(
    send: (socket: GatewaySocket) => Promise<Ack<T>>,
    failure: string,
  ): Promise<T | null> {
    const socket = this.connected();
    const answer = socket ? await send(socket) : notConnected<T>();
    if (socket && socket !== this.host.socket()) return null;
    if (!answer.ok) {
      this.host.notice(`${failure}: ${answer.error.message}`);
      return null;
    }
    return answer.data;
  }

  private connected(): GatewaySocket | null {
    const socket = this.host.socket();
    return socket?.connected ? socket : null;
  }
}
