/** The watched mailbox's live IMAP events (EXISTS, EXPUNGE, FETCH FLAGS), turned into pushes. */

import type { ExistsEvent, ExpungeEvent, FlagsEvent, ImapFlow } from 'imapflow';
import { Events, type MessageSummary } from '@tidings/protocol';
import type { MailboxState, MessageFlags, RemovedMessage } from '../imap/mailbox-state.ts';
import { fetchNewer } from '../imap/summary-fetch.ts';
import type { PayloadOf, SequencedEvent } from './event-log.ts';
import { listEventHead } from './list-event-head.ts';
import type { MailboxRows } from './mailbox-rows.ts';

/**
 * Where NOTIFY pushes new messages' rows, how long after an EXISTS the watched state may lag
 * behind it before the rows are fetched instead. Dovecot writes the row with the EXISTS, so
 * this only matters when a row never comes.
 */
const PUSHED_ROW_GRACE_MS = 1_000;

/** An event of the idle connection not yet applied, with the connection it came on. */
interface Pending<E> {
  client: ImapFlow;
  event: E;
}

type BurstKind = 'expunge' | 'flags';

interface PushedRow {
  client: ImapFlow;
  path: string;
  uidValidity: number;
  summary: MessageSummary;
}

export interface MailboxEventsDeps {
  /** The command connection, for envelopes; throws AccountError when unavailable. */
  commandClient(): Promise<ImapFlow>;
  /** Is this the account's current idle connection (events from a dropped one are stale)? */
  isCurrentIdle(client: ImapFlow): boolean;
  /** Does this idle connection get new messages' rows with their EXISTS (NOTIFY, notify.ts)? */
  pushesNewMessages(client: ImapFlow): boolean;
  push<E extends SequencedEvent>(event: E, payload: Omit<PayloadOf<E>, 'seq'>): void;
  rows: MailboxRows;
  /** The watched state (watched-mailbox.ts). */
  state(): MailboxState | null;
  /** Pushes `message:added` for `uids`, rows from the cache (watched-mailbox.ts). */
  pushAdded(state: MailboxState, uids: number[]): void;
  /** Runs `task` in the watched mailbox's one queue, after everything queued before it. */
  enqueue(task: () => Promise<void>): Promise<void>;
}

/**
 * The unsolicited responses of the idle connection (RFC 3501 §7), applied to the watched
 * state in the queue in arrival order, and pushed: new messages (EXISTS, with the rows NOTIFY
 * sends along or fetched on the command connection), expunges and flag changes. Sequence
 * numbers are turned into UIDs against the state as it is when the response is applied.
 */
export class MailboxEvents {
  /** Rows the server pushed with new messages, not yet applied (they are applied as a batch). */
  private pushedRows: PushedRow[] = [];
  /** Events of one kind that came one after another, not yet applied (see `gather`). */
  private burst: { kind: BurstKind; items: unknown[] } | null = null;

  constructor(private readonly deps: MailboxEventsDeps) {}

  /** Routes a fresh idle connection's unsolicited responses into the queue. */
  listen(client: ImapFlow): void {
    client.on('exists', (event: ExistsEvent) => this.enqueue(() => this.onExists(client, event)));
    client.on('expunge', (event: ExpungeEvent) =>
      this.gather('expunge', { client, event }, (items) => this.applyExpunges(items)),
    );
    client.on('flags', (event: FlagsEvent) =>
      this.gather('flags', { client, event }, (items) => this.applyFlags(items)),
    );
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
    if (this.pushedRows.length === 1) this.enqueue(() => this.addPushed());
  }

  /** Fetches what is new in `path` now, if it is the watched mailbox (our own undo, say). */
  pullNew(path: string): void {
    const state = this.deps.state();
    if (!state || state.path !== path) return;
    this.enqueue(() => this.addNewer(state));
  }

  /** Queues `task` after everything before it; a burst that goes on later goes after it too. */
  private enqueue(task: () => Promise<void>): void {
    this.burst = null;
    void this.deps.enqueue(task);
  }

  private async onExists(client: ImapFlow, event: ExistsEvent): Promise<void> {
    const state = this.deps.state();
    if (!this.isCurrent(client, state, event.path) || event.count <= event.prevCount) return;
    if (!this.deps.pushesNewMessages(client)) {
      await this.addNewer(state);
      return;
    }
    // The rows follow the EXISTS on the same connection; should one not come, fetch them.
    setTimeout(
      () => this.enqueue(() => this.catchUpPushed(client, state)),
      PUSHED_ROW_GRACE_MS,
    ).unref();
  }

