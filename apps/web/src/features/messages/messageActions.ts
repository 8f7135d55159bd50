import {
  ErrorCode,
  Flag,
  hasFlag,
  MAX_ACTION_UIDS,
  tagsOf,
  uidsOfSequenceSet,
  type MessageSummary,
} from '@tidings/protocol';
import { folderUids } from '../../lib/folderRequests.ts';
import { setFlags, type GatewaySocket } from '../../lib/socket.ts';
import {
  positionOf,
  rowAt,
  updateFlags,
  type MessageWindowState,
  type PositionRange,
} from './messageWindow.ts';
import type { MailboxView } from './mailboxView.ts';
import { messageCount } from './moveActions.ts';
import type { SeenPolicy } from './seenPolicy.ts';
import { clickSelection, inBatches, selectAll, type ClickKind } from './selection.ts';

export interface MessageActionsHost {
  socket(): GatewaySocket | null;
  view(): MailboxView;
  /** The rows on screen: the folder's or the search's, without those an action took away. */
  shown(): MessageWindowState | null;
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

/** How a flag change is told when the server refuses it: "Could not flag the message". */
const FLAG_VERBS: Record<string, [on: string, off: string]> = {
  [Flag.Seen.toLowerCase()]: ['mark as read', 'mark as unread'],
  [Flag.Flagged.toLowerCase()]: ['flag', 'unflag'],
};

function refusedFlagChange(flag: string, on: boolean, what: string): string {
  const tag = tagsOf([flag])[0];
  if (tag) {
    return on ? `Could not tag ${what} ${tag.name}` : `Could not take ${tag.name} off ${what}`;
  }
  const verbs = FLAG_VERBS[flag.toLowerCase()] ?? [`set ${flag} on`, `remove ${flag} from`];
  return `Could not ${verbs[on ? 0 : 1]} ${what}`;
}

/**
 * What the user does to messages in the list: selecting (which opens one and marks it read)
 * and changing flags. Changes show at once and are taken back if the server refuses; the
 * gateway's own push confirms them to every tab.
 */
export class MessageActions {
  /** Bumped by every selection and explicit flag change: a pending delayed mark-read is void. */
  private selectionSerial = 0;

  constructor(private readonly host: MessageActionsHost) {}

  /** Opens one message in the reader; it alone is selected. */
  select(uid: number): void {
    const list = this.host.shown();
    const position = list ? positionOf(list, uid) : undefined;
    const row = list && position !== undefined ? rowAt(list, position) : undefined;
    if (!list || !row) return;
    const serial = ++this.selectionSerial;
    this.host.update({ selected: row, checked: [uid], anchor: uid });
    if (hasFlag(row.flags, Flag.Seen)) return;
    const policy = this.host.seenPolicy();
    if (policy.mode === 'immediately') {
      void this.setSeen(row.uid, true);
    } else if (policy.mode === 'after') {
      const { mailbox, uidValidity } = list;
      this.host.later(policy.seconds * 1_000, () => {
        const view = this.host.view();
        const shown = this.host.shown();
        if (
          serial === this.selectionSerial &&
          view.selected?.uid === uid &&
          shown?.mailbox === mailbox &&
          shown.uidValidity === uidValidity &&
          !hasFlag(view.selected.flags, Flag.Seen)
        ) {
          void this.setSeen(uid, true);
        }
      });
    }
  }

  /** A click on a row, plain or with shift/ctrl: one selected row opens, several do not. */
  click(uid: number, kind: ClickKind): void {
    const list = this.host.shown();
    if (!list) return;
    const { checked, anchor } = this.host.view();
    const next = clickSelection(
      { checked, anchor },
      uid,
      kind,
      list.rows.map((row) => row.uid),
    );
    this.applySelection(next.checked, next.anchor);
  }

  /** Every loaded row of the list (or search) in view. */
  selectAll(): void {
    const list = this.host.shown();
    if (!list) return;
    const { checked, anchor } = this.host.view();
    const next = selectAll(
      { checked, anchor },
      list.rows.map((row) => row.uid),
    );
    this.applySelection(next.checked, next.anchor);
  }

  /** Back to the list (narrow windows show the reader full screen); the anchor stays. */
  clearSelection(): void {
    this.selectionSerial += 1;
    this.host.update({ selected: null, checked: [] });
  }

  /**
   * Opens the row the keyboard is on (the last one opened or clicked), else the first row in
   * view. Nothing happens while a message is open or several are selected.
   */
  openCursor(): number | null {
    const { selected, checked, anchor } = this.host.view();
    const list = this.host.shown();
    if (!list || list.total === 0 || selected || checked.length > 1) return null;
    const at = anchor !== null ? positionOf(list, anchor) : undefined;
    const position = at ?? Math.min(list.total - 1, this.host.viewport().from);
    const row = rowAt(list, position);
    if (row) this.select(row.uid);
    return position;
  }

