import type { ImapFlow } from 'imapflow';
import { ErrorCode, Events } from '@tidings/protocol';
import { AccountError, toAccountError } from './account-error.ts';
import type { PayloadOf, SequencedEvent } from './event-log.ts';
import type { FolderCounts } from './folder-counts.ts';
import type { WatchedMailbox } from './watched-mailbox.ts';

const DEFAULT_MAILBOX = 'INBOX';
/** How long a burst of folder-list changes is gathered into one push. */
const LIST_CHANGE_BURST_MS = 50;

export interface WatchTargetDeps {
  /** The idle connection once it is up (rejects after the usual wait). */
  idleReady(): Promise<ImapFlow>;
  /** The idle connection if it is up now. */
  idleClient(): ImapFlow | null;
  commandClient(): Promise<ImapFlow>;
  watched: WatchedMailbox;
  folders: FolderCounts;
  push<E extends SequencedEvent>(event: E, payload: Omit<PayloadOf<E>, 'seq'>): void;
  /** A watched mailbox finished loading (the account's status may now be Live). */
  onLoaded(): void;
}

/**
 * Which mailbox the idle connection watches, and keeping it there: a tab's open moves it, every
 * fresh idle connection loads it again, and a folder deleted or recreated elsewhere resets it
 * (falling back to the Inbox). One account has one target, whatever its tabs show.
 */
export class WatchTarget {
  private path = DEFAULT_MAILBOX;
  private loaded: Promise<void> | null = null;
  private listChangedTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly deps: WatchTargetDeps) {}

  /** Makes `path` the watched mailbox; resolves once its state is loaded. */
  watch(path: string): Promise<void> {
    if (path === this.path && this.loaded) return this.loaded;
    this.path = path;
    const loaded = this.deps
      .idleReady()
      .then((client) => this.deps.watched.ensureLoaded(client, path))
      .then(() => this.deps.onLoaded())
      .catch((error: unknown) => {
        if (this.loaded === loaded) this.loaded = null;
        throw toAccountError(error);
      });
    this.loaded = loaded;
    return loaded;
  }

  /** A fresh idle connection: its events, the other folders' watch, then the watched mailbox. */
  async onIdleConnected(client: ImapFlow): Promise<void> {
    const { watched } = this.deps;
    watched.listen(client);
    await this.deps.folders.attach(client);
    let loaded = watched.load(client, this.path);
    this.loaded = loaded;
    try {
      await loaded;
    } catch (error) {
      if (
        !(error instanceof AccountError && error.code === ErrorCode.MailboxNotFound) ||
        this.path === DEFAULT_MAILBOX
      ) {
        throw error;
      }
      // The watched folder was deleted elsewhere while we were away (Dovecot ends a session
      // whose selected mailbox is deleted): tabs showing it reset, and the Inbox is watched.
      this.deps.push(Events.MailboxReset, { mailbox: this.path, uidValidity: 0 });
      this.path = DEFAULT_MAILBOX;
      loaded = watched.load(client, DEFAULT_MAILBOX);
      this.loaded = loaded;
      this.deps.push(Events.MailboxListChanged, {});
      await loaded;
    }
  }

  /**
   * Folders were created, renamed, deleted or (un)subscribed elsewhere. Dovecot reports each
   * folder of a burst on its own (a user's first session creates and subscribes five at once):
   * the tabs get one push and the watched mailbox one check per burst.
   */
  folderListChanged(): void {
    if (this.listChangedTimer || this.closed) return;
    this.listChangedTimer = setTimeout(() => {
      this.listChangedTimer = undefined;
      this.deps.push(Events.MailboxListChanged, {});
      void this.verify().catch(() => undefined);
    }, LIST_CHANGE_BURST_MS);
    this.listChangedTimer.unref();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.listChangedTimer);
  }

  /**
   * A folder was deleted or renamed somewhere: if it was the watched one, the idle connection
   * is still selected on a mailbox that no longer exists (Dovecot says nothing during IDLE).
   * Re-select: a new UIDVALIDITY resets the browser's view; a missing folder falls back to INBOX.
   */
  private async verify(): Promise<void> {
    const state = this.deps.watched.state;
    const client = this.deps.idleClient();
    if (!state || !client) return;
    // LIST-STATUS, not STATUS: imapflow answers STATUS on the selected mailbox from its cache.
    const command = await this.deps.commandClient();
    const entries = await command.list({ statusQuery: { uidValidity: true } });
    const status = entries.find((entry) => entry.path === state.path)?.status;
    if (status && Number(status.uidValidity) === state.uidValidity) return;
    if (!status) {
      // Gone (perhaps about to be recreated): the tabs reopen it, or fall back to the Inbox.
      this.deps.push(Events.MailboxReset, { mailbox: state.path, uidValidity: 0 });
      this.path = DEFAULT_MAILBOX;
    }
    const loaded = this.deps.watched.load(client, this.path);
    this.loaded = loaded;
    await loaded;
  }
}
