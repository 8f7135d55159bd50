/** Loading the watched mailbox on the idle connection: SELECT, then resync it or read it afresh. */

import type { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import { Events, MAX_LISTED_ADDED, type MessageWindow } from '@tidings/protocol';
import { isConnectionLost } from '../imap/connection-lost.ts';
import { readFlagSnapshot, readUidsAndUnseen } from '../imap/flag-snapshot.ts';
import { fetchFlags } from '../imap/mailbox-read.ts';
import { MailboxState, type MessageFlags } from '../imap/mailbox-state.ts';
import { reconcile } from '../imap/reconcile.ts';
import { fetchNewest } from '../imap/summary-fetch.ts';
import { folderNotOpened } from './account-error.ts';
import type { PayloadOf, SequencedEvent } from './event-log.ts';
import { changedSinceShown, earlyWindowOf, FirstWindow } from './first-window.ts';
import { listEventHead } from './list-event-head.ts';
import type { MailboxRows } from './mailbox-rows.ts';

/**
 * Newest rows read while a mailbox is loaded: what a tab's `mailbox:open` asks for next (three
 * pages of at least 40 rows, apps/web viewport.ts).
 */
const OPEN_PREFETCH_ROWS = 120;

export interface MailboxResyncDeps {
  logger: Logger;
  push<E extends SequencedEvent>(event: E, payload: Omit<PayloadOf<E>, 'seq'>): void;
  currentSeq(): number;
  rows: MailboxRows;
  /** The watched state (watched-mailbox.ts), and its replacement when a mailbox is read afresh. */
  state(): MailboxState | null;
  setState(state: MailboxState): void;
  /** Pushes `message:added` for `uids`, rows from the cache (watched-mailbox.ts). */
  pushAdded(state: MailboxState, uids: number[]): void;
}

/**
 * Brings the watched state to the server's truth on the idle connection, run in the watched
 * mailbox's queue: only the differences when the state held is of the same mailbox at the same
 * UIDVALIDITY (a reconnect), otherwise the mailbox read afresh, its first window answerable early.
 */
export class MailboxResync {
  /** HIGHESTMODSEQ at the last full sync, for CONDSTORE resyncs (RFC 7162 §3.1.4). */
  private syncedModseq: bigint | null = null;
  private readonly first = new FirstWindow();

  constructor(private readonly deps: MailboxResyncDeps) {}

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
      earlyWindowOf(early, limit, (uid) => this.deps.rows.get(uid), this.deps.currentSeq()),
    );
  }

  /**
   * SELECT and learn the mailbox. After a reconnect only the differences are pushed: with
   * CONDSTORE, UID SEARCH ALL (the set) plus FETCH CHANGEDSINCE (the flags); without, every
   * UID's flags. A FETCH by sequence number may not be interleaved with EXPUNGE responses
   * (RFC 3501 §7.4.1), so what it yields is exactly this connection's view.
   */
  async selectAndSync(client: ImapFlow, path: string): Promise<void> {
    let mailbox;
    try {
      mailbox = await client.mailboxOpen(path);
    } catch (error) {
      throw folderNotOpened(path, error);
    }
    const uidValidity = Number(mailbox.uidValidity);
    const previous = this.deps.state();
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
        for (const r of diff.removed) this.deps.rows.forget(r.uid);
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
        // pushAdded lists the newest MAX_LISTED_ADDED, from the cache; a tab reads the others
        // when it scrolls to them (100,000 moved in while the link was down: not their rows).
        // Sorted once here: pushAdded's own sort finds them in order already.
        const newestFirst = diff.added.map((m) => m.uid).sort((a, b) => b - a);
        await this.deps.rows
          .fetch(path, newestFirst.slice(0, MAX_LISTED_ADDED))
          .catch(() => undefined);
        this.deps.pushAdded(previous, newestFirst);
      }
    } else {
      if (previous && previous.path === path) {
        // UIDVALIDITY changed (RFC 3501 §2.3.1.1): every UID the browser holds is meaningless.
        this.deps.push(Events.MailboxReset, { mailbox: path, uidValidity });
      }
      this.deps.rows.clear();
      await this.prefetchNewest(client, path);
      // With QRESYNC by one UID SEARCH per flag (fast, see flag-snapshot.ts): expunges come as
      // VANISHED with UIDs then, so one sent between the searches cannot be misapplied by
      // sequence number (RFC 7162 §3.2.10). Without, FETCH FLAGS, during which no EXPUNGE may
      // be sent (RFC 3501 §7.4.1).
      const state = client.enabled.has('QRESYNC')
        ? await this.readStateAnsweringEarly(client, path, uidValidity)
        : MailboxState.from(path, uidValidity, await fetchFlags(client, null));
      this.deps.setState(state);
      if (previous && previous.path === path) this.pushCounts(state);
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
      this.deps.push(Events.MessageFlagsChanged, { ...listEventHead(state), changes });
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
        this.deps.rows.set(summary);
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

  /** Counts changed with no list event to carry them (the mailbox was read afresh). */
  private pushCounts(state: MailboxState): void {
    this.deps.push(Events.MailboxCountsChanged, { mailbox: state.path, ...state.counts() });
  }
}
