import type { ExistsEvent, ExpungeEvent, FlagsEvent, ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import { ErrorCode, Events, type MessageSummary, type MessageWindow } from '@tidings/protocol';
import { isConnectionLost } from '../imap/connection-lost.ts';
import { readFlagSnapshot, readUidsAndUnseen } from '../imap/flag-snapshot.ts';
import { fetchFlags } from '../imap/mailbox-read.ts';
import { MailboxState, type MessageFlags, type RemovedMessage } from '../imap/mailbox-state.ts';
import { reconcile } from '../imap/reconcile.ts';
import { fetchNewer, fetchNewest, fetchSummaries } from '../imap/summary-fetch.ts';
import { SummaryCache } from '../imap/summary-cache.ts';
import { AccountError } from './account-error.ts';
import { changedSinceShown, earlyWindowOf, FirstWindow } from './first-window.ts';
import type { PayloadOf, SequencedEvent } from './event-log.ts';

/** Envelopes kept per account; a few screens of a large mailbox. */
const SUMMARY_CACHE_ENTRIES = 5_000;
/** Window rebuild passes when messages keep arriving during the fetch. */
const WINDOW_FETCH_PASSES = 3;
/** UIDs expunged recently, so a FETCH answered just before the expunge cannot resurrect them. */
const RECENTLY_VANISHED_LIMIT = 1_000;
/**
 * Newest rows read while a mailbox is loaded: what a tab's `mailbox:open` asks for next (three
 * pages of at least 40 rows, apps/web viewport.ts).
 */
const OPEN_PREFETCH_ROWS = 120;
/**
 * Where NOTIFY pushes new messages' rows, how long after an EXISTS the watched state may lag
 * behind it before the rows are fetched instead. Dovecot writes the row with the EXISTS, so
 * this only matters when a row never comes.
 */
const PUSHED_ROW_GRACE_MS = 1_000;

interface PushedRow {
  client: ImapFlow;
  path: string;
  uidValidity: number;
  summary: MessageSummary;
}

export interface WatchedMailboxDeps {
  logger: Logger;
  /** The command connection, for envelopes; throws AccountError when unavailable. */
  commandClient(): Promise<ImapFlow>;
  /** Is this the account's current idle connection (events from a dropped one are stale)? */
  isCurrentIdle(client: ImapFlow): boolean;
  push<E extends SequencedEvent>(event: E, payload: Omit<PayloadOf<E>, 'seq'>): void;
  currentSeq(): number;
  /** New mail was pushed (live searches check it against their queries). */
  onMessagesAdded?(path: string, uids: number[]): void;
  /** Does this idle connection get new messages' rows with their EXISTS (NOTIFY, notify.ts)? */
  pushesNewMessages?(client: ImapFlow): boolean;
}

/**
 * The mailbox the idle connection watches, and everything that keeps the browser's view of it
 * right: its state, the envelope cache, the IMAP events turned into pushes, and the resync
 * after every (re)connect.
 *
 * IMAP events are applied in arrival order through one queue, because sequence numbers only
 * make sense against the state as it was when the server sent them (RFC 3501 §7.4.1).
 */
export class WatchedMailbox {
  private current: MailboxState | null = null;
  /** HIGHESTMODSEQ at the last full sync, for CONDSTORE resyncs (RFC 7162 §3.1.4). */
  private syncedModseq: bigint | null = null;
  private readonly cache = new SummaryCache(SUMMARY_CACHE_ENTRIES);
  private readonly recentlyVanished = new Set<number>();
  private queue: Promise<void> = Promise.resolve();
  /** The load queued or running, so a second request for the same one joins it. */
  private pendingLoad: { client: ImapFlow; path: string; done: Promise<void> } | null = null;
  /** The connection and mailbox of the last load that completed, while nothing replaced it. */
  private loadedBy: { client: ImapFlow; path: string } | null = null;
  /** Rows the server pushed with new messages, not yet applied (they are applied as a batch). */
  private pushedRows: PushedRow[] = [];
  private readonly first = new FirstWindow();
  private closed = false;

  constructor(private readonly deps: WatchedMailboxDeps) {}

  get state(): MailboxState | null {
    return this.current;
  }

  close(): void {
    this.closed = true;
  }

  /** Routes a fresh idle connection's unsolicited responses into the queue. */
  listen(client: ImapFlow): void {
    client.on(
      'exists',
      (event: ExistsEvent) => void this.enqueue(() => this.onExists(client, event)),
    );
    client.on(
      'expunge',
      (event: ExpungeEvent) => void this.enqueue(() => this.onExpunge(client, event)),
    );
    client.on('flags', (event: FlagsEvent) => void this.enqueue(() => this.onFlags(client, event)));
  }

  /**
   * The server pushed a new message's row unasked (NOTIFY MessageNew with FETCH items): applied
   * in the queue like the EXISTS before it, with no round trip. Rows arriving together go out
   * as one push.
   */
  onPushedRow(client: ImapFlow, summary: MessageSummary): void {
    // The mailbox the row belongs to is the one selected as it arrives, not when it is applied.
    const mailbox = client.mailbox;
    if (!mailbox) return;
    this.pushedRows.push({
      client,
      path: mailbox.path,
      uidValidity: Number(mailbox.uidValidity),
      summary,
    });
    if (this.pushedRows.length === 1) void this.enqueue(() => this.addPushed());
  }

  /** SELECTs `path` on the idle connection and syncs the state (queued after pending events). */
  load(client: ImapFlow, path: string): Promise<void> {
    // A tab opening the mailbox while the fresh idle connection loads it asks for the same
    // load again: on 100,000 messages a second SELECT and resync cost ~0.5 s for nothing.
    const pending = this.pendingLoad;
    if (pending && pending.client === client && pending.path === path) return pending.done;
    this.loadedBy = null;
    const done = this.enqueue(() => this.selectAndSync(client, path));
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
   * The newest `limit` rows of `path` as soon as the load under way (`loading`) knows them,
   * before its flag searches are done; null when it cannot tell before `loading` settles.
   */
  earlyWindow(
    path: string,
    limit: number,
    loading: Promise<unknown>,
  ): Promise<MessageWindow | null> {
    return this.first.answer(path, loading, (early) =>
      earlyWindowOf(early, limit, (uid) => this.cache.get(uid), this.deps.currentSeq()),
    );
  }

  async window(
    path: string,
    uidValidity: number | undefined,
    offset: number,
    limit: number,
  ): Promise<MessageWindow> {
    for (let pass = 0; ; pass++) {
      const state = this.requireState(path, uidValidity);
      const uids = state.uidsAt(offset, limit);
      const missing = uids.filter((uid) => !this.cache.get(uid));
      if (missing.length === 0 || pass === WINDOW_FETCH_PASSES) {
        // Built synchronously from the state as it is now, so `seq` is exact: every event with
        // a higher seq was emitted after this window was cut.
        return {
          mailbox: path,
          uidValidity: state.uidValidity,
          total: state.total,
          unread: state.unread,
          offset,
          messages: uids.map((uid) => this.summaryOf(state, uid)),
          seq: this.deps.currentSeq(),
        };
      }
      await this.cacheSummaries(path, missing);
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
      this.deps.push(Events.MessageFlagsChanged, {
        mailbox: path,
        uidValidity,
        ...state.counts(),
        changes,
      });
    }
    return changes;
  }

  /** The user's own MOVE/EXPUNGE, confirmed: the rows go from every tab now. */
  applyOwnRemoval(path: string, uidValidity: number, uids: number[]): RemovedMessage[] {
    const state = this.current;
    if (!state || state.path !== path || state.uidValidity !== uidValidity) return [];
    const removed = [...uids]
      .sort((a, b) => a - b)
      .map((uid) => ({ uid, position: state.positionOf(uid) }))
      .filter((r) => r.position >= 0);
    for (const r of removed) {
      state.remove(r.uid);
      this.forget(r.uid);
    }
    if (removed.length) {
      this.deps.push(Events.MessageExpunged, {
        mailbox: path,
        uidValidity,
        ...state.counts(),
        removed,
      });
    }
    return removed;
  }

  /** Fetches what is new in `path` now, if it is the watched mailbox (our own undo, say). */
  pullNew(path: string): void {
    const state = this.current;
    if (!state || state.path !== path) return;
    void this.enqueue(() => this.addNewer(state));
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * SELECT and learn the mailbox. After a reconnect only the differences are pushed: with
   * CONDSTORE, UID SEARCH ALL (the set) plus FETCH CHANGEDSINCE (the flags); without, every
   * UID's flags. A FETCH by sequence number may not be interleaved with EXPUNGE responses
   * (RFC 3501 §7.4.1), so what it yields is exactly this connection's view.
   */
  private async selectAndSync(client: ImapFlow, path: string): Promise<void> {
    let mailbox;
    try {
      mailbox = await client.mailboxOpen(path);
    } catch (error) {
      throw new AccountError(
        ErrorCode.MailboxNotFound,
        `The folder "${path}" could not be opened.`,
        error,
      );
    }
    const uidValidity = Number(mailbox.uidValidity);
    const previous = this.current;
    const modseq = mailbox.highestModseq ?? null;
    if (previous && previous.path === path && previous.uidValidity === uidValidity) {
      let uids: number[];
      let flags: MessageFlags[];
      if (this.syncedModseq !== null && modseq !== null) {
        uids = mailbox.exists > 0 ? (await client.search({ all: true }, { uid: true })) || [] : [];
        flags = await fetchFlags(client, this.syncedModseq);
      } else {
        flags = await fetchFlags(client, null);
        uids = flags.map((m) => m.uid);
      }
      const diff = reconcile(previous, uids, flags);
      if (diff.removed.length) {
        for (const r of diff.removed) this.forget(r.uid);
        this.deps.push(Events.MessageExpunged, {
          mailbox: path,
          uidValidity,
          ...diff.countsAfter.removed,
          removed: diff.removed,
        });
      }
      if (diff.changed.length) {
        this.deps.push(Events.MessageFlagsChanged, {
          mailbox: path,
          uidValidity,
          ...diff.countsAfter.changed,
          changes: diff.changed,
        });
      }
      if (diff.added.length) {
        await this.cacheSummaries(
          path,
          diff.added.map((m) => m.uid),
        ).catch(() => undefined);
        this.pushAdded(
          previous,
          diff.added.map((m) => m.uid),
        );
      }
    } else {
      if (previous && previous.path === path) {
        // UIDVALIDITY changed (RFC 3501 §2.3.1.1): every UID the browser holds is meaningless.
        this.deps.push(Events.MailboxReset, { mailbox: path, uidValidity });
      }
      this.cache.clear();
      this.recentlyVanished.clear();
      await this.prefetchNewest(client, path);
      // With QRESYNC by one UID SEARCH per flag (fast, see flag-snapshot.ts): expunges come as
      // VANISHED with UIDs then, so one sent between the searches cannot be misapplied by
      // sequence number (RFC 7162 §3.2.10). Without, FETCH FLAGS, during which no EXPUNGE may
      // be sent (RFC 3501 §7.4.1).
      this.current = client.enabled.has('QRESYNC')
        ? await this.readStateAnsweringEarly(client, path, uidValidity)
        : MailboxState.from(path, uidValidity, await fetchFlags(client, null));
      if (previous && previous.path === path) this.pushCounts(this.current);
    }
    this.syncedModseq = modseq;
    void client.idle().catch(() => undefined);
  }

  /**
   * The state by flag searches (flag-snapshot.ts), with the first window answerable after the
   * first two (first-window.ts). Rows answered early whose flags the later searches read
   * differently are pushed as changed before anything else; should the load fail after rows
   * were answered, the tabs are told to reopen the mailbox.
   */
  private async readStateAnsweringEarly(
    client: ImapFlow,
    path: string,
    uidValidity: number,
  ): Promise<MailboxState> {
    const first = await readUidsAndUnseen(client);
    this.first.offer(path, uidValidity, first);
    let state: MailboxState;
    try {
      state = MailboxState.fromSnapshot(path, uidValidity, await readFlagSnapshot(client, first));
    } catch (error) {
      if (this.first.settle().size) {
        this.deps.push(Events.MailboxReset, { mailbox: path, uidValidity });
      }
      throw error;
    }
    const changes = changedSinceShown(this.first.settle(), (uid) => state.flagsOf(uid));
    if (changes.length) {
      this.deps.push(Events.MessageFlagsChanged, {
        mailbox: path,
        uidValidity,
        ...state.counts(),
        changes,
      });
    }
    return state;
  }

  /**
   * The rows a tab asks for first, read here, where the mailbox is selected already: the
   * command connection would have to SELECT it first (~0.2 s at 100,000 messages) and may be
   * busy listing folders. Before the flags are read, so that a flag change whose unsolicited
   * FETCH is taken in among these results is still in the flags read after. Best effort: what
   * is missing is fetched when the window is asked for.
   */
  private async prefetchNewest(client: ImapFlow, path: string): Promise<void> {
    try {
      for (const summary of await fetchNewest(client, path, OPEN_PREFETCH_ROWS)) {
        this.cache.set(summary);
      }
    } catch (error) {
      // A lost connection fails the load at its next command anyway.
      if (!isConnectionLost(error)) {
        this.deps.logger.warn(
          { err: { message: (error as Error).message } },
          'reading the newest rows failed',
        );
      }
    }
  }

  private async onExists(client: ImapFlow, event: ExistsEvent): Promise<void> {
    const state = this.current;
    if (!this.isCurrent(client, state, event.path) || event.count <= event.prevCount) return;
    if (!this.deps.pushesNewMessages?.(client)) {
      await this.addNewer(state);
      return;
    }
    // The rows follow the EXISTS on the same connection; should one not come, fetch them.
    setTimeout(
      () => void this.enqueue(() => this.catchUpPushed(client, state)),
      PUSHED_ROW_GRACE_MS,
    ).unref();
  }

  private async addPushed(): Promise<void> {
    const rows = this.pushedRows;
    this.pushedRows = [];
    const state = this.current;
    if (!state) return;
    const fresh = rows
      .filter(
        (row) =>
          this.isCurrent(row.client, state, row.path) && row.uidValidity === state.uidValidity,
      )
      .map((row) => row.summary)
      .filter((m) => m.uid > state.highestUid && !this.recentlyVanished.has(m.uid));
    this.applyFresh(state, fresh);
  }

  /** Fewer messages in the state than the connection was told of: fetch the missing rows. */
  private async catchUpPushed(client: ImapFlow, state: MailboxState): Promise<void> {
    if (this.current !== state || !this.deps.isCurrentIdle(client)) return;
    const exists = client.mailbox ? client.mailbox.exists : 0;
    if (state.total < exists) await this.addNewer(state);
  }

  private async addNewer(state: MailboxState): Promise<void> {
    const fresh = await fetchNewer(await this.deps.commandClient(), state.path, state.highestUid);
    if (this.current !== state) return;
    this.applyFresh(
      state,
      fresh.filter((m) => !this.recentlyVanished.has(m.uid)),
    );
  }

  private applyFresh(state: MailboxState, fresh: MessageSummary[]): void {
    const added = state.add(fresh.map((m) => ({ uid: m.uid, flags: m.flags })));
    if (!added.length) return;
    for (const summary of fresh) this.cache.set(summary);
    this.pushAdded(
      state,
      added.map((m) => m.uid),
    );
  }

  private async onExpunge(client: ImapFlow, event: ExpungeEvent): Promise<void> {
    const state = this.current;
    if (!this.isCurrent(client, state, event.path)) return;
    const removed =
      event.uid !== undefined ? state.remove(event.uid) : state.removeAtSeq(event.seq ?? 0);
    if (!removed) return;
    this.forget(removed.uid);
    this.deps.push(Events.MessageExpunged, {
      mailbox: state.path,
      uidValidity: state.uidValidity,
      ...state.counts(),
      removed: [removed],
    });
  }

  private async onFlags(client: ImapFlow, event: FlagsEvent): Promise<void> {
    const state = this.current;
    if (!this.isCurrent(client, state, event.path)) return;
    const uid = event.uid ?? state.uidAtSeq(event.seq);
    if (uid === undefined) return;
    const change = state.setFlags(uid, event.flags);
    if (!change) return;
    this.deps.push(Events.MessageFlagsChanged, {
      mailbox: state.path,
      uidValidity: state.uidValidity,
      ...state.counts(),
      changes: [change],
    });
  }

  private pushAdded(state: MailboxState, uids: number[]): void {
    const newestFirst = [...uids].sort((a, b) => b - a);
    this.deps.push(Events.MessageAdded, {
      mailbox: state.path,
      uidValidity: state.uidValidity,
      ...state.counts(),
      messages: newestFirst.map((uid) => this.summaryOf(state, uid)),
    });
    this.deps.onMessagesAdded?.(state.path, newestFirst);
  }

  /** Counts changed with no list event to carry them (the mailbox was read afresh). */
  private pushCounts(state: MailboxState): void {
    this.deps.push(Events.MailboxCountsChanged, { mailbox: state.path, ...state.counts() });
  }

  private summaryOf(state: MailboxState, uid: number): MessageSummary {
    // A message the server would not FETCH is being expunged right now; its row stays (bare)
    // so the window remains contiguous, and the coming expunge removes it.
    return { ...(this.cache.get(uid) ?? bareSummary(uid)), flags: state.flagsOf(uid) ?? [] };
  }

  private async cacheSummaries(path: string, uids: number[]): Promise<void> {
    let summaries;
    try {
      summaries = await fetchSummaries(await this.deps.commandClient(), path, uids);
    } catch (error) {
      // The command connection died under us (a BYE for a deleted folder, a restart): reading
      // is safe to repeat once the link is back.
      if (!isConnectionLost(error)) throw error;
      summaries = await fetchSummaries(await this.deps.commandClient(), path, uids);
    }
    for (const summary of summaries) this.cache.set(summary);
  }

  private forget(uid: number): void {
    this.cache.delete(uid);
    this.recentlyVanished.add(uid);
    if (this.recentlyVanished.size > RECENTLY_VANISHED_LIMIT) {
      this.recentlyVanished.delete(this.recentlyVanished.values().next().value as number);
    }
  }

  private isCurrent(
    client: ImapFlow,
    state: MailboxState | null,
    path: string,
  ): state is MailboxState {
    return this.deps.isCurrentIdle(client) && state !== null && state.path === path;
  }

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

function bareSummary(uid: number): MessageSummary {
  return {
    uid,
    from: [],
    to: [],
    subject: '',
    date: new Date(0).toISOString(),
    flags: [],
    size: 0,
  };
}