  /** Moves the selection by `delta` rows; returns the position to bring into view. */
  moveSelection(delta: number): number | null {
    const { selected, anchor } = this.host.view();
    const list = this.host.shown();
    if (!list || list.total === 0) return null;
    const from =
      (selected ? positionOf(list, selected.uid) : undefined) ??
      (anchor !== null ? positionOf(list, anchor) : undefined);
    const target =
      from === undefined
        ? Math.min(list.total - 1, this.host.viewport().from)
        : Math.min(list.total - 1, Math.max(0, from + delta));
    const row = rowAt(list, target);
    if (row && row.uid !== selected?.uid) this.select(row.uid);
    return target;
  }

  /** Marks one message read or unread (the reader's button, the mark-read policy). */
  setSeen(uid: number, seen: boolean): Promise<void> {
    return this.setFlag([uid], Flag.Seen, seen);
  }

  /**
   * Adds or removes a flag: shown at once, stored through `message:setFlags` (whose push tells
   * the account's other tabs), taken back if the server refuses.
   */
  async setFlag(uids: readonly number[], flag: string, on: boolean): Promise<void> {
    const socket = this.host.socket();
    const list = this.host.shown();
    if (!socket || !list || uids.length === 0) return;
    this.selectionSerial += 1;
    const { mailbox, uidValidity } = list;
    const wanted = flag.toLowerCase();
    const withFlag = (flags: readonly string[]) =>
      hasFlag(flags, flag) ? [...flags] : [...flags, flag];
    const withoutFlag = (flags: readonly string[]) =>
      flags.filter((f) => f.toLowerCase() !== wanted);
    this.changeFlags(mailbox, uidValidity, uids, on ? withFlag : withoutFlag);
    // A whole big folder goes as several requests.
    const batches = inBatches(uids, MAX_ACTION_UIDS);
    for (let i = 0; i < batches.length; i++) {
      const answer = await setFlags(socket, {
        mailbox,
        uidValidity,
        uids: batches[i]!,
        ...(on ? { add: [flag] } : { remove: [flag] }),
      });
      if (socket !== this.host.socket()) return;
      if (answer.ok) {
        // Each row as the server now has it, in one pass.
        const flagsOf = new Map(answer.data.changes.map((change) => [change.uid, change.flags]));
        this.changeFlags(
          mailbox,
          uidValidity,
          [...flagsOf.keys()],
          (flags, uid) => flagsOf.get(uid) ?? [...flags],
        );
        continue;
      }
      // This request and those after it are taken back; those before it stand.
      const refused = batches.slice(i).flat();
      this.changeFlags(mailbox, uidValidity, refused, on ? withoutFlag : withFlag);
      const what = refused.length === 1 ? 'the message' : messageCount(refused.length);
      this.host.notice(`${refusedFlagChange(flag, on, what)}: ${answer.error.message}`);
      if (answer.error.code === ErrorCode.UidValidityChanged) this.host.reload();
      return;
    }
  }

  /**
   * Every message of the open folder, loaded or not: the gateway says which there are now
   * (mail that arrives later is not selected, so an action leaves it alone).
   */
  async selectWholeFolder(): Promise<void> {
    const socket = this.host.socket();
    const list = this.host.shown();
    if (!socket || !list) return;
    const serial = ++this.selectionSerial;
    const answer = await folderUids(socket, { mailbox: list.mailbox });
    const now = this.host.shown();
    if (socket !== this.host.socket() || serial !== this.selectionSerial) return;
    if (!now || now.mailbox !== list.mailbox) return;
    if (!answer.ok) {
      this.host.notice(`Could not select every message: ${answer.error.message}`);
      return;
    }
    if (answer.data.uidValidity !== now.uidValidity) {
      this.host.reload();
      return;
    }
    // Newest first; not those an action is taking away.
    const hidden = new Set(this.host.view().hidden);
    const uids = uidsOfSequenceSet(answer.data.uids)
      .filter((uid) => !hidden.has(uid))
      .reverse();
    this.applySelection(uids, this.host.view().anchor);
  }

  private applySelection(checked: readonly number[], anchor: number | null): void {
    if (checked.length === 1) {
      const only = checked[0]!;
      if (this.host.view().selected?.uid !== only) this.select(only);
      else this.host.update({ checked, anchor });
      return;
    }
    this.selectionSerial += 1;
    this.host.update({ checked, anchor, selected: null });
  }

  /** Applies a flag change to the folder's rows and the search's, whichever hold the messages. */
  private changeFlags(
    mailbox: string,
    uidValidity: number,
    uids: readonly number[],
    change: (flags: readonly string[], uid: number) => string[],
  ): void {
    const { list, search, selected } = this.host.view();
    const patch: Partial<MailboxView> = {};
    const same = (w: MessageWindowState | null | undefined): w is MessageWindowState =>
      !!w && w.mailbox === mailbox && w.uidValidity === uidValidity;
    if (same(list)) patch.list = updateFlags(list, uids, change);
    if (search && same(search.results)) {
      patch.search = { ...search, results: updateFlags(search.results, uids, change) };
    }
    if (selected && uids.includes(selected.uid) && same(this.host.shown())) {
      patch.selected = { ...selected, flags: change(selected.flags, selected.uid) };
    }
    if (Object.keys(patch).length > 0) this.host.update(patch);
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
