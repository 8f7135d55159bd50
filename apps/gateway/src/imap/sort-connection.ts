import { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import { imapOptions, type Credentials, type ImapServer } from './imap-server.ts';

/** Closed after this long unused: a tab paging through a sorted list keeps it open. */
export const SORT_CONNECTION_IDLE_MS = 60_000;
/** Not tried again for this long after it could not be opened (a server's connection limit). */
export const SORT_CONNECTION_RETRY_MS = 5 * 60_000;

export interface SortConnectionOptions {
  server: ImapServer;
  credentials: Credentials;
  logger: Logger;
  /** Where sorting runs when this connection cannot be had: the account's command connection. */
  fallback(): Promise<ImapFlow>;
  idleMs?: number;
  /** Opens a signed-in connection (tests put a failing one here). */
  connect?(): Promise<ImapFlow>;
  now?(): number;
}

/**
 * A third IMAP connection of the account, for sorting only, opened when a sort is asked for
 * and closed after SORT_CONNECTION_IDLE_MS unused. The server's first SORT of a big folder
 * takes long (by sender, Dovecot needs 10 s at 100,000 messages: bench big-mailbox), and on
 * the command connection every other request of the account (opening a message, a flag, a
 * move) would wait behind it. Where this connection cannot be opened (a server's limit on
 * connections per user, a sign-in refused), or is lost in the middle, the command connection
 * sorts, as it did before; after a failed opening it is not tried again for five minutes.
 */
export class SortConnection {
  private client: ImapFlow | null = null;
  private opening: Promise<ImapFlow> | null = null;
  private users = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Until when the command connection sorts, after this one could not be opened. */
  private unavailableUntil = 0;

  constructor(private readonly options: SortConnectionOptions) {}

  /** Runs `work` on the sort connection, or on the fallback when that cannot be had. */
  async use<T>(work: (client: ImapFlow) => Promise<T>): Promise<T> {
    this.users++;
    clearTimeout(this.idleTimer);
    try {
      const client = await this.connection();
      if (!client) return await work(await this.options.fallback());
      try {
        return await work(client);
      } catch (error) {
        if (client.usable) throw error; // the server's answer, not a lost connection
        this.forget(client);
        return await work(await this.options.fallback());
      }
    } finally {
      if (--this.users === 0 && this.client) this.closeLater();
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.idleTimer);
    if (this.client) this.end(this.client);
  }

  /** The open connection, a new one, or null when none can be had now. */
  private async connection(): Promise<ImapFlow | null> {
    if (this.closed || this.now() < this.unavailableUntil) return null;
    if (this.client?.usable) return this.client;
    this.opening ??= this.open().finally(() => (this.opening = null));
    try {
      return await this.opening;
    } catch (error) {
      this.unavailableUntil = this.now() + SORT_CONNECTION_RETRY_MS;
      this.options.logger.warn(
        { link: 'sort', err: { message: (error as Error).message } },
        'no connection for sorting; the command connection sorts',
      );
      return null;
    }
  }

  private async open(): Promise<ImapFlow> {
    const client = await (this.options.connect ?? (() => this.connectNew()))();
    client.on('close', () => this.forget(client));
    if (this.closed) {
      this.end(client);
      throw new Error('the account session closed');
    }
    this.client = client;
    return client;
  }

  private async connectNew(): Promise<ImapFlow> {
    const { server, credentials, logger } = this.options;
    const client = new ImapFlow(imapOptions(server, credentials, { disableAutoIdle: true }));
    // Without an error listener a dropped socket crashes the process (IMAP-FIELD-NOTES).
    client.on('error', (error: Error) => {
      logger.warn({ link: 'sort', err: { message: error.message } }, 'IMAP connection error');
    });
    try {
      await client.connect();
    } catch (error) {
      client.close();
      throw error;
    }
    return client;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private closeLater(): void {
    this.idleTimer = setTimeout(() => {
      if (this.users === 0 && this.client) this.end(this.client);
    }, this.options.idleMs ?? SORT_CONNECTION_IDLE_MS);
    this.idleTimer.unref();
  }

  private forget(client: ImapFlow): void {
    if (this.client === client) this.client = null;
  }

  private end(client: ImapFlow): void {
    this.forget(client);
    void client
      .logout()
      .catch(() => undefined)
      .finally(() => client.close());
  }
}
