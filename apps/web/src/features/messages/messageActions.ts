import { ErrorCode, Flag, hasFlag, type MessageSummary } from '@tidings/protocol';
import { setFlags, type GatewaySocket } from '../../lib/socket.ts';
import {
  positionOf,
  rowAt,
  updateFlags,
  type MessageWindowState,
  type PositionRange,
} from './messageWindow.ts';
import type { MailboxView } from './mailboxSync.ts';
import type { SeenPolicy } from './seenPolicy.ts';

export interface MessageActionsHost {
  socket(): GatewaySocket | null;
  view(): MailboxView;
  /** The positions on screen. */
  viewport(): PositionRange;
  update(patch: Partial<MailboxView>): void;
  notice(message: string): void;
  /** The mailbox changed under the request (a new uidValidity): open it again. */
  reload(): void;
  later(ms: number, run: () => void): void;
  /** When opening a message marks it read; read at every selection (another tab may change it). */
  seenPolicy(): SeenPolicy;
}

/**
 * What the user does to messages in the open mailbox: selecting (which marks read) and changing
 * them. Changes show at once and are taken back if the server refuses; the gateway's own push
 * confirms them to every tab.
 */
export class MessageActions {
  /** Bumped by every selection and explicit flag change: a pending delayed mark-read is void. */
  private selectionSerial = 0;

  constructor(private readonly host: MessageActionsHost) {}

  select(uid: number): void {
    const list = this.host.view().list;
    const position = list ? positionOf(list, uid) : undefined;
    const row = list && position !== undefined ? rowAt(list, position) : undefined;
    if (!list || !row) return;
    const serial = ++this.selectionSerial;
    this.host.update({ selected: row });
    if (hasFlag(row.flags, Flag.Seen)) return;
    const policy = this.host.seenPolicy();
    if (policy.mode === 'immediately') {
      void this.setSeen(row.uid, true);
    } else if (policy.mode === 'after') {
      const { mailbox, uidValidity } = list;
      this.host.later(policy.seconds * 1_000, () => {
        const view = this.host.view();
        if (
          serial === this.selectionSerial &&
          view.selected?.uid === uid &&
          view.list?.mailbox === mailbox &&
          view.list.uidValidity === uidValidity &&
          !hasFlag(view.selected.flags, Flag.Seen)
        ) {
          void this.setSeen(uid, true);
        }
      });
    }
  }

  /** Back to the list (narrow windows show the reader full screen). */
  clearSelection(): void {
    this.selectionSerial += 1;
    this.host.update({ selected: null });
  }

  /** Moves the selection by `delta` rows; returns the position to bring into view. */
  moveSelection(delta: number): number | null {
    const { list, selected } = this.host.view();
    if (!list || list.total === 0) return null;
    const from = selected ? positionOf(list, selected.uid) : undefined;
    const target =
      from === undefined
        ? this.host.viewport().from
        : Math.min(list.total - 1, Math.max(0, from + delta));
    const row = rowAt(list, target);
    if (row && row.uid !== selected?.uid) this.select(row.uid);
    return target;
  }

  /**
   * Marks a message read or unread: shown at once, stored through `message:setFlags` (whose
   * push tells the account's other tabs), taken back if the server refuses.
   */
  async setSeen(uid: number, seen: boolean): Promise<void> {
    const socket = this.host.socket();
    const list = this.host.view().list;
    if (!socket || !list) return;
    this.selectionSerial += 1;
    const { mailbox, uidValidity } = list;
    const withSeen = (flags: readonly string[]) =>
      hasFlag(flags, Flag.Seen) ? [...flags] : [...flags, Flag.Seen];
    const withoutSeen = (flags: readonly string[]) =>
      flags.filter((flag) => flag.toLowerCase() !== Flag.Seen.toLowerCase());
    this.changeFlags(mailbox, uidValidity, [uid], seen ? withSeen : withoutSeen);
    const answer = await setFlags(socket, {
      mailbox,
      uidValidity,
      uids: [uid],
      ...(seen ? { add: [Flag.Seen] } : { remove: [Flag.Seen] }),
    });
    if (socket !== this.host.socket()) return;
    if (answer.ok) {
      for (const change of answer.data.changes) {
        this.changeFlags(mailbox, uidValidity, [change.uid], () => change.flags);
      }
      return;
    }
    this.changeFlags(mailbox, uidValidity, [uid], seen ? withoutSeen : withSeen);
    this.host.notice(
      `Could not mark the message as ${seen ? 'read' : 'unread'}: ${answer.error.message}`,
    );
    if (answer.error.code === ErrorCode.UidValidityChanged) this.host.reload();
  }

  private changeFlags(
    mailbox: string,
    uidValidity: number,
    uids: number[],
    change: (flags: readonly string[]) => string[],
  ): void {
    const { list, selected } = this.host.view();
    if (!list || list.mailbox !== mailbox || list.uidValidity !== uidValidity) return;
    const next = updateFlags(list, uids, change);
    this.host.update({ list: next, selected: freshSelection(next, selected) });
  }
}

/** The selected message as the list now has it (fresh flags), or as it was if scrolled away. */
export function freshSelection(
  list: MessageWindowState,
  selected: MessageSummary | null,
): MessageSummary | null {
  if (!selected) return null;
  const position = positionOf(list, selected.uid);
  return position === undefined ? selected : (rowAt(list, position) ?? selected);
}
