import { ErrorCode, sameSort, type Ack, type MessageWindow } from '@tidings/protocol';
import { listMessages, type GatewaySocket } from '../../lib/socket.ts';
import { sortField } from '../sort/sortOptions.ts';
import { emptyJournal, eventsSince, recordEvent, type EventJournal } from './eventJournal.ts';
import { FetchScheduler } from './fetchScheduler.ts';
import type { MailboxView } from './mailboxView.ts';
import { freshSelection } from './messageActions.ts';
import {
  applyMailboxEvent,
  noteSeq,
  receiveWindow,
  retain,
  type MailboxEvent,
  type MessageWindowState,
  type PositionRange,
} from './messageWindow.ts';
import { windowAround } from './viewport.ts';

/** Loaded rows may grow to this many windows (by arrivals at the top) before being cut back. */
const LOADED_ROWS_LIMIT_PAGES = 2;
/** How long a newly arrived row keeps its arrival styling. */
const ARRIVAL_HIGHLIGHT_MS = 1_500;

export interface MessageWindowSyncHost {
  socket(): GatewaySocket | null;
  view(): MailboxView;
  update(patch: Partial<MailboxView>): void;
  later(ms: number, run: () => void): void;
  /** The gateway's seq started over (see `receive`): remember this one as the latest. */
  restartSeq(seq: number): void;
  /** The rows can no longer be trusted (a new uidValidity, a gap, a reset): re-open the mailbox. */
  reload(): void;
  /** The server cannot list in the order asked for (no SORT); `message` says so to the user. */
  unsupported(message: string): void;
}

/**
 * The loaded rows of the open mailbox, kept in step with the gateway: pushes are applied and
 * journalled, the rows around the viewport are asked for, and each window answer is brought up
 * to date with the events journalled since it was cut.
 */
export class MessageWindowSync {
  private journal: EventJournal = emptyJournal(0);
  /** The seq of the latest answer that was stale once brought up to date (see `receive`). */
  private staleAnswerSeq = -1;
  /** The positions of the open folder on screen (a search's say nothing about the folder's). */
  viewport: PositionRange = { from: 0, to: 0 };
  private readonly fetches = new FetchScheduler({
    current: () => ({ list: this.host.view().list, viewport: this.viewport }),
    request: (range) => this.requestRange(range),
    onAnswer: (answer) => this.onRangeAnswer(answer),
  });

  constructor(private readonly host: MessageWindowSyncHost) {}

  /** Journals from `seq` on: an answer cut before it can no longer be brought up to date. */
  restartJournal(seq: number): void {
    this.journal = emptyJournal(seq);
    this.staleAnswerSeq = -1;
  }

  /** Forgets pending range fetches and drops their answers. */
  cancel(): void {
    this.fetches.cancel();
  }

  // ---------------------------------------------------------------------------------------
  // Pushes

  onListEvent(entry: MailboxEvent): void {
    // Journalled even while the mailbox opens: the answer will be brought up to date with it.
    this.journal = recordEvent(this.journal, entry);
    const { list: before, selected, checked, hidden } = this.host.view();
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
      // A row hidden by an action of ours is gone for real now: nothing more to hide.
      ...(gone && {
        checked: checked.filter((uid) => !gone.has(uid)),
        hidden: hidden.filter((uid) => !gone.has(uid)),
      }),
    });
    if (entry.type === 'added') {
      const arrived = entry.event.messages.map((message) => message.uid);
      this.settleArrivals(arrived.filter((uid) => list.arrived.includes(uid)));
    }
    if (list.stale && !before.stale) this.host.reload();
    else this.ensureLoaded();
  }

  /** An account event that does not change the list still moves its seq forward. */
  onOtherEvent(seq: number): void {
    const list = this.host.view().list;
    if (list) this.host.update({ list: noteSeq(list, seq) });
  }

  onReset(mailbox: string, seq: number): void {
    const { current, list } = this.host.view();
    if (mailbox === current && (!list || seq > list.seq)) this.host.reload();
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
    if (uids.length === 0) return;
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
   * Takes in a window answer; false when it is too old to bring up to date. An `authoritative`
   * answer (to a re-open) is taken even then, as the new starting point: the journal not
   * reaching back that far means the gateway's seq started over (a restart), and nothing
   * applied before can be trusted to line up with it.
   */
  receive(window: MessageWindow, replace: boolean, authoritative = false): boolean {
    const view = this.host.view();
    if (window.mailbox !== view.current) return true;
    let later = eventsSince(this.journal, window.mailbox, window.seq);
    let current = view.list;
    if (later === null) {
      if (!authoritative) return false;
      this.restartJournal(window.seq);
      this.host.restartSeq(window.seq);
      later = [];
      current = null;
    }
    const list = receiveWindow(current, window, later, {
      replace,
      keep: windowAround(this.viewport, window.total),
      top: this.viewport.from,
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
    if (list.stale) this.rereadStaleAnswer(window.seq);
    else this.ensureLoaded();
    return true;
  }

  /**
   * An answer stale once brought up to date (new mail newer than the answer, which a sorted
   * list cannot place) is read again. A window's seq is exact, so the next answer is cut after
   * that mail and this ends; one no newer than the last answer that needed this would not end
   * it, and is left for the next push or reconnect to correct rather than asked for in a loop.
   */
  private rereadStaleAnswer(seq: number): void {
    if (seq <= this.staleAnswerSeq) return;
    this.staleAnswerSeq = seq;
    this.host.reload();
  }

  /** Asks for the rows around the viewport when they are not loaded yet. */
  ensureLoaded(): void {
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
      // The rows loaded so far are in the list's order; the rest must follow it to fit.
      ...sortField(list.sort),
    });
  }

  /** An answer the scheduler kept (not superseded, still near the viewport). */
  private onRangeAnswer(answer: Ack<MessageWindow>): void {
    if (!answer.ok) {
      if (answer.error.code === ErrorCode.UidValidityChanged) this.host.reload();
      if (answer.error.code === ErrorCode.Unsupported) this.host.unsupported(answer.error.message);
      return;
    }
    const list = this.host.view().list;
    if (!list || answer.data.mailbox !== list.mailbox) return;
    // Asked for before the order changed: its positions mean nothing in the list shown now.
    if (!sameSort(answer.data.sort, list.sort)) return;
    // Too old to replay onto (the journal moved on): ask for the same place again.
    if (!this.receive(answer.data, false)) this.ensureLoaded();
  }
}
