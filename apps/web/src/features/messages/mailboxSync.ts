import {
  ErrorCode,
  NEWEST_FIRST,
  isNewestFirst,
  sameSort,
  type ProtocolError,
  type SortOrder,
} from '@tidings/protocol';
import type { GatewaySocket } from '../../lib/socket.ts';
import { coverGaps, openGap } from '../connection/connectionStatus.ts';
import type { FolderCounts } from '../folders/folderTree.ts';
import { MessageActions } from './messageActions.ts';
import type { MailboxEvent, PositionRange } from './messageWindow.ts';
import { MessageWindowSync } from './messageWindowSync.ts';
import { MoveActions, type ActionOutcome, type Removal } from './moveActions.ts';
import { reopenMailbox } from './reopenMailbox.ts';
import { INBOX_PATH, shownList, type MailboxView } from './mailboxView.ts';
import { loadSeenPolicy } from './seenPolicy.ts';
import type { ClickKind } from './selection.ts';

/** A re-open that failed while an untrusted list stays on screen is tried again after this. */
const REOPEN_RETRY_MS = 5_000;

export interface MailboxSyncHost {
  /** The account's socket, connected or not; null once stopped. */
  socket(): GatewaySocket | null;
  view(): MailboxView;
  update(patch: Partial<MailboxView>): void;
  notice(message: string): void;
  later(ms: number, run: () => void): void;
  /**
   * The gateway's seq started over (see `MessageWindowSync.receive`): remember this one as the
   * latest.
   */
  restartSeq(seq: number): void;
  /** What a move, archive or delete did, with its undo token (null: clear it). */
  outcome(outcome: ActionOutcome | null): void;
  folderLabel(path: string): string;
  /**
   * The open mailbox's counts as a (re)open answer gives them, for the folder list: the gateway
   * pushes no `mailbox:countsChanged` for a mailbox a tab has open.
   */
  counts(counts: FolderCounts): void;
  /** The app changed the order by itself (the server cannot sort): keep it as the choice. */
  sortChanged(order: SortOrder): void;
  /**
   * Whether this tab is renaming the folder `path` is in (`FolderListSync.hold`): then the
   * folder not being found is that rename, whose answer opens its new path, not a deletion.
   */
  beingRenamed(path: string): boolean;
}

/**
 * Keeps the open mailbox's list in step with the gateway: opens and re-opens it, loads the
 * rows around the viewport, applies pushes through the pure reducer, and marks messages read.
 */
export class MailboxSync {
  /** The positions on screen of whatever the list shows (a search's results too). */
  private shownViewport: PositionRange = { from: 0, to: 0 };
  /** Bumped by every (re)open and stop; answers belonging to an older one are dropped. */
  private openSerial = 0;
  /** A failed re-open is being retried: its notice has been shown once already. */
  private retryingReopen = false;
  private readonly windowSync = new MessageWindowSync({
    socket: () => this.host.socket(),
    view: () => this.host.view(),
    update: (patch) => this.host.update(patch),
    later: (ms, run) => this.host.later(ms, run),
    restartSeq: (seq) => this.host.restartSeq(seq),
    reload: () => void this.reload('resync'),
    unsupported: (message) => this.sortUnsupported(message),
  });

  private readonly actions = new MessageActions({
    socket: () => this.host.socket(),
    view: () => this.host.view(),
    shown: () => shownList(this.host.view()),
    viewport: () => this.shownViewport,
    update: (patch) => this.host.update(patch),
    notice: (message) => this.host.notice(message),
    reload: () => void this.reload('resync'),
    later: (ms, run) => this.host.later(ms, run),
    seenPolicy: () => loadSeenPolicy(),
  });

  private readonly moves = new MoveActions({
    socket: () => this.host.socket(),
    view: () => this.host.view(),
    shown: () => shownList(this.host.view()),
    update: (patch) => this.host.update(patch),
    notice: (message) => this.host.notice(message),
    reload: () => void this.reload('resync'),
    outcome: (outcome) => this.host.outcome(outcome),
    open: (uid) => this.actions.select(uid),
    folderLabel: (path) => this.host.folderLabel(path),
    now: () => Date.now(),
  });

  constructor(private readonly host: MailboxSyncHost) {}

  /**
   * The socket (re)connected. Events missed meanwhile are either replayed by the gateway
   * (after `lastSeq`) or covered by the resync; the journal restarts from what was seen.
   */
  connected(lastSeq: number | undefined, reconnect: boolean): void {
    this.openGap(lastSeq ?? 0);
    void this.reload(reconnect ? 'resync' : 'open');
  }

  /**
   * `account:resync`: the gateway could not replay what this tab missed. Its `seq` is the new
   * starting point (after a gateway restart it may be lower than anything seen before).
   */
  resync(seq: number): void {
    this.openGap(seq);
    void this.reload('resync');
  }

  /**
   * Events may have been lost: until a re-open answers, the loaded rows are kept on screen but
   * marked stale (no merging into them, no range fetches), and re-based on `seq` so that the
   * events that follow it still apply.
   */
  private openGap(seq: number): void {
    const { list, listSync } = this.host.view();
    this.windowSync.restartJournal(seq);
    this.host.update({
      listSync: openGap(listSync),
      ...(list && { list: { ...list, seq, stale: true } }),
    });
  }

  disconnected(): void {
    this.windowSync.cancel();
  }

  stop(): void {
    this.openSerial += 1;
    this.windowSync.cancel();
  }

  open(path: string): void {
    const view = this.host.view();
    if (path === view.current && view.list) return;
    this.toTop();
    this.host.update({
      current: path,
      list: null,
      listError: null,
      selected: null,
      checked: [],
      anchor: null,
      hidden: [],
    });
    void this.reload('open');
  }

