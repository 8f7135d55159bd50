import type { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import { Events, type MailboxInfo } from '@tidings/protocol';
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

export interface FolderCountsDeps {
  logger: Logger;
  mode: FolderWatch;
  /** How often the fallback re-reads every folder's counts. */
  sweepMs: number;
  commandClient(): Promise<ImapFlow>;
  /** The mailbox whose counts the watched state owns (fresher than any STATUS). */
  watchedPath(): string | null;
  push<E extends SequencedEvent>(event: E, payload: Omit<PayloadOf<E>, 'seq'>): void;
  /** Folders were created, renamed or deleted (the watched one may be among them). */
  onFolderListChanged(): void;
  /** The Inbox, not watched, holds `added` more messages: who sent them? (inbox-arrivals.ts) */
  onInboxGrew?(added: number): void;
}

interface Counts {
  total: number;
  unread: number;
}

/**
 * Keeps the unread and total counts of every folder current while one mailbox is open, and
 * notices folders created, renamed or deleted elsewhere. With NOTIFY (RFC 5465) the server tells
 * the idle connection, so nothing polls; without it, LIST-STATUS sweeps on an interval and
 * whenever a tab regains focus. Either way, no connection beyond the account's two.
 */
export class FolderCounts {
  private readonly known = new Map<string, Counts>();
  private notifying = false;
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly deps: FolderCountsDeps) {}

  get usesNotify(): boolean {
    return this.notifying;
  }

  /** A fresh idle connection: ask for NOTIFY, or fall back to sweeps. */
  async attach(client: ImapFlow): Promise<void> {
    this.notifying = false;
    if (this.deps.mode === FolderWatch.Auto && offersNotify(client)) {
      try {
        await enableNotify(client, {
          onStatus: (status) => this.onStatus(status),
          onMailboxNamesChanged: () => this.deps.onFolderListChanged(),
        });
        this.notifying = true;
        // NOTIFY reports changes from now on; what changed while we were away needs one sweep.
        void this.sweepOnce().catch(() => undefined);
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

  /** Counts as a tab listed them; later changes are measured against these. */
  remember(mailboxes: MailboxInfo[]): void {
    for (const m of mailboxes) this.known.set(m.path, { total: m.total, unread: m.unread });
  }

  /** Re-reads every folder's counts now (a tab regained focus, or the sweep timer). */
  refresh(): Promise<void> {
    if (this.notifying) return Promise.resolve();
    return this.sweepOnce();
  }

  private sweepOnce(): Promise<void> {
    this.sweeping ??= this.sweep().finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.sweepTimer);
  }

  private async sweep(): Promise<void> {
    const client = await this.deps.commandClient();
    const entries = await client.list({ statusQuery: { messages: true, unseen: true } });
    const infos = entries.map(toMailboxInfo).filter((m) => m.selectable);
    const paths = new Set(infos.map((m) => m.path));
    const listChanged =
      this.known.size > 0 &&
      (infos.some((m) => !this.known.has(m.path)) ||
        [...this.known.keys()].some((p) => !paths.has(p)));
    for (const path of [...this.known.keys()]) if (!paths.has(path)) this.known.delete(path);
    for (const info of infos) this.update(info.path, { total: info.total, unread: info.unread });
    if (listChanged) this.deps.onFolderListChanged();
  }

  private onStatus(status: FolderStatus): void {
    const previous = this.known.get(status.path);
    const total = status.messages ?? previous?.total;
    const unread = status.unseen ?? previous?.unread;
    if (total === undefined || unread === undefined) return;
    this.update(status.path, { total, unread });
  }

  private update(path: string, counts: Counts): void {
    if (path === this.deps.watchedPath()) return; // the watched state pushes its own counts
    const previous = this.known.get(path);
    this.known.set(path, counts);
    // First sight of a folder: the tabs learn its counts by listing (a new folder comes with
    // mailbox:listChanged); only changes are pushed.
    if (!previous || (previous.total === counts.total && previous.unread === counts.unread)) return;
    this.deps.push(Events.MailboxCountsChanged, { mailbox: path, ...counts });
    if (isInbox(path) && counts.total > previous.total) {
      this.deps.onInboxGrew?.(counts.total - previous.total);
    }
  }
}