  private async addPushed(): Promise<void> {
    const rows = this.pushedRows;
    this.pushedRows = [];
    const state = this.deps.state();
    if (!state) return;
    const fresh = rows
      .filter(
        (row) =>
          this.isCurrent(row.client, state, row.path) && row.uidValidity === state.uidValidity,
      )
      .map((row) => row.summary)
      .filter((m) => m.uid > state.highestUid && !this.deps.rows.vanishedRecently(m.uid));
    this.applyFresh(state, fresh, fresh);
  }

  /** Fewer messages in the state than the connection was told of: fetch the missing rows. */
  private async catchUpPushed(client: ImapFlow, state: MailboxState): Promise<void> {
    if (this.deps.state() !== state || !this.deps.isCurrentIdle(client)) return;
    const exists = client.mailbox ? client.mailbox.exists : 0;
    if (state.total < exists) await this.addNewer(state);
  }

  private async addNewer(state: MailboxState): Promise<void> {
    const { all, rows } = await fetchNewer(
      await this.deps.commandClient(),
      state.path,
      state.highestUid,
    );
    if (this.deps.state() !== state) return;
    this.applyFresh(
      state,
      all.filter((m) => !this.deps.rows.vanishedRecently(m.uid)),
      rows,
    );
  }

  /** New messages into the state, the `rows` read of them into the cache, and one push. */
  private applyFresh(
    state: MailboxState,
    fresh: readonly MessageFlags[],
    rows: readonly MessageSummary[] = [],
  ): void {
    const added = state.add(fresh);
    if (!added.length) return;
    for (const summary of rows) this.deps.rows.set(summary);
    this.deps.pushAdded(
      state,
      added.map((m) => m.uid),
    );
  }

  /**
   * Another client deleting 10,000 messages is one `VANISHED 1:10000` (QRESYNC) or 10,000
   * EXPUNGE (without), which imapflow hands on as 10,000 events in one go; marking them read,
   * 10,000 FETCH FLAGS in one read. Events of one kind that come one after another are gathered
   * until the next turn of the event loop (or until another kind of event comes, which must
   * stay after them) and applied together, in one pass over the state and one push, instead of
   * 10,000 of each.
   */
  private gather<E>(kind: BurstKind, item: Pending<E>, apply: (items: Pending<E>[]) => void): void {
    if (this.burst?.kind === kind) {
      this.burst.items.push(item);
      return;
    }
    const items = [item];
    const burst = { kind, items: items as unknown[] };
    this.burst = burst;
    void this.deps.enqueue(async () => {
      // Holds the burst's place in the queue while the rest of it arrives.
      await new Promise((resolve) => setImmediate(resolve));
      if (this.burst === burst) this.burst = null;
      apply(items);
    });
  }

  /**
   * In arrival order, each run of one kind in one pass and one push: those naming a UID
   * (VANISHED), or a sequence number (EXPUNGE without QRESYNC), each of which counts from the
   * numbering the ones before it left. A connection sends one kind or the other, not both.
   */
  private applyExpunges(batch: Pending<ExpungeEvent>[]): void {
    let byUid = false;
    const run: number[] = [];
    for (const { client, event } of batch) {
      if (!this.isCurrent(client, this.deps.state(), event.path)) continue;
      if (run.length && byUid !== (event.uid !== undefined)) this.removeRun(byUid, run.splice(0));
      byUid = event.uid !== undefined;
      run.push(event.uid ?? event.seq ?? 0);
    }
    this.removeRun(byUid, run);
  }

  private removeRun(byUid: boolean, run: number[]): void {
    const state = this.deps.state();
    if (!state || !run.length) return;
    this.pushRemoved(state, byUid ? state.removeMany(run) : state.removeAtSeqs(run));
  }

  private pushRemoved(state: MailboxState, removed: RemovedMessage[]): void {
    if (!removed.length) return;
    for (const { uid } of removed) this.deps.rows.forget(uid);
    this.deps.push(Events.MessageExpunged, { ...listEventHead(state), removed });
  }

  /** Flag changes need no order among messages: one push, each message's last flags. */
  private applyFlags(batch: Pending<FlagsEvent>[]): void {
    const state = this.deps.state();
    const changes = new Map<number, MessageFlags>();
    for (const { client, event } of batch) {
      if (!this.isCurrent(client, state, event.path)) continue;
      const uid = event.uid ?? state.uidAtSeq(event.seq);
      if (uid === undefined) continue;
      const change = state.setFlags(uid, event.flags);
      if (change) changes.set(uid, change);
    }
    if (!state || !changes.size) return;
    this.deps.push(Events.MessageFlagsChanged, {
      ...listEventHead(state),
      changes: [...changes.values()],
    });
  }

  private isCurrent(
    client: ImapFlow,
    state: MailboxState | null,
    path: string,
  ): state is MailboxState {
    return this.deps.isCurrentIdle(client) && state !== null && state.path === path;
  }
}
