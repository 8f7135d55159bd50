import {
  ErrorCode,
  type Ack,
  type MessageSummary,
  type MessageWindow,
  type ProtocolError,
} from '@tidings/protocol';
import { listMessages, type GatewaySocket } from '../../lib/socket.ts';
import { coverGaps, openGap, type ListSync } from '../connection/connectionStatus.ts';
import { emptyJournal, eventsSince, recordEvent, type EventJournal } from './eventJournal.ts';
import { FetchScheduler } from './fetchScheduler.ts';
import type { SearchView } from '../search/searchResults.ts';
import { freshSelection, MessageActions } from './messageActions.ts';
import {
  applyMailboxEvent,
  noteSeq,
  receiveWindow,
  retain,
  type MailboxEvent,
  type MessageWindowState,
  type PositionRange,
} from './messageWindow.ts';
import { MoveActions, type ActionOutcome, type Removal } from './moveActions.ts';
import { reopenMailbox } from './reopenMailbox.ts';
import { loadSeenPolicy } from './seenPolicy.ts';
import type { ClickKind } from './selection.ts';
import { shownListCache } from './shownList.ts';
import { windowAround } from './viewport.ts';

export const INBOX_PATH = 'INBOX';
/** Loaded rows may grow to this many windows (by arrivals at the top) before being cut back. */
const LOADED_ROWS_LIMIT_PAGES = 2;
/** How long a newly arrived row keeps its arrival styling. */
const ARRIVAL_HIGHLIGHT_MS = 1_500;
/** A re-open that failed while an untrusted list stays on screen is tried again after this. */
const REOPEN_RETRY_MS = 5_000;

/** What the open mailbox contributes to the screen. */
export interface MailboxView {
  /** Path of the mailbox shown in the list. */
  current: string;
  /** The loaded part of the current mailbox; null while it opens. */
  list: MessageWindowState | null;
  listError: string | null;
  /** The message open in the reader. */
  selected: MessageSummary | null;
  /** Selected rows (display order): the open message alone, or several for bulk actions. */
  checked: readonly number[];
  /** The row the last click or keyboard move was on: shift-click ranges and Enter start here. */
  anchor: number | null;
  /** Rows taken away by an action of this tab, hidden until the server's expunge arrives. */
  hidden: readonly number[];
  /** A search shown in place of the folder, or null. */
  search: SearchView | null;
  /** Gaps in the event stream and whether a re-open has covered them yet. */
  listSync: ListSync;
}

const shownCache = shownListCache();

/** The rows the list shows: the search's or the folder's, without the hidden ones. */
export function shownList(view: MailboxView): MessageWindowState | null {
  const base = view.search ? view.search.results : view.list;
  return shownCache(base, view.hidden);
}

export interface MailboxSyncHost {
  /** The account's socket, connected or not; null once stopped. */
  socket(): GatewaySocket | null;
  view(): MailboxView;
  update(patch: Partial<MailboxView>): void;
  notice(message: string): void;
  later(ms: number, run: () => void): void;
  /** The gateway's seq started over (see `receive`): remember this one as the latest. */
  restartSeq(seq: number): void;
  /** What a move, archive or delete did, with its undo token (null: clear it). */
  outcome(outcome: ActionOutcome | null): void;
  folderLabel(path: string): string;
}

/**
 * Keeps the open mailbox's list in step with the gateway: opens and re-opens it, loads the
 * rows around the viewport, applies pushes through the pure reducer, and marks messages read.
 */
