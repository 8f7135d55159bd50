import {
  ErrorCode,
  MAX_ACTION_UIDS,
  UNDO_WINDOW_MS,
  type Ack,
  type MoveResult,
} from '@tidings/protocol';
import {
  archiveMessages,
  deleteMessages,
  moveMessages,
  reportJunk,
  undoAction,
  type GatewaySocket,
} from '../../lib/socket.ts';
import type { MailboxView } from './mailboxView.ts';
import type { MessageWindowState } from './messageWindow.ts';
import { inBatches, neighbourAfterRemoval } from './selection.ts';

/** How long "Restored 2 messages" stays after an undo. */
const RESTORED_NOTE_MS = 4_000;

/** What takes messages out of the list. */
export const Removal = {
  Move: 'move',
  Archive: 'archive',
  /** To Trash. */
  Delete: 'delete',
  /** From Trash, for good: confirmed by the user first, never undoable. */
  DeleteForever: 'deleteForever',
  /** Reported as junk: to Junk. */
  Junk: 'junk',
  /** Reported as not junk: back to the Inbox. */
  NotJunk: 'notJunk',
} as const;
export type Removal = (typeof Removal)[keyof typeof Removal];

/** What was just done, shown with an Undo button while it can be taken back. */
export interface ActionOutcome {
  label: string;
  /** For `action:undo`; null when there is nothing to undo. */
  token: string | null;
  /** Epoch ms when it goes away (the undo window for an undoable one). */
  expiresAt: number;
}

export interface MoveActionsHost {
  socket(): GatewaySocket | null;
  view(): MailboxView;
  shown(): MessageWindowState | null;
  update(patch: Partial<MailboxView>): void;
  notice(message: string): void;
  reload(): void;
  /** Shows what was done, replacing what was shown before (null: nothing). */
  outcome(outcome: ActionOutcome | null): void;
  /** Opens the message that takes the removed one's place. */
  open(uid: number): void;
  folderLabel(path: string): string;
  now(): number;
}

export function messageCount(count: number): string {
  return count === 1 ? '1 message' : `${count.toLocaleString()} messages`;
}

/**
 * "Archived 2 messages", "Moved 1 message to Projects", "Deleted 3 messages forever", "Reported
 * 1 message as junk".
 */
export function describeRemoval(kind: Removal, count: number, destination: string | null): string {
  const what = messageCount(count);
  switch (kind) {
    case Removal.Archive:
      return `Archived ${what}`;
    case Removal.DeleteForever:
      return `Deleted ${what} forever`;
    case Removal.Junk:
      return `Reported ${what} as junk`;
    case Removal.NotJunk:
      return `Moved ${what} to the Inbox, not junk`;
    case Removal.Delete:
    case Removal.Move:
      return destination ? `Moved ${what} to ${destination}` : `Deleted ${what}`;
  }
}

const FAILURE_VERBS: Record<Removal, string> = {
  move: 'move',
  archive: 'archive',
  delete: 'delete',
  deleteForever: 'delete',
  junk: 'report',
  notJunk: 'move',
};

/**
 * Move, archive, delete and junk reports: the rows leave the list at once (hidden until the gateway's
 * `message:expunged` removes them for real), come back with the reason if the server refuses,
 * and can be undone for UNDO_WINDOW_MS once confirmed.
 */
export class MoveActions {
  constructor(private readonly host: MoveActionsHost) {}

  async remove(kind: Removal, uids: readonly number[], destination?: string): Promise<void> {
    const socket = this.host.socket();
    const list = this.host.shown();
    if (!socket || !list || uids.length === 0) return;
    if (kind === Removal.Move && (!destination || destination === list.mailbox)) return;
    const { mailbox, uidValidity } = list;
    const removing = new Set(uids);
    const view = this.host.view();
    const openGoes = view.selected !== null && removing.has(view.selected.uid);
    const next = openGoes
      ? neighbourAfterRemoval(
          list.rows.map((row) => row.uid),
          removing,
          view.selected!.uid,
        )
      : null;
    this.host.update({
      hidden: [...view.hidden, ...uids],
      checked: view.checked.filter((uid) => !removing.has(uid)),
      ...(openGoes && { selected: null }),
    });
    if (next !== null) this.host.open(next);

    // A whole big folder goes as several requests; each joins the undo of those before it
    // (joinUndo), so the last answer's token takes them all back.
    const batches = inBatches(uids, MAX_ACTION_UIDS);
    let moved = 0;
    let where: string | null = null;
    let undo: string | null = null;
    let undoable = true;
    for (let i = 0; i < batches.length; i++) {
      const request = {
        mailbox,
        uidValidity,
        uids: batches[i]!,
        ...(undo !== null && { joinUndo: undo }),
      };
      const answer = await this.send(kind, socket, request, destination);
      if (socket !== this.host.socket()) return;
      if (!answer.ok) {
        // The rest come back; what went before stays gone (told below, with its Undo).
        const kept = new Set(batches.slice(i).flat());
        this.host.update({ hidden: this.host.view().hidden.filter((uid) => !kept.has(uid)) });
        const what = uids.length === 1 ? 'the message' : messageCount(kept.size);
        this.host.notice(`Could not ${FAILURE_VERBS[kind]} ${what}: ${answer.error.message}`);
        if (answer.error.code === ErrorCode.UidValidityChanged) this.host.reload();
        if (moved === 0) return;
        break;
      }
      // The rows stay hidden: the gateway's expunge push (sent before this answer) removed them.
      moved += answer.data.moved;
      where = answer.data.destination;
      // One batch without a token (no UIDPLUS, or its join failed): no Undo for any of them.
      undoable &&= answer.data.undo !== null;
      undo = undoable ? answer.data.undo : null;
    }
    const label = describeRemoval(kind, moved, where ? this.host.folderLabel(where) : null);
    const lasts = undo ? UNDO_WINDOW_MS : RESTORED_NOTE_MS;
    this.host.outcome({ label, token: undo, expiresAt: this.host.now() + lasts });
  }

  private send(
    kind: Removal,
    socket: GatewaySocket,
    request: { mailbox: string; uidValidity: number; uids: number[]; joinUndo?: string },
    destination: string | undefined,
  ): Promise<Ack<MoveResult>> {
    switch (kind) {
      case Removal.Move:
        return moveMessages(socket, { ...request, destination: destination! });
      case Removal.Archive:
        return archiveMessages(socket, request);
      case Removal.Delete:
        return deleteMessages(socket, request);
      case Removal.DeleteForever:
        return deleteMessages(socket, { ...request, permanently: true });
      case Removal.Junk:
      case Removal.NotJunk:
        return reportJunk(socket, { ...request, junk: kind === Removal.Junk });
    }
  }

  async undo(token: string): Promise<void> {
    const socket = this.host.socket();
    if (!socket) return;
    this.host.outcome(null);
    const answer = await undoAction(socket, token);
    if (socket !== this.host.socket()) return;
    if (!answer.ok) {
      this.host.notice(`Could not undo: ${answer.error.message}`);
      return;
    }
    this.host.outcome({
      label: `Restored ${messageCount(answer.data.restored)}`,
      token: null,
      expiresAt: this.host.now() + RESTORED_NOTE_MS,
    });
  }
}
