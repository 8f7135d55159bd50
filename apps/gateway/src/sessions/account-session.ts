import type { ExistsEvent, ExpungeEvent, FlagsEvent, ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import {
  ErrorCode,
  Events,
  ImapLinkState,
  type AccountStatusEvent,
  type MailboxInfo,
  type MessageSummary,
  type MessageWindow,
  type ServerToClientEvents,
} from '@tidings/protocol';
import { SUMMARY_FETCH_QUERY, toMessageSummary } from '../imap/envelope.ts';
import { ImapLink, LinkState } from '../imap/imap-link.ts';
import type { Credentials, ImapServer } from '../imap/imap-server.ts';
import { toMailboxInfo } from '../imap/mailbox-list.ts';
import { MailboxState, type MessageFlags } from '../imap/mailbox-state.ts';
import { fetchPreviews } from '../imap/preview.ts';
import { reconcile } from '../imap/reconcile.ts';
import { toSequenceSet } from '../imap/sequence-set.ts';
import { SummaryCache } from '../imap/summary-cache.ts';
import { AccountError } from './account-error.ts';

/** How long a request waits for the command connection before answering IMAP_UNAVAILABLE. */
const COMMAND_READY_TIMEOUT_MS = 10_000;
/** Envelopes kept per account; a few screens of a large mailbox. */
const SUMMARY_CACHE_ENTRIES = 5_000;
/** Window rebuild passes when messages keep arriving during the fetch. */
const WINDOW_FETCH_PASSES = 3;
/** UIDs expunged recently, so a FETCH answered just before the expunge cannot resurrect them. */
const RECENTLY_VANISHED_LIMIT = 1_000;

/** Push events that carry the account's `seq`. */
type SequencedEvent = Exclude<keyof ServerToClientEvents, 'account:status' | 'session:ended'>;
type PayloadOf<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/** Where an account session's pushes go: every socket of the account. */
export interface AccountSink {
  emit<E extends keyof ServerToClientEvents>(event: E, payload: PayloadOf<E>): void;
}

export interface AccountSessionOptions {
  accountId: string;
  server: ImapServer;
  credentials: Credentials;
  logger: Logger;
  sink: AccountSink;
  /** DONE + IDLE at least this often (RFC 2177 asks for < 29 min; NATs need far less). */
  idleReissueMs: number;
  /** Called once when the server rejects the credentials (password changed elsewhere). */
  onRejected: () => void;
}

/**
 * Everything one signed-in account has on the gateway, shared by all its tabs: two IMAP
 * connections and the state of the watched mailbox.
 *
 * - `idle` does nothing but IDLE on the watched mailbox (imapflow's auto-IDLE waits 15 s after a
 *   command, so a connection that also served user commands would leave gaps without push).
 * - `command` runs every FETCH/STORE/LIST the tabs ask for.
 *
 * IMAP events are applied in arrival order through one queue, because sequence numbers only
 * make sense against the state as it was when the server sent them (RFC 3501 §7.4.1).
 */
export class AccountSession {
  private readonly idle: ImapLink;
  private readonly command: ImapLink;
  private state: MailboxState | null = null;
  private watchedPath = 'INBOX';
  private watchLoaded: Promise<void> | null = null;
  private readonly cache = new SummaryCache(SUMMARY_CACHE_ENTRIES);
  private readonly recentlyVanished = new Set<number>();
  private queue: Promise<void> = Promise.resolve();
  private seq = 0;
  private status: AccountStatusEvent = { imap: ImapLinkState.Connecting };
  private closed = false;
  private retryAt: number | undefined;

  constructor(private readonly options: AccountSessionOptions) {
    const { server, logger } = options;
    this.idle = new ImapLink({
      server,
      credentials: options.credentials,
      name: 'idle',
      logger,
      imap: { qresync: true, maxIdleTime: options.idleReissueMs, autoIdleDelay: 1 },
      onConnected: (client) => this.onIdleConnected(client),
    });
    this.command = new ImapLink({
      server,
      credentials: options.credentials,
      name: 'command',
      logger,
      imap: { qresync: true, disableAutoIdle: true },
    });
    for (const link of [this.idle, this.command]) {
      link.on('state', (_state, retryAt) => {
        this.retryAt = retryAt;
        this.updateStatus();
      });
      link.on('rejected', () => this.onRejected());
    }
  }

  get accountId(): string {
    return this.options.accountId;
  }

  get lastSeq(): number {
    return this.seq;
  }

  get currentStatus(): AccountStatusEvent {
    return this.status;
  }

  /** Bytes of per-message list state held for the watched mailbox. */
  get listStateBytes(): number {
    return this.state?.byteLength ?? 0;
  }

  start(): void {
    this.idle.start();
    this.command.start();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([this.idle.stop(), this.command.stop()]);
  }

  // ---------------------------------------------------------------------------------------------
  // Requests from tabs

  async listMailboxes(): Promise<MailboxInfo[]> {
    const client = await this.commandClient();
    const entries = await client.list({ statusQuery: { messages: true, unseen: true } });
    return entries.map((entry) => {
      const info = toMailboxInfo(entry);
      // The watched mailbox's own counts are fresher than a STATUS answer.
      if (this.state && this.state.path === info.path) {
        return { ...info, total: this.state.total, unread: this.state.unread };
      }
      return info;
    });
  }

  /** Makes `path` the watched mailbox (IDLE moves there) and answers its newest window. */
  async openMailbox(path: string, limit: number): Promise<MessageWindow> {
    await this.watch(path);
    const state = this.requireState(path);
    return this.window(path, state.uidValidity, 0, limit);
  }

  async window(
    path: string,
    uidValidity: number,
    offset: number,
    limit: number,
  ): Promise<MessageWindow> {
    await this.watch(path);
    for (let pass = 0; ; pass++) {
      const state = this.requireState(path, uidValidity);
      const uids = state.uidsAt(offset, limit);
      const missing = uids.filter((uid) => !this.cache.get(uid));
      if (missing.length === 0 || pass === WINDOW_FETCH_PASSES) {
        // Built synchronously from the state as it is now, so `seq` is exact: every event with
        // a higher seq was emitted after this window was cut.
        // A message the server would not FETCH is being expunged right now; its row stays
        // (bare) so the window remains contiguous, and the coming expunge event removes it.
        const messages = uids.map((uid) => ({
          ...(this.cache.get(uid) ?? bareSummary(uid)),
          flags: state.flagsOf(uid) ?? [],
        }));
        return {
          mailbox: path,
          uidValidity: state.uidValidity,
          total: state.total,
          unread: state.unread,
          offset,
          messages,
          seq: this.seq,
        };
      }
      await this.fetchSummaries(path, missing);
    }
  }

  /**
   * The user's own flag change. Every tab hears of it as soon as the server confirmed the STORE,
   * not half a second later when Dovecot echoes it to the idling connection; the echo then finds
   * nothing changed and is not pushed twice.
   */
  async setFlags(
    path: string,
    uidValidity: number,
    uids: number[],
    add: string[],
    remove: string[],
  ): Promise<MessageFlags[]> {
    const client = await this.commandClient();
    const lock = await client.getMailboxLock(path);
    try {
      const mailbox = client.mailbox;
      if (!mailbox || Number(mailbox.uidValidity) !== uidValidity) {
        throw new AccountError(
          ErrorCode.UidValidityChanged,
          'This mailbox changed on the server; reload it.',
        );
      }
      const set = toSequenceSet(uids);
      if (add.length) await client.messageFlagsAdd(set, add, { uid: true });
      if (remove.length) await client.messageFlagsRemove(set, remove, { uid: true });
    } finally {
      lock.release();
    }
    const state = this.state;
    if (!state || state.path !== path || state.uidValidity !== uidValidity) return [];
    const changes: MessageFlags[] = [];
    for (const uid of uids) {
      const change = state.updateFlags(uid, add, remove);
      if (change) changes.push(change);
    }
    if (changes.length) {
      this.push(Events.MessageFlagsChanged, { mailbox: path, uidValidity, changes });
      this.pushCounts(state);
    }
    return changes;
  }

  // ---------------------------------------------------------------------------------------------
  // The watched mailbox

  private watch(path: string): Promise<void> {
    if (path === this.watchedPath && this.watchLoaded) return this.watchLoaded;
    this.watchedPath = path;
    const loaded = this.idle
      .ready(COMMAND_READY_TIMEOUT_MS)
      .then((client) => this.enqueue(() => this.selectAndLoad(client, path)))
      .catch((error: unknown) => {
        if (this.watchLoaded === loaded) this.watchLoaded = null;
        throw error instanceof AccountError ? error : toAccountError(error);
      });
    this.watchLoaded = loaded;
    return loaded;
  }

  private async onIdleConnected(client: ImapFlow): Promise<void> {
    client.on(
      'exists',
      (event: ExistsEvent) => void this.enqueue(() => this.onExists(client, event)),
    );
    client.on(
      'expunge',
      (event: ExpungeEvent) => void this.enqueue(() => this.onExpunge(client, event)),
    );
    client.on('flags', (event: FlagsEvent) => void this.enqueue(() => this.onFlags(client, event)));
    const path = this.watchedPath;
    const loaded = this.enqueue(() => this.selectAndLoad(client, path));
    this.watchLoaded = loaded;
    await loaded;
  }

  /**
   * SELECT on the idle connection and learn every UID with its flags. A FETCH by sequence
   * number may not be interleaved with EXPUNGE responses (RFC 3501 §7.4.1), so the UID list it
   * yields is exactly the connection's view. After a reconnect, only the differences are pushed.
   */
  private async selectAndLoad(client: ImapFlow, path: string): Promise<void> {
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
    const truth: MessageFlags[] = [];
    if (mailbox.exists > 0) {
      for await (const message of client.fetch('1:*', { uid: true, flags: true })) {
        truth.push({ uid: message.uid, flags: [...(message.flags ?? [])] });
      }
    }
    const previous = this.state;
    if (previous && previous.path === path && previous.uidValidity === uidValidity) {
      const diff = reconcile(previous, truth);
      if (diff.removed.length) {
        const totalAfterRemoval = previous.total - diff.added.length;
        this.push(Events.MessageExpunged, {
          mailbox: path,
          uidValidity,
          total: totalAfterRemoval,
          removed: diff.removed,
        });
      }
      if (diff.changed.length) {
        this.push(Events.MessageFlagsChanged, {
          mailbox: path,
          uidValidity,
          changes: diff.changed,
        });
      }
      if (diff.added.length)
        await this.announceAdded(
          previous,
          diff.added.map((m) => m.uid),
        );
      if (diff.removed.length || diff.changed.length || diff.added.length)
        this.pushCounts(previous);
    } else {
      if (previous && previous.path === path) {
        // UIDVALIDITY changed (RFC 3501 §2.3.1.1): every UID the browser holds is meaningless.
        this.push(Events.MailboxReset, { mailbox: path, uidValidity });
      }
      this.cache.clear();
      this.recentlyVanished.clear();
      this.state = MailboxState.from(path, uidValidity, truth);
    }
    this.updateStatus();
    void client.idle().catch(() => undefined);
  }

  private async onExists(client: ImapFlow, event: ExistsEvent): Promise<void> {
    const state = this.state;
    if (!this.isCurrent(client, state, event.path) || event.count <= event.prevCount) return;
    const fresh = await this.fetchNewer(state.path, state.highestUid);
    const added = state.add(
      fresh
        .filter((m) => !this.recentlyVanished.has(m.uid))
        .map((m) => ({ uid: m.uid, flags: m.flags })),
    );
    if (!added.length) return;
    for (const summary of fresh) this.cache.set(summary);
    this.pushAdded(
      state,
      added.map((m) => m.uid),
    );
  }

  private async onExpunge(client: ImapFlow, event: ExpungeEvent): Promise<void> {
    const state = this.state;
    if (!this.isCurrent(client, state, event.path)) return;
    const removed =
      event.uid !== undefined ? state.remove(event.uid) : state.removeAtSeq(event.seq ?? 0);
    if (!removed) return;
    this.rememberVanished(removed.uid);
    this.cache.delete(removed.uid);
    this.push(Events.MessageExpunged, {
      mailbox: state.path,
      uidValidity: state.uidValidity,
      total: state.total,
      removed: [removed],
    });
    this.pushCounts(state);
  }

  private async onFlags(client: ImapFlow, event: FlagsEvent): Promise<void> {
    const state = this.state;
    if (!this.isCurrent(client, state, event.path)) return;
    const uid = event.uid ?? state.uidAtSeq(event.seq);
    if (uid === undefined) return;
    const wasSeen = state.isSeen(uid);
    const change = state.setFlags(uid, event.flags);
    if (!change) return;
    this.push(Events.MessageFlagsChanged, {
      mailbox: state.path,
      uidValidity: state.uidValidity,
      changes: [change],
    });
    if (wasSeen !== state.isSeen(uid)) this.pushCounts(state);
  }

  private async announceAdded(state: MailboxState, uids: number[]): Promise<void> {
    const missing = uids.filter((uid) => !this.cache.get(uid));
    if (missing.length) await this.fetchSummaries(state.path, missing);
    this.pushAdded(state, uids);
  }

  private pushAdded(state: MailboxState, uids: number[]): void {
    const messages: MessageSummary[] = [];
    for (const uid of [...uids].sort((a, b) => b - a)) {
      const summary = this.cache.get(uid);
      const flags = state.flagsOf(uid);
      if (summary && flags) messages.push({ ...summary, flags });
    }
    this.push(Events.MessageAdded, {
      mailbox: state.path,
      uidValidity: state.uidValidity,
      total: state.total,
      messages,
    });
    this.pushCounts(state);
  }

  // ---------------------------------------------------------------------------------------------
  // Command connection

  private async commandClient(): Promise<ImapFlow> {
    try {
      return await this.command.ready(COMMAND_READY_TIMEOUT_MS);
    } catch (error) {
      throw toAccountError(error);
    }
  }

  /** Envelopes of messages newer than `afterUid`, from the command connection. */
  private async fetchNewer(path: string, afterUid: number): Promise<MessageSummary[]> {
    const client = await this.commandClient();
    const lock = await client.getMailboxLock(path);
    try {
      // NOOP first: the command connection's view of the mailbox must include what the idle
      // connection was just told of, or `N:*` would only match the old last message.
      await client.noop();
      const found: MessageSummary[] = [];
      for await (const message of client.fetch(`${afterUid + 1}:*`, SUMMARY_FETCH_QUERY, {
        uid: true,
      })) {
        if (message.uid > afterUid) found.push(toMessageSummary(message));
      }
      if (found.length) await this.addPreviews(client, found);
      return found;
    } finally {
      lock.release();
    }
  }

  private async fetchSummaries(path: string, uids: number[]): Promise<void> {
    const client = await this.commandClient();
    const lock = await client.getMailboxLock(path);
    try {
      const found: MessageSummary[] = [];
      for await (const message of client.fetch(toSequenceSet(uids), SUMMARY_FETCH_QUERY, {
        uid: true,
      })) {
        found.push(toMessageSummary(message));
      }
      await this.addPreviews(client, found);
      for (const summary of found) this.cache.set(summary);
    } finally {
      lock.release();
    }
  }

  /** Adds the server's PREVIEW (RFC 8970) text where it offers one; the list works without. */
  private async addPreviews(client: ImapFlow, summaries: MessageSummary[]): Promise<void> {
    const previews = await fetchPreviews(client, toSequenceSet(summaries.map((s) => s.uid)));
    for (const summary of summaries) {
      const preview = previews.get(summary.uid);
      if (preview) summary.preview = preview;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Plumbing

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch((error: unknown) => {
      if (!this.closed)
        this.options.logger.warn(
          { err: { message: (error as Error).message } },
          'mailbox update failed',
        );
    });
    return run;
  }

  private isCurrent(
    client: ImapFlow,
    state: MailboxState | null,
    path: string,
  ): state is MailboxState {
    return client === this.idle.client && state !== null && state.path === path;
  }

  private requireState(path: string, uidValidity?: number): MailboxState {
    const state = this.state;
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

  private rememberVanished(uid: number): void {
    this.recentlyVanished.add(uid);
    if (this.recentlyVanished.size > RECENTLY_VANISHED_LIMIT) {
      const oldest = this.recentlyVanished.values().next().value as number;
      this.recentlyVanished.delete(oldest);
    }
  }

  private push<E extends SequencedEvent>(event: E, payload: Omit<PayloadOf<E>, 'seq'>): void {
    this.seq += 1;
    this.options.sink.emit(event, { ...payload, seq: this.seq } as PayloadOf<E>);
  }

  private pushCounts(state: MailboxState): void {
    this.push(Events.MailboxCountsChanged, {
      mailbox: state.path,
      total: state.total,
      unread: state.unread,
    });
  }

  /** "Live" only while the whole push chain is up: IDLE running and new mail fetchable. */
  private updateStatus(): void {
    const states = [this.idle.state, this.command.state];
    let next: AccountStatusEvent;
    if (states.every((s) => s === LinkState.Up) && this.state) next = { imap: ImapLinkState.Live };
    else if (states.includes(LinkState.Reconnecting)) {
      next = {
        imap: ImapLinkState.Reconnecting,
        ...(this.retryAt ? { retryAt: this.retryAt } : {}),
      };
    } else next = { imap: ImapLinkState.Connecting };
    if (next.imap === this.status.imap && next.retryAt === this.status.retryAt) return;
    this.status = next;
    this.options.sink.emit(Events.AccountStatus, next);
  }

  private onRejected(): void {
    if (this.closed) return;
    this.closed = true;
    this.options.onRejected();
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

function toAccountError(error: unknown): AccountError {
  if (error instanceof AccountError) return error;
  return new AccountError(
    ErrorCode.ImapUnavailable,
    'The mail server is not reachable right now.',
    error,
  );
}
