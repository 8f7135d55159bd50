import type { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import {
  ErrorCode,
  Events,
  MAX_LISTED_ADDED,
  isNewestFirst,
  type MessageSummary,
  type MessageWindow,
  type SortOrder,
} from '@tidings/protocol';
import type { MailboxState, MessageFlags, RemovedMessage } from '../imap/mailbox-state.ts';
import { AccountError } from './account-error.ts';
import type { PayloadOf, SequencedEvent } from './event-log.ts';
import { listEventHead } from './list-event-head.ts';
import { MailboxEvents } from './mailbox-events.ts';
import { MailboxResync } from './mailbox-resync.ts';
import { MailboxRows } from './mailbox-rows.ts';
import { isServerSort } from '../imap/sort-command.ts';
import { SortedOrders, type SortOn } from './sorted-orders.ts';

/** Window rebuild passes when messages keep arriving during the fetch. */
const WINDOW_FETCH_PASSES = 3;
const noop = () => undefined;

export interface WatchedMailboxDeps {
  logger: Logger;
  /** The command connection, for envelopes; throws AccountError when unavailable. */
  commandClient(): Promise<ImapFlow>;
  /** Where the sorts for sorted windows run: the account's sort connection. */
  sortOn: SortOn;
  /** Is this the account's current idle connection (events from a dropped one are stale)? */
  isCurrentIdle(client: ImapFlow): boolean;
  push<E extends SequencedEvent>(event: E, payload: Omit<PayloadOf<E>, 'seq'>): void;
  currentSeq(): number;
  /** New mail was pushed (live searches check it against their queries). */
  onMessagesAdded?(path: string, uids: number[]): void;
  /** Does this idle connection get new messages' rows with their EXISTS (NOTIFY, notify.ts)? */
  pushesNewMessages?(client: ImapFlow): boolean;
  /** Which of these UIDs an undo put back (restored-mail.ts): shown, but not new mail. */
  restoredAmong?(path: string, uidValidity: number, uids: number[]): ReadonlySet<number>;
}

/**
 * The mailbox the idle connection watches, and everything that keeps the browser's view of it
 * right: its state, the envelope cache (mailbox-rows.ts), the IMAP events turned into pushes
 * (mailbox-events.ts), and the resync after every (re)connect (mailbox-resync.ts). Here: the
 * state and the queue, windows read from them, and the user's own changes applied at once.
 *
 * IMAP events are applied in arrival order through one queue, because sequence numbers only
 * make sense against the state as it was when the server sent them (RFC 3501 §7.4.1).
 */
export class WatchedMailbox {
  private current: MailboxState | null = null;
  private readonly rows: MailboxRows;
  private readonly orders: SortedOrders;
  private readonly resync: MailboxResync;
  private readonly events: MailboxEvents;
  private queue: Promise<void> = Promise.resolve();
  /** The load queued or running, so a second request for the same one joins it. */
  private pendingLoad: { client: ImapFlow; path: string; done: Promise<void> } | null = null;
  /** The connection and mailbox of the last load that completed, while nothing replaced it. */
  private loadedBy: { client: ImapFlow; path: string } | null = null;
  private closed = false;

  constructor(private readonly deps: WatchedMailboxDeps) {
    this.rows = new MailboxRows(() => deps.commandClient());
    this.orders = new SortedOrders(deps.sortOn);
    const push: WatchedMailboxDeps['push'] = (event, payload) => deps.push(event, payload);
    const pushAdded = (state: MailboxState, uids: number[]) => this.pushAdded(state, uids);
    this.resync = new MailboxResync({
      logger: deps.logger,
      push,
      currentSeq: () => deps.currentSeq(),
      rows: this.rows,
      state: () => this.current,
      setState: (state) => (this.current = state),
      pushAdded,
    });
    this.events = new MailboxEvents({
      commandClient: () => deps.commandClient(),
      isCurrentIdle: (client) => deps.isCurrentIdle(client),
      pushesNewMessages: (client) => deps.pushesNewMessages?.(client) ?? false,
      push,
      rows: this.rows,
      state: () => this.current,
      pushAdded,
      enqueue: (task) => this.enqueue(task),
    });
  }

  get state(): MailboxState | null {
    return this.current;
  }

  /** Bytes of per-message state: UIDs and flag bits, and the orders kept for sorted windows. */
  get listStateBytes(): number {
    return this.current ? this.current.byteLength + this.orders.bytesFor(this.current) : 0;
  }

  close(): void {
    this.closed = true;
  }

  /** Routes a fresh idle connection's unsolicited responses into the queue. */
  listen(client: ImapFlow): void {
    this.events.listen(client);
  }

  /**
   * The server pushed a new message's row unasked (NOTIFY MessageNew with FETCH items): applied
   * in the queue like the EXISTS before it, with no round trip. Rows arriving together go out
   * as one push.
   */
  onPushedRow(client: ImapFlow, summary: MessageSummary): void {
    this.events.onPushedRow(client, summary);
  }

  /** SELECTs `path` on the idle connection and syncs the state (queued after pending events). */
  load(client: ImapFlow, path: string): Promise<void> {
    // A tab opening the mailbox while the fresh idle connection loads it asks for the same
    // load again: on 100,000 messages a second SELECT and resync cost ~0.5 s for nothing.
    const pending = this.pendingLoad;
    if (pending && pending.client === client && pending.path === path) return pending.done;
    this.loadedBy = null;
    const done = this.enqueue(() => this.resync.selectAndSync(client, path));
    const entry = { client, path, done };
    this.pendingLoad = entry;
    done.then(
      () => {
        if (this.pendingLoad === entry) {
          this.pendingLoad = null;
          this.loadedBy = { client, path };
        }
      },
      () => {
        if (this.pendingLoad === entry) this.pendingLoad = null;
      },
    );
    return done;
  }

  /**
   * Loads `path` unless this very connection already has: from then on its own events keep the
   * state current, and only a new connection (a resync) or another mailbox needs a load.
   */
  ensureLoaded(client: ImapFlow, path: string): Promise<void> {
    const loaded = this.loadedBy;
    if (loaded?.client === client && loaded.path === path && this.current?.path === path) {
      return Promise.resolve();
    }
    return this.load(client, path);
  }

  requireState(path: string, uidValidity?: number): MailboxState {
    const state = this.current;
    if (!state || state.path !== path) {
      throw new AccountError(ErrorCode.MailboxNotFound, `The folder "${path}" is not open.`);
    }
    if (uidValidity !== undefined && state.uidValidity !== uidValidity) {
      throw new AccountError(
        ErrorCode.UidValidityChanged,
        'This folder changed on the server; reload it.',
      );
    }
    return state;
  }

  /**
   * The first window of `path`, which `loading` is making the watched mailbox. Newest first, it
   * answers as soon as the newest rows are known, before the flag searches are done. In another
   * order, when `path` is not the mailbox loaded already, its SORT runs while it loads
   * (sorted-orders.ts); a loaded one has its order kept, or sorts at once.
   */
  async firstWindow(
    path: string,
    limit: number,
    sort: SortOrder | null,
    loading: Promise<unknown>,
  ): Promise<MessageWindow> {
    if (isNewestFirst(sort)) {
      const early = await this.resync.earlyWindow(path, limit, loading);
      if (early) {
        loading.catch(() => undefined);
        return early;
      }
    } else if (this.current?.path !== path && isServerSort(sort!)) {
      this.orders.prefetch(path, sort!);
    }
    await loading;
    return this.window(path, undefined, 0, limit, sort);
  }

  /**
   * The window at `[offset, offset + limit)`, newest first or in `sort`. Built synchronously
   * from the state as it is at the end, so `seq` is exact: every event with a higher seq was
   * emitted after this window was cut.
   */
  async window(
    path: string,
    uidValidity: number | undefined,
    offset: number,
    limit: number,
    sort?: SortOrder | null,
  ): Promise<MessageWindow> {
    const ordered = isNewestFirst(sort) ? null : sort!;
    for (let pass = 0; ; pass++) {
      const state = this.requireState(path, uidValidity);
      const lastPass = pass === WINDOW_FETCH_PASSES;
      let uids: number[] | null;
      if (!ordered) uids = state.uidsAt(offset, limit);
      else if (!isServerSort(ordered)) uids = state.uidsOldestFirstAt(offset, limit);
      else {
        uids = lastPass
          ? this.orders.uidsAtAnyway(state, ordered, offset, limit)
          : this.orders.uidsAt(state, ordered, offset, limit);
        if (!uids) {
          // No order read yet, or mail arrived since: SORT again, then cut from the state anew.
          await this.orders.load(state, ordered);
          continue;
        }
      }
      const missing = uids.filter((uid) => !this.rows.get(uid));
      if (missing.length === 0 || lastPass) {
        return {
          mailbox: path,
          uidValidity: state.uidValidity,
          total: state.total,
          unread: state.unread,
          offset,
          messages: uids.map((uid) => this.rows.summaryOf(state, uid)),
          seq: this.deps.currentSeq(),
          ...(ordered && { sort: ordered }),
        };
      }
      await this.rows.fetch(path, missing);
    }
  }

  /** The user's own STORE, confirmed by the server: tell every tab now, before the echo. */
  applyOwnFlags(
    path: string,
    uidValidity: number,
    uids: number[],
    add: string[],
    remove: string[],
  ): MessageFlags[] {
    const state = this.current;
    if (!state || state.path !== path || state.uidValidity !== uidValidity) return [];
    const changes: MessageFlags[] = [];
    for (const uid of uids) {
      const change = state.updateFlags(uid, add, remove);
      if (change) changes.push(change);
    }
    if (changes.length) {
      this.deps.push(Events.MessageFlagsChanged, { ...listEventHead(state), changes });
    }
    return changes;
  }

  /** The user's own MOVE/EXPUNGE, confirmed: the rows go from every tab now. */
  applyOwnRemoval(path: string, uidValidity: number, uids: number[]): RemovedMessage[] {
    const state = this.current;
    if (!state || state.path !== path || state.uidValidity !== uidValidity) return [];
    const removed = state.removeMany(uids);
    for (const r of removed) this.rows.forget(r.uid);
    if (removed.length) {
      this.deps.push(Events.MessageExpunged, { ...listEventHead(state), removed });
    }
    return removed;
  }

  /** Fetches what is new in `path` now, if it is the watched mailbox (our own undo, say). */
  pullNew(path: string): void {
    this.events.pullNew(path);
  }

  /**
   * While `done` is pending, IMAP events of `path` (if watched) wait behind it in the queue.
   * An undo moving messages back here holds it until the MOVE's answer names their new UIDs:
   * NOTIFY can push their rows before that answer, and the push must know they were restored.
   */
  holdWhile(path: string, done: Promise<unknown>): void {
    if (this.current?.path !== path) return;
    void this.enqueue(() => done.then(noop, noop));
  }

  /**
   * Pushes `message:added` for `uids` (new mail, or found by a resync), rows from the cache:
   * the newest MAX_LISTED_ADDED listed, the rest counted.
   */
  private pushAdded(state: MailboxState, uids: number[]): void {
    const newestFirst = [...uids].sort((a, b) => b - a);
    const listed = newestFirst.slice(0, MAX_LISTED_ADDED);
    const unlisted = newestFirst.length - listed.length;
    const restored = this.deps.restoredAmong?.(state.path, state.uidValidity, newestFirst);
    let unlistedUnread = 0;
    for (let i = listed.length; i < newestFirst.length; i++) {
      const uid = newestFirst[i]!;
      if (!state.isSeen(uid) && !restored?.has(uid)) unlistedUnread += 1;
    }
    const listedRestored = restored?.size ? listed.filter((uid) => restored.has(uid)) : [];
    this.deps.push(Events.MessageAdded, {
      ...listEventHead(state),
      messages: listed.map((uid) => this.rows.summaryOf(state, uid)),
      ...(unlisted > 0 && { unlisted, unlistedUnread }),
      ...(listedRestored.length > 0 && { restored: listedRestored }),
    });
    this.deps.onMessagesAdded?.(state.path, newestFirst);
  }

  /** Runs `task` after every IMAP event and load queued before it. */
  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch((error: unknown) => {
      if (!this.closed)
        this.deps.logger.warn(
          { err: { message: (error as Error).message } },
          'mailbox update failed',
        );
    });
    return run;
  }
}
