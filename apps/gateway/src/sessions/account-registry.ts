import type { Logger } from 'pino';
import type { ClusterAccount } from '../cluster/cluster-accounts.ts';
import { verifyLogin, type Credentials, type ImapServer } from '../imap/imap-server.ts';
import type { AccountSink } from './account-pushes.ts';
import { AccountSession, type AccountSessionOptions } from './account-session.ts';

/** What a socket works with: the account's session here, or (cluster) a stand-in for its owner. */
export type AccountHandle = AccountSession | ClusterAccount;

/** The accounts as sockets and sign-in see them: this registry alone, or the cluster's view. */
export interface AccountDirectory {
  /**
   * A sign-in: checks the credentials with the mail server and starts the account's session.
   * Throws ImapLoginError (rejected or unreachable); then nothing is started or replaced.
   */
  signIn(accountId: string, credentials: Credentials): Promise<void>;
  acquire(accountId: string, credentials: Credentials): AccountHandle;
  get(accountId: string): AccountHandle | undefined;
  attachSocket(accountId: string): void;
  detachSocket(accountId: string): void;
  close(accountId: string): Promise<void>;
}

/** How a session taken over from another process starts (cluster/cluster-accounts.ts). */
export interface SessionStart {
  /** The seq after which its events are numbered. */
  firstSeq?: number;
  /** Tabs already connected to this process. */
  sockets?: number;
}

/** The knobs every account session shares. */
export type AccountTuning = Pick<
  AccountSessionOptions,
  'idleReissueMs' | 'deadConnectionMs' | 'folderWatch' | 'statusSweepMs' | 'reconnectBackoff'
>;

export interface AccountRegistryOptions {
  server: ImapServer;
  logger: Logger;
  /** How long an account keeps its IMAP connections after its last tab closed. */
  graceMs: number;
  tuning: AccountTuning;
  sinkFor: (accountId: string) => AccountSink;
  /** The server rejected the account's credentials: end its browser sessions. */
  onRejected: (accountId: string) => void;
  /** A session was closed (grace over, sign-out, rejected, shutdown); not called on replacement. */
  onClosed?: (accountId: string) => void;
}

interface Entry {
  session: AccountSession;
  credentials: Credentials;
  sockets: number;
  graceTimer?: NodeJS.Timeout;
}

/** One AccountSession per signed-in account, shared by all its tabs, closed after a grace period. */
export class AccountRegistry implements AccountDirectory {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: AccountRegistryOptions) {}

  get server(): ImapServer {
    return this.options.server;
  }

  get size(): number {
    return this.entries.size;
  }

  get(accountId: string): AccountSession | undefined {
    return this.entries.get(accountId)?.session;
  }

  async signIn(accountId: string, credentials: Credentials): Promise<void> {
    if (this.entries.has(accountId)) {
      // A running session proves nothing about this password: check it on its own connection
      // before it may replace anything.
      await verifyLogin(this.options.server, credentials);
      this.acquire(accountId, credentials);
      return;
    }
    const entry = this.create(accountId, credentials, {});
    try {
      await entry.session.startVerified();
    } catch (error) {
      if (this.entries.get(accountId) === entry && entry.sockets > 0) {
        // A tab of an earlier sign-in came back meanwhile and uses this session: run it as
        // usual (it retries, or ends that tab's session if the server refuses it too).
        entry.session.start();
      } else {
        if (this.entries.get(accountId) === entry) this.entries.delete(accountId);
        clearTimeout(entry.graceTimer);
        await entry.session.close();
      }
      throw error;
    }
  }

  /**
   * The account's session, started if needed. New credentials (the password changed and the
   * user signed in again) replace the session, since the old connections would be refused.
   */
  acquire(accountId: string, credentials: Credentials, start: SessionStart = {}): AccountSession {
    const existing = this.entries.get(accountId);
    if (existing && existing.credentials.password === credentials.password) {
      if (existing.sockets === 0) this.scheduleClose(accountId, existing);
      return existing.session;
    }
    const { session } = this.create(accountId, credentials, start);
    session.start();
    return session;
  }

  /** A new session for the account, replacing any other, registered but not started. */
  private create(accountId: string, credentials: Credentials, start: SessionStart): Entry {
    const existing = this.entries.get(accountId);
    if (existing) {
      this.entries.delete(accountId);
      clearTimeout(existing.graceTimer);
      void existing.session.close();
    }
    const session = new AccountSession({
      accountId,
      server: this.options.server,
      credentials,
      logger: this.options.logger.child({ account: accountId }),
      sink: this.options.sinkFor(accountId),
      ...this.options.tuning,
      firstSeq: start.firstSeq,
      onRejected: () => {
        void this.close(accountId);
        this.options.onRejected(accountId);
      },
    });
    // Tabs already attached to the account's room stay attached to its new session.
    const entry: Entry = {
      session,
      credentials: { ...credentials },
      sockets: existing?.sockets ?? start.sockets ?? 0,
    };
    this.entries.set(accountId, entry);
    if (entry.sockets === 0) this.scheduleClose(accountId, entry);
    return entry;
  }

  attachSocket(accountId: string): void {
    const entry = this.entries.get(accountId);
    if (!entry) return;
    entry.sockets += 1;
    clearTimeout(entry.graceTimer);
    entry.graceTimer = undefined;
  }

  detachSocket(accountId: string): void {
    const entry = this.entries.get(accountId);
    if (!entry) return;
    entry.sockets = Math.max(0, entry.sockets - 1);
    if (entry.sockets === 0) this.scheduleClose(accountId, entry);
  }

  async close(accountId: string): Promise<void> {
    const entry = this.entries.get(accountId);
    if (!entry) return;
    this.entries.delete(accountId);
    clearTimeout(entry.graceTimer);
    await entry.session.close();
    this.options.onClosed?.(accountId);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.close(id)));
  }

  private scheduleClose(accountId: string, entry: Entry): void {
    clearTimeout(entry.graceTimer);
    entry.graceTimer = setTimeout(() => {
      if (this.entries.get(accountId) === entry && entry.sockets === 0) {
        this.options.logger.info({ account: accountId }, 'last tab gone; closing IMAP connections');
        void this.close(accountId);
      }
    }, this.options.graceMs);
    entry.graceTimer.unref();
  }
}
