import type { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import { Events, type MailboxInfo, type MessageSummary } from '@tidings/protocol';
import { toMailboxInfo } from '../imap/mailbox-list.ts';
import { enableNotify, offersNotify, type FolderStatus } from '../imap/notify.ts';
import type { PayloadOf, SequencedEvent } from './event-log.ts';
import { isInbox } from './inbox-arrivals.ts';

export const FolderWatch = {
  /** IMAP NOTIFY where the server offers it, else STATUS sweeps. */
  Auto: 'auto',
  /** STATUS sweeps only (servers whose NOTIFY misbehaves; tests of the fallback). */
  Status: 'status',
} as const;
export type FolderWatch = (typeof FolderWatch)[keyof typeof FolderWatch];

export interface Counts {
  total: number;
  unread: number;
}

/** The list's view of the open mailbox: its counts come from the watched state, not STATUS. */
export interface WatchedCounts extends Counts {
  path: string;
}

/** The part of imapflow a sweep uses (a narrow seam, so the ordering rules are testable). */
export type ListingClient = Pick<ImapFlow, 'list' | 'noop' | 'mailbox'>;

export interface FolderCountsDeps {
  logger: Logger;
  mode: FolderWatch;
  /** How often the fallback re-reads every folder's counts. */
  sweepMs: number;
  commandClient(): Promise<ListingClient>;
  /** The mailbox whose counts the watched state owns (fresher than any STATUS), if any. */
  watched(): WatchedCounts | null;
  push<E extends SequencedEvent>(event: E, payload: Omit<PayloadOf<E>, 'seq'>): void;
  /** Folders were created, renamed or deleted (the watched one may be among them). */
  onFolderListChanged(): void;
  /** `path`, not watched, changed elsewhere: the tabs were just told its new counts. */
  onCountsChanged?(path: string): void;
  /** The Inbox, not watched, holds `added` more messages: who sent them? (inbox-arrivals.ts) */
  onInboxGrew?(added: number): void;
  /** NOTIFY pushed the list row of a message new in `client`'s selected mailbox. */
  onNewMessage?(client: ImapFlow, summary: MessageSummary): void;
}

/** After an ambiguous answer, how long to let the server's NOTIFY delay pass before re-reading. */
const SETTLE_MS = 1_000;
/** How often a catch-up sweep that failed (the server still restarting) is tried again. */
const CATCH_UP_RETRY_MS = 2_000;

/**
 * Keeps the unread and total counts of every folder current while one mailbox is open, and
 * notices folders created, renamed or deleted elsewhere. With NOTIFY (RFC 5465) the server tells
 * the idle connection, so nothing polls; without it, LIST-STATUS sweeps on an interval and
 * whenever a tab regains focus. Either way, no connection beyond the account's two.
 *
 * Ordering. Counts reach the tabs two ways: `mailbox:countsChanged` pushes and `mailbox:list`
 * answers (a tab re-applies the pushes that arrive while its list is out). `told` is what the
 * tabs were last told per folder, and every path keeps it so:
 * - a list or sweep value that differs from `told` is pushed before the answer goes out, so
 *   the last push a tab sees for a folder always equals the answer it gets;
 * - NOTIFY STATUS (idle connection) and LIST-STATUS (command connection) cannot be ordered
 *   against each other, so a folder NOTIFY reported while a LIST was out keeps the NOTIFY value
 *   (any later change brings its own NOTIFY), and one more sweep settles it shortly after;
 * - the catch-up sweep after NOTIFY is (re)enabled always starts after it, never joins a sweep
 *   that began while the connection was down.
 */
export class FolderCounts {
  private readonly told = new Map<string, Counts>();
  /** For each LIST-STATUS out now, the folders a NOTIFY STATUS reported meanwhile. */
  private readonly listsOut = new Set<Set<string>>();
  private notifying = false;
  /** The idle connection whose NOTIFY sends new messages' rows unasked, if any. */
  private rowsPushedBy: ImapFlow | null = null;
  /** Bumped on each attach: a catch-up retry for an older connection stops. */
  private attachments = 0;
  private sweepTimer: NodeJS.Timeout | undefined;
  private settleTimer: NodeJS.Timeout | undefined;
  private catchUpTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly deps: FolderCountsDeps) {}

  get usesNotify(): boolean {
    return this.notifying;
  }

  /** Does `client`'s NOTIFY send each new message's list row with its EXISTS? */
  pushesNewMessages(client: ImapFlow): boolean {
    return this.rowsPushedBy === client;
  }

  /** A fresh idle connection: ask for NOTIFY, or fall back to sweeps. */
  async attach(client: ImapFlow): Promise<void> {
    const attachment = ++this.attachments;
    this.notifying = false;
    this.rowsPushedBy = null;
    clearTimeout(this.catchUpTimer);
    if (this.deps.mode === FolderWatch.Auto && offersNotify(client)) {
      try {
        const { pushesNewMessages } = await enableNotify(client, {
          onStatus: (status) => this.onStatus(status),
          onMailboxNamesChanged: () => this.deps.onFolderListChanged(),
          onNewMessage: (summary) => this.deps.onNewMessage?.(client, summary),
        });
        this.notifying = true;
        if (pushesNewMessages) this.rowsPushedBy = client;
        // NOTIFY reports changes from now on; what changed while we were away needs a sweep.
        this.catchUp(attachment);
      } catch (error) {
        this.deps.logger.warn(
          { err: { message: (error as Error).message } },
          'NOTIFY refused; sweeping STATUS instead',
        );
      }
    }
    clearInterval(this.sweepTimer);
    if (!this.notifying && !this.closed) {
      this.sweepTimer = setInterval(
        () => void this.refresh().catch(() => undefined),
        this.deps.sweepMs,
      );
      this.sweepTimer.unref();
    }
  }

  /** Every folder with its counts, for a tab's `mailbox:list` (see Ordering above). */
  async list(): Promise<MailboxInfo[]> {
    return this.readAll({ sweep: false });
  }

  /** Counts a tab was just pushed by someone else (the watched mailbox pushes its own). */
  noteTold(path: string, counts: Counts): void {
    this.told.set(path, { total: counts.total, unread: counts.unread });
  }

  /** Re-reads every folder's counts now (a tab regained focus, or the sweep timer). */
  refresh(): Promise<void> {
    if (this.notifying) return Promise.resolve();
    return this.sweepSoon();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.sweepTimer);
    clearTimeout(this.settleTimer);
    clearTimeout(this.catchUpTimer);
  }

  /** A sweep that starts now or later: it may join one queued, never one already running. */
  private sweepSoon(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.running) return this.startSweep();
    this.queued = this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.startSweep();
      });
    return this.queued;
  }

  private startSweep(): Promise<void> {
    const sweep = this.readAll({ sweep: true }).then(() => undefined);
    const running = sweep.finally(() => {
      if (this.running === running) this.running = null;
    });
    this.running = running;
    return running;
  }

  private catchUp(attachment: number): void {
    this.sweepSoon().catch(() => {
      if (this.closed || attachment !== this.attachments || !this.notifying) return;
      this.catchUpTimer = setTimeout(() => this.catchUp(attachment), CATCH_UP_RETRY_MS);
      this.catchUpTimer.unref();
    });
  }

  private settleSoon(): void {
    if (this.settleTimer || this.closed) return;
    this.settleTimer = setTimeout(() => {
      this.settleTimer = undefined;
      this.sweepSoon().catch(() => this.settleSoon());
    }, SETTLE_MS);
    this.settleTimer.unref();
  }

  /**
   * One LIST-STATUS: updates `told` (pushing what changed) and answers what the tabs now hold.
   * A sweep also tells the tabs when folders came or went; a tab's own list needs no such push.
   */
  private async readAll({ sweep }: { sweep: boolean }): Promise<MailboxInfo[]> {
    const notified = new Set<string>();
    this.listsOut.add(notified);
    let infos: MailboxInfo[];
    try {
      const client = await this.deps.commandClient();
      // Dovecot answers STATUS of the folder this connection has selected from the
      // connection's own view, which misses what other clients did since (a count NOTIFY
      // already pushed would be taken back); a NOOP catches that view up first.
      if (client.mailbox) await client.noop();
      const entries = await client.list({ statusQuery: { messages: true, unseen: true } });
      infos = entries.map(toMailboxInfo);
    } finally {
      this.listsOut.delete(notified);
    }
    const selectable = infos.filter((m) => m.selectable);
    const paths = new Set(selectable.map((m) => m.path));
    const listChanged =
      sweep &&
      this.told.size > 0 &&
      (selectable.some((m) => !this.told.has(m.path)) ||
        [...this.told.keys()].some((p) => !paths.has(p)));
    for (const path of [...this.told.keys()]) if (!paths.has(path)) this.told.delete(path);

    const watched = this.deps.watched();
    let ambiguous = false;
    const answer = infos.map((info) => {
      if (!info.selectable) return info;
      if (watched?.path === info.path) {
        this.noteTold(info.path, watched);
        return { ...info, total: watched.total, unread: watched.unread };
      }
      const told = this.told.get(info.path);
      if (told && notified.has(info.path)) {
        if (told.total !== info.total || told.unread !== info.unread) ambiguous = true;
        return { ...info, ...told };
      }
      this.update(info.path, { total: info.total, unread: info.unread });
      return info;
    });
    if (ambiguous) this.settleSoon();
    if (listChanged) this.deps.onFolderListChanged();
    return answer;
  }

  private onStatus(status: FolderStatus): void {
    for (const notified of this.listsOut) notified.add(status.path);
    const previous = this.told.get(status.path);
    const total = status.messages ?? previous?.total;
    const unread = status.unseen ?? previous?.unread;
    if (total === undefined || unread === undefined) return;
    this.update(status.path, { total, unread });
  }

  private update(path: string, counts: Counts): void {
    if (path === this.deps.watched()?.path) return; // the watched state pushes its own counts
    const previous = this.told.get(path);
    this.told.set(path, counts);
    // First sight of a folder: the tabs learn its counts by listing (a new folder comes with
    // mailbox:listChanged); only changes are pushed.
    if (!previous || (previous.total === counts.total && previous.unread === counts.unread)) return;
    this.deps.push(Events.MailboxCountsChanged, { mailbox: path, ...counts });
    this.deps.onCountsChanged?.(path);
    if (isInbox(path) && counts.total > previous.total) {
      this.deps.onInboxGrew?.(counts.total - previous.total);
    }
  }
}