  /**
   * Shows the open folder in another order, read again from the top. The open message stays
   * open; other selected rows do not (a shift-click range means nothing in the new order). The
   * rows on screen stay, marked stale, until the new order's answer replaces them: no range
   * is fetched for them meanwhile, and the reader keeps its message.
   */
  setSort(order: SortOrder): void {
    const { sort, list, selected } = this.host.view();
    if (sameSort(order, sort)) return;
    this.toTop();
    this.host.update({
      sort: order,
      checked: selected ? [selected.uid] : [],
      anchor: selected?.uid ?? null,
      ...(list && { list: { ...list, stale: true } }),
    });
    void this.reload('open');
  }

  /** The server cannot sort: newest first, said once, and remembered as the choice. */
  private sortUnsupported(message: string): void {
    if (isNewestFirst(this.host.view().sort)) return;
    this.host.notice(message);
    this.host.sortChanged(NEWEST_FIRST);
    this.setSort(NEWEST_FIRST);
  }

  /** A newly opened list starts at the top. */
  private toTop(): void {
    this.windowSync.viewport = { from: 0, to: 0 };
    this.shownViewport = { from: 0, to: 0 };
    this.windowSync.cancel();
  }

  /** The list view reports which positions are on screen. */
  setViewport(visible: PositionRange): void {
    this.shownViewport = visible;
    // Search results are loaded whole; their positions say nothing about the folder's.
    if (this.host.view().search) return;
    this.windowSync.viewport = visible;
    this.windowSync.ensureLoaded();
  }

  select(uid: number): void {
    this.actions.select(uid);
  }

  click(uid: number, kind: ClickKind): void {
    this.actions.click(uid, kind);
  }

  selectAll(): void {
    this.actions.selectAll();
  }

  /** Every message of the folder, loaded or not. */
  selectWholeFolder(): void {
    void this.actions.selectWholeFolder();
  }

  /** Enter / o: opens the row the keyboard is on; returns its position. */
  openCursor(): number | null {
    return this.actions.openCursor();
  }

  /** Moves the selection by `delta` rows; returns the position to bring into view. */
  moveSelection(delta: number): number | null {
    return this.actions.moveSelection(delta);
  }

  clearSelection(): void {
    this.actions.clearSelection();
  }

  setFlag(uids: readonly number[], flag: string, on: boolean): void {
    void this.actions.setFlag(uids, flag, on);
  }

  /** Move, archive or delete: optimistic, rolled back with the reason if refused. */
  remove(kind: Removal, uids: readonly number[], destination?: string): void {
    void this.moves.remove(kind, uids, destination);
  }

  undo(token: string): void {
    void this.moves.undo(token);
  }

  // ---------------------------------------------------------------------------------------
  // Pushes

  onListEvent(entry: MailboxEvent): void {
    this.windowSync.onListEvent(entry);
  }

  onOtherEvent(seq: number): void {
    this.windowSync.onOtherEvent(seq);
  }

  onReset(mailbox: string, seq: number): void {
    this.windowSync.onReset(mailbox, seq);
  }

  // ---------------------------------------------------------------------------------------
  // Loading

  /**
   * Opens the current mailbox. `resync` keeps the user's place: after a reconnect, a reset
   * or an inconsistency, the window at their viewport is fetched before anything is replaced,
   * so a gap in the event stream never leaves a stale list on screen.
   */
  private async reload(mode: 'open' | 'resync'): Promise<void> {
    const socket = this.host.socket();
    if (!socket?.connected) return;
    const serial = ++this.openSerial;
    this.windowSync.cancel();
    const { current: mailbox, listSync, sort } = this.host.view();
    const gapsAtRequest = listSync.gaps;
    const known = this.host.view().list;
    const superseded = () => serial !== this.openSerial || socket !== this.host.socket();
    const answer = await reopenMailbox(socket, {
      mailbox,
      sort,
      viewport: this.windowSync.viewport,
      keepPlace: mode === 'resync' && known?.mailbox === mailbox,
      stillWanted: () => !superseded(),
    });
    if (superseded()) return;
    if (!answer.ok) return this.onOpenFailure(answer.error, mode, serial, gapsAtRequest);
    this.retryingReopen = false;
    this.windowSync.receive(answer.data, true, true);
    const { total, unread } = answer.data;
    this.host.counts({ mailbox: answer.data.mailbox, total, unread });
    this.host.update({ listSync: coverGaps(this.host.view().listSync, gapsAtRequest) });
  }

  private onOpenFailure(
    error: ProtocolError,
    mode: 'open' | 'resync',
    serial: number,
    gapsAtRequest: number,
  ): void {
    const { current, list, listSync, sort } = this.host.view();
    if (error.code === ErrorCode.Unsupported && !isNewestFirst(sort)) {
      this.sortUnsupported(error.message);
    } else if (error.code === ErrorCode.MailboxNotFound && current !== INBOX_PATH) {
      if (this.host.beingRenamed(current)) return;
      this.host.notice(error.message);
      this.open(INBOX_PATH);
    } else if (mode === 'open' || !list) {
      // Nothing stale is on screen, only the error: the tab is as current as it can be.
      this.host.update({ listError: error.message, listSync: coverGaps(listSync, gapsAtRequest) });
    } else {
      // The rows on screen may be out of date and the indicator says so; keep trying.
      if (!this.retryingReopen) this.host.notice(error.message);
      this.retryingReopen = true;
      this.host.later(REOPEN_RETRY_MS, () => {
        if (serial === this.openSerial) void this.reload('resync');
      });
    }
  }
}