export class MailboxSync {
  private journal: EventJournal = emptyJournal(0);
  private viewport: PositionRange = { from: 0, to: 0 };
  /** The positions on screen of whatever the list shows (a search's results too). */
  private shownViewport: PositionRange = { from: 0, to: 0 };
  /** Bumped by every (re)open and stop; answers belonging to an older one are dropped. */
  private openSerial = 0;
  /** A failed re-open is being retried: its notice has been shown once already. */
  private retryingReopen = false;
  private readonly fetches = new FetchScheduler({
    current: () => ({ list: this.host.view().list, viewport: this.viewport }),
    request: (range) => this.requestRange(range),
    onAnswer: (answer) => this.onRangeAnswer(answer),
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
    this.journal = emptyJournal(seq);
    this.host.update({
      listSync: openGap(listSync),
      ...(list && { list: { ...list, seq, stale: true } }),
    });
  }

  disconnected(): void {
    this.fetches.cancel();
  }

  stop(): void {
    this.openSerial += 1;
    this.fetches.cancel();
  }

  open(path: string): void {
    const view = this.host.view();
    if (path === view.current && view.list) return;
    this.viewport = { from: 0, to: 0 };
    this.shownViewport = { from: 0, to: 0 };
    this.fetches.cancel();
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

  /** The list view reports which positions are on screen. */
  setViewport(visible: PositionRange): void {
    this.shownViewport = visible;
    // Search results are loaded whole; their positions say nothing about the folder's.
    if (this.host.view().search) return;
    this.viewport = visible;
    this.ensureLoaded();
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
    // Journalled even while the mailbox opens: the answer will be brought up to date with it.
    this.journal = recordEvent(this.journal, entry);
    const { list: before, selected, checked } = this.host.view();
    if (!before) return;
    const list = this.bounded(applyMailboxEvent(before, entry));
    if (list === before) return;
    const gone =
      entry.type === 'expunged' && entry.event.mailbox === list.mailbox
        ? new Set(entry.event.removed.map((r) => r.uid))
        : null;
    const expungedSelection = selected !== null && gone?.has(selected.uid) === true;
    this.host.update({
      list,
      selected: expungedSelection ? null : freshSelection(list, selected),
      ...(gone && { checked: checked.filter((uid) => !gone.has(uid)) }),
    });
    if (entry.type === 'added' && list.arrived.length > 0) this.settleArrivals(list.arrived);
    if (list.stale && !before.stale) void this.reload('resync');
    else this.ensureLoaded();
  }

  /** An account event that does not change the list still moves its seq forward. */
  onOtherEvent(seq: number): void {
    const list = this.host.view().list;
    if (list) this.host.update({ list: noteSeq(list, seq) });
  }

  onReset(mailbox: string, seq: number): void {
    const { current, list } = this.host.view();
    if (mailbox === current && (!list || seq > list.seq)) void this.reload('resync');
  }

  /**
   * Arrivals at the top grow a window that starts there; past a limit it is cut back to the
   * pages around the viewport, so a tab left open for days does not hoard summaries.
   */
  private bounded(list: MessageWindowState): MessageWindowState {
    const keep = windowAround(this.viewport, list.total);
    if (list.rows.length <= LOADED_ROWS_LIMIT_PAGES * (keep.to - keep.from)) return list;
    return retain(list, keep);
  }

  private settleArrivals(uids: readonly number[]): void {
    const arrived = new Set(uids);
    this.host.later(ARRIVAL_HIGHLIGHT_MS, () => {
      const list = this.host.view().list;
      if (!list?.arrived.some((uid) => arrived.has(uid))) return;
      this.host.update({ list: { ...list, arrived: list.arrived.filter((u) => !arrived.has(u)) } });
    });
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
    this.fetches.cancel();
    const { current: mailbox, listSync } = this.host.view();
    const gapsAtRequest = listSync.gaps;
    const known = this.host.view().list;
    const superseded = () => serial !== this.openSerial || socket !== this.host.socket();
    const answer = await reopenMailbox(socket, {
      mailbox,
      viewport: this.viewport,
      keepPlace: mode === 'resync' && known?.mailbox === mailbox,
      stillWanted: () => !superseded(),
    });
    if (superseded()) return;
    if (!answer.ok) return this.onOpenFailure(answer.error, mode, serial, gapsAtRequest);
    this.retryingReopen = false;
    this.receive(answer.data, true, true);
    this.host.update({ listSync: coverGaps(this.host.view().listSync, gapsAtRequest) });
  }

  private onOpenFailure(
    error: ProtocolError,
    mode: 'open' | 'resync',
    serial: number,
    gapsAtRequest: number,
  ): void {
    const { current, list, listSync } = this.host.view();
    if (error.code === ErrorCode.MailboxNotFound && current !== INBOX_PATH) {
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

  /**
   * Takes in a window answer; false when it is too old to bring up to date. An `authoritative`
   * answer (to a re-open) is taken even then, as the new starting point: the journal not
   * reaching back that far means the gateway's seq started over (a restart), and nothing
   * applied before can be trusted to line up with it.
   */
  private receive(window: MessageWindow, replace: boolean, authoritative = false): boolean {
    const view = this.host.view();
    if (window.mailbox !== view.current) return true;
    let later = eventsSince(this.journal, window.mailbox, window.seq);
    let current = view.list;
    if (later === null) {
      if (!authoritative) return false;
      this.journal = emptyJournal(window.seq);
      this.host.restartSeq(window.seq);
      later = [];
      current = null;
    }
    const list = receiveWindow(current, window, later, {
      replace,
      keep: windowAround(this.viewport, window.total),
    });
    // A new uidValidity: the UIDs this tab held (selected, hidden) name other messages now.
    const renumbered = view.list !== null && view.list.uidValidity !== list.uidValidity;
    this.host.update({
      list,
      listError: null,
      ...(renumbered
        ? { selected: null, checked: [], anchor: null, hidden: [] }
        : { selected: freshSelection(list, view.selected) }),
    });
    this.ensureLoaded();
    return true;
  }

  /** Asks for the rows around the viewport when they are not loaded yet. */
  private ensureLoaded(): void {
    const list = this.host.view().list;
    if (!list || !this.host.socket()?.connected || list.stale) return;
    this.fetches.consider();
  }

  private requestRange(range: PositionRange): Promise<Ack<MessageWindow>> | null {
    const socket = this.host.socket();
    const list = this.host.view().list;
    if (!socket || !list) return null;
    return listMessages(socket, {
      mailbox: list.mailbox,
      uidValidity: list.uidValidity,
      offset: range.from,
      limit: range.to - range.from,
    });
  }

  /** An answer the scheduler kept (not superseded, still near the viewport). */
  private onRangeAnswer(answer: Ack<MessageWindow>): void {
    if (!answer.ok) {
      if (answer.error.code === ErrorCode.UidValidityChanged) void this.reload('resync');
      return;
    }
    const list = this.host.view().list;
    if (!list || answer.data.mailbox !== list.mailbox) return;
    // Too old to replay onto (the journal moved on): ask for the same place again.
    if (!this.receive(answer.data, false)) this.ensureLoaded();
  }
}
