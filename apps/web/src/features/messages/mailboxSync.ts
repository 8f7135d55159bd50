import {
  ErrorCode,
  Flag,
  hasFlag,
  MAX_WINDOW,
  type Ack,
  type MessageSummary,
  type MessageWindow,
  type ProtocolError,
} from '@tidings/protocol';
import { listMessages, openMailbox, setFlags, type GatewaySocket } from '../../lib/socket.ts';
import { emptyJournal, eventsSince, recordEvent, type EventJournal } from './eventJournal.ts';
import { FetchScheduler } from './fetchScheduler.ts';
import {
  applyMailboxEvent,
  noteSeq,
  positionOf,
  receiveWindow,
  retain,
  rowAt,
  updateFlags,
  type MailboxEvent,
  type MessageWindowState,
  type PositionRange,
} from './messageWindow.ts';
import { pageRows, windowAround, WINDOW_PAGES } from './viewport.ts';

export const INBOX_PATH = 'INBOX';
/** Loaded rows may grow to this many windows (by arrivals at the top) before being cut back. */
const LOADED_ROWS_LIMIT_PAGES = 2;
/** How long a newly arrived row keeps its arrival styling. */
const ARRIVAL_HIGHLIGHT_MS = 1_500;

/** What the open mailbox contributes to the screen. */
export interface MailboxView {
  /** Path of the mailbox shown in the list. */
  current: string;
  /** The loaded part of the current mailbox; null while it opens. */
  list: MessageWindowState | null;
  listError: string | null;
  selected: MessageSummary | null;
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
}

/**
 * Keeps the open mailbox's list in step with the gateway: opens and re-opens it, loads the
 * rows around the viewport, applies pushes through the pure reducer, and marks messages read.
 */
export class MailboxSync {
  private journal: EventJournal = emptyJournal(0);
  private viewport: PositionRange = { from: 0, to: 0 };
  /** Bumped by every (re)open and stop; answers belonging to an older one are dropped. */
  private openSerial = 0;
  private readonly fetches = new FetchScheduler({
    current: () => ({ list: this.host.view().list, viewport: this.viewport }),
    request: (range) => this.requestRange(range),
    onAnswer: (answer) => this.onRangeAnswer(answer),
  });

  constructor(private readonly host: MailboxSyncHost) {}

  /**
   * The socket (re)connected. Events missed meanwhile are either replayed by the gateway
   * (after `lastSeq`) or covered by the resync; the journal restarts from what was seen.
   */
  connected(lastSeq: number | undefined, reconnect: boolean): void {
    this.journal = emptyJournal(lastSeq ?? 0);
    void this.reload(reconnect ? 'resync' : 'open');
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
    this.fetches.cancel();
    this.host.update({ current: path, list: null, listError: null, selected: null });
    void this.reload('open');
  }

  /** The list view reports which positions are on screen. */
  setViewport(visible: PositionRange): void {
    this.viewport = visible;
    this.ensureLoaded();
  }

  select(uid: number): void {
    const list = this.host.view().list;
    const position = list ? positionOf(list, uid) : undefined;
    const row = list && position !== undefined ? rowAt(list, position) : undefined;
    if (!row) return;
    this.host.update({ selected: row });
    if (!hasFlag(row.flags, Flag.Seen)) void this.markSeen(row.uid);
  }

  /** Moves the selection by `delta` rows; returns the position to bring into view. */
  moveSelection(delta: number): number | null {
    const { list, selected } = this.host.view();
    if (!list || list.total === 0) return null;
    const from = selected ? positionOf(list, selected.uid) : undefined;
    const target =
      from === undefined ? this.viewport.from : Math.min(list.total - 1, Math.max(0, from + delta));
    const row = rowAt(list, target);
    if (row && row.uid !== selected?.uid) this.select(row.uid);
    return target;
  }

  // ---------------------------------------------------------------------------------------
  // Pushes

  onListEvent(entry: MailboxEvent): void {
    // Journalled even while the mailbox opens: the answer will be brought up to date with it.
    this.journal = recordEvent(this.journal, entry);
    const { list: before, selected } = this.host.view();
    if (!before) return;
    const list = this.bounded(applyMailboxEvent(before, entry));
    if (list === before) return;
    const expungedSelection =
      entry.type === 'expunged' &&
      entry.event.mailbox === list.mailbox &&
      entry.event.removed.some((r) => r.uid === selected?.uid);
    this.host.update({ list, selected: expungedSelection ? null : freshSelection(list, selected) });
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
    const mailbox = this.host.view().current;
    const limit = Math.min(MAX_WINDOW, pageRows(this.viewport) * WINDOW_PAGES);
    const opened = await openMailbox(socket, { mailbox, limit });
    const superseded = () => serial !== this.openSerial || socket !== this.host.socket();
    if (superseded()) return;
    if (!opened.ok) return this.onOpenFailure(opened.error, mode);

    let answer: MessageWindow = opened.data;
    const known = this.host.view().list;
    if (mode === 'resync' && known?.mailbox === mailbox && this.viewport.from > 0) {
      const want = windowAround(this.viewport, answer.total);
      if (want.from > 0) {
        const placed = await listMessages(socket, {
          mailbox,
          uidValidity: answer.uidValidity,
          offset: want.from,
          limit: want.to - want.from,
        });
        if (superseded()) return;
        if (placed.ok) answer = placed.data;
      }
    }
    this.receive(answer, true, true);
  }

  private onOpenFailure(error: ProtocolError, mode: 'open' | 'resync'): void {
    const { current, list } = this.host.view();
    if (error.code === ErrorCode.MailboxNotFound && current !== INBOX_PATH) {
      this.host.notice(error.message);
      this.open(INBOX_PATH);
    } else if (mode === 'open' || !list) {
      this.host.update({ listError: error.message });
    } else {
      this.host.notice(error.message);
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
    this.host.update({ list, listError: null, selected: freshSelection(list, view.selected) });
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

  // ---------------------------------------------------------------------------------------
  // Flags

  /** Marks a message read at once, and takes it back if the server refuses. */
  private async markSeen(uid: number): Promise<void> {
    const socket = this.host.socket();
    const list = this.host.view().list;
    if (!socket || !list) return;
    const { mailbox, uidValidity } = list;
    this.changeFlags(mailbox, uidValidity, [uid], (flags) =>
      hasFlag(flags, Flag.Seen) ? [...flags] : [...flags, Flag.Seen],
    );
    const answer = await setFlags(socket, { mailbox, uidValidity, uids: [uid], add: [Flag.Seen] });
    if (socket !== this.host.socket()) return;
    if (answer.ok) {
      for (const change of answer.data.changes) {
        this.changeFlags(mailbox, uidValidity, [change.uid], () => change.flags);
      }
      return;
    }
    this.changeFlags(mailbox, uidValidity, [uid], (flags) =>
      flags.filter((flag) => flag.toLowerCase() !== Flag.Seen.toLowerCase()),
    );
    this.host.notice(`Could not mark the message as read: ${answer.error.message}`);
    if (answer.error.code === ErrorCode.UidValidityChanged) void this.reload('resync');
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
function freshSelection(
  list: MessageWindowState,
  selected: MessageSummary | null,
): MessageSummary | null {
  if (!selected) return null;
  const position = positionOf(list, selected.uid);
  return position === undefined ? selected : (rowAt(list, position) ?? selected);
}
