import type { Logger } from 'pino';
import { ErrorCode, Events, ImapLinkState, type AccountStatusEvent } from '@tidings/protocol';
import type { OutgoingMail } from '../compose/compose-context.ts';
import { verifyLogin, type Credentials } from '../imap/imap-server.ts';
import { AccountError } from '../sessions/account-error.ts';
import type { AccountDirectory, AccountRegistry } from '../sessions/account-registry.ts';
import type { AccountSession } from '../sessions/account-session.ts';
import {
  accountRoom,
  greet,
  type TidingsServer,
  type TidingsSocket,
} from '../sessions/socket-gateway.ts';
import {
  LEASE_TICK_MS,
  LEASE_TTL_MS,
  SEQ_EPOCH_STRIDE,
  type AccountLeases,
} from './account-lease.ts';
import type { ClusterRpc } from './cluster-rpc.ts';
import {
  FORWARD_TIMEOUT_MS,
  FORWARDED_METHODS,
  isForwardedMethod,
  SLOW_FORWARD_TIMEOUT_MS,
  type ForwardedApi,
  type ForwardedMethod,
} from './forwarded-methods.ts';

/** What a socket holds for its account in a cluster: runs each request where the account lives. */
export interface ClusterAccount extends ForwardedApi {
  /** Tells a new socket the account's status and whether it missed anything. */
  welcome(socket: TidingsSocket, lastSeq: number | undefined): void;
}

/** A forwarded request asks for this to greet a socket on another process. */
const SNAPSHOT_METHOD = 'snapshot';
/** Stands for this process's OutgoingMail in a forwarded argument list. */
const LOCAL_OUTGOING = { $local: 'outgoing' } as const;

interface Snapshot {
  status: AccountStatusEvent;
  seq: number;
}

interface Entry {
  readonly accountId: string;
  /** The latest credentials a tab here brought: what this process signs in with if it takes over. */
  credentials: Credentials;
  /** This process's sockets of the account. */
  sockets: number;
  owned: boolean;
  readonly handle: ClusterAccount;
}

export interface ClusterAccountsOptions {
  local: AccountRegistry;
  leases: AccountLeases;
  io: TidingsServer;
  logger: Logger;
  /** Process-local argument of send/saveDraft/openDraft, swapped for the owner's own. */
  outgoing: OutgoingMail;
}

const OWNER_UNKNOWN = 'Your mailbox is moving to another gateway process; try again.';

/**
 * The accounts this process has tabs of or owns. Owned ones run in the local AccountRegistry;
 * the others forward each request to their owner over the cluster bus (cluster-rpc.ts) and
 * take over when its lease lapses. Pushes need nothing of this: the owner emits to the
 * account's room, which the Redis adapter extends over every process.
 */
export class ClusterAccounts implements AccountDirectory {
  private readonly entries = new Map<string, Entry>();
  private readonly ticker: NodeJS.Timeout;
  private rpc: ClusterRpc | null = null;
  private ticking = false;
  private closed = false;
  private lastRenewedAt = Date.now();

  constructor(private readonly options: ClusterAccountsOptions) {
    this.ticker = setInterval(() => void this.tick(), LEASE_TICK_MS);
    this.ticker.unref();
  }

  get nodeId(): string {
    return this.options.leases.nodeId;
  }

  /** Set once the bus is up (the bus's handler is `serve` below). */
  useRpc(rpc: ClusterRpc): void {
    this.rpc = rpc;
  }

  /** Checks on a connection of its own: the session may start on another process. */
  async signIn(accountId: string, credentials: Credentials): Promise<void> {
    await verifyLogin(this.options.local.server, credentials);
    this.acquire(accountId, credentials);
  }

  acquire(accountId: string, credentials: Credentials): ClusterAccount {
    const entry = this.entry(accountId, credentials);
    entry.credentials = { ...credentials };
    if (entry.owned) {
      // Same as a single process: new credentials replace the session, else it stays.
      this.options.local.acquire(accountId, credentials);
    } else {
      // Start the IMAP session now if nobody runs it yet (sign-in, the first tab).
      void this.resolve(entry).catch(() => undefined);
    }
    return entry.handle;
  }

  get(accountId: string): ClusterAccount | undefined {
    return this.entries.get(accountId)?.handle;
  }

  attachSocket(accountId: string): void {
    const entry = this.entries.get(accountId);
    if (!entry) return;
    entry.sockets += 1;
    this.options.local.attachSocket(accountId);
  }

  detachSocket(accountId: string): void {
    const entry = this.entries.get(accountId);
    if (!entry) return;
    entry.sockets = Math.max(0, entry.sockets - 1);
    this.options.local.detachSocket(accountId);
    if (entry.sockets === 0 && !entry.owned) this.entries.delete(accountId);
  }

  /** After a sign-out: stop the account here unless tabs of it are still connected here. */
  async close(accountId: string): Promise<void> {
    const entry = this.entries.get(accountId);
    if (entry && entry.sockets > 0) return;
    await this.options.local.close(accountId);
  }

  /** The local registry closed an owned session (grace over, rejected, shutdown): let go of it. */
  released(accountId: string): void {
    const entry = this.entries.get(accountId);
    if (entry?.owned) {
      entry.owned = false;
      if (entry.sockets === 0) this.entries.delete(accountId);
      void this.options.leases.release(accountId).catch(() => undefined);
    }
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    clearInterval(this.ticker);
    const owned = [...this.entries.values()].filter((e) => e.owned).map((e) => e.accountId);
    await this.options.local.closeAll();
    // Hand the accounts over at once instead of after the lease's expiry.
    await Promise.all(owned.map((id) => this.options.leases.release(id).catch(() => undefined)));
  }

  /** The owner's end of a forwarded request. */
  async serve(accountId: string, method: string, args: unknown[]): Promise<unknown> {
    const entry = this.entries.get(accountId);
    const session = entry?.owned ? this.options.local.get(accountId) : undefined;
    if (!session) throw new AccountError(ErrorCode.ImapUnavailable, OWNER_UNKNOWN);
    if (method === SNAPSHOT_METHOD) {
      const snapshot: Snapshot = { status: session.currentStatus, seq: session.lastSeq };
      return snapshot;
    }
    if (!isForwardedMethod(method))
      throw new AccountError(ErrorCode.BadRequest, `Not a forwardable request: ${method}`);
    const local = args.map((arg) => (isLocalOutgoing(arg) ? this.options.outgoing : arg));
    return (session[method] as (...a: unknown[]) => Promise<unknown>).apply(session, local);
  }

  /** Where the account runs: 'self', or another process's id. Claims the account if free. */
  async ownerOf(accountId: string, credentials: Credentials): Promise<'self' | string> {
    return this.resolve(this.entry(accountId, credentials));
  }

  // ---------------------------------------------------------------------------------------------

  private entry(accountId: string, credentials: Credentials): Entry {
    let entry = this.entries.get(accountId);
    if (!entry) {
      entry = {
        accountId,
        credentials: { ...credentials },
        sockets: 0,
        owned: false,
        handle: undefined as unknown as ClusterAccount,
      };
      (entry as { handle: ClusterAccount }).handle = this.handleFor(entry);
      this.entries.set(accountId, entry);
    }
    return entry;
  }

  private async resolve(entry: Entry): Promise<'self' | string> {
    if (entry.owned) return 'self';
    const { leases } = this.options;
    const owner = await leases.owner(entry.accountId);
    if (owner && owner !== this.nodeId) return owner;
    if (owner === this.nodeId) {
      // Ours but not marked (a claim of a concurrent call won a moment ago).
      if (entry.owned) return 'self';
    } else if (!this.closed) {
      const epoch = (await leases.claim([entry.accountId])).get(entry.accountId);
      if (epoch !== undefined) {
        this.takeOver(entry, epoch);
        return 'self';
      }
      if (entry.owned) return 'self';
    }
    const now = await leases.owner(entry.accountId);
    if (now && now !== this.nodeId) return now;
    if (now === this.nodeId && entry.owned) return 'self';
    throw new AccountError(ErrorCode.ImapUnavailable, OWNER_UNKNOWN);
  }

  private takeOver(entry: Entry, epoch: number): void {
    const firstSeq = epoch * SEQ_EPOCH_STRIDE;
    entry.owned = true;
    this.options.local.acquire(entry.accountId, entry.credentials, {
      firstSeq,
      sockets: entry.sockets,
    });
    this.rpc?.failCallsFor(entry.accountId);
    this.options.logger.info({ account: entry.accountId, epoch }, 'account owned by this process');
    if (epoch > 1) {
      // Another process ran the account before: what it pushed last may never have reached
      // the tabs, and this one numbers its events anew. Every tab reloads from here.
      this.options.io
        .to(accountRoom(entry.accountId))
        .emit(Events.AccountResync, { seq: firstSeq });
    }
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.closed) return;
    this.ticking = true;
    const { leases, logger } = this.options;
    try {
      const owned = [...this.entries.values()].filter((e) => e.owned).map((e) => e.accountId);
      try {
        const lost = await leases.renew(owned);
        this.lastRenewedAt = Date.now();
        for (const accountId of lost) this.lose(accountId, 'lease taken by another process');
      } catch (error) {
        // Without renewals the lease lapses and another process may take over: stop first.
        if (Date.now() - this.lastRenewedAt >= LEASE_TTL_MS - LEASE_TICK_MS) {
          for (const accountId of owned) this.lose(accountId, 'cannot renew the lease');
        }
        logger.warn({ err: { message: (error as Error).message } }, 'lease renewal failed');
      }
      const watched = [...this.entries.values()]
        .filter((e) => !e.owned && e.sockets > 0)
        .map((e) => e.accountId);
      const won = await leases.claim(watched);
      for (const [accountId, epoch] of won) {
        const entry = this.entries.get(accountId);
        if (entry && !this.closed) this.takeOver(entry, epoch);
        else await leases.release(accountId);
      }
    } catch (error) {
      logger.warn({ err: { message: (error as Error).message } }, 'lease claim failed');
    } finally {
      this.ticking = false;
    }
  }

  private lose(accountId: string, reason: string): void {
    const entry = this.entries.get(accountId);
    if (!entry?.owned) return;
    entry.owned = false;
    this.options.logger.warn({ account: accountId, reason }, 'account no longer owned here');
    void this.options.local.close(accountId);
    if (entry.sockets === 0) this.entries.delete(accountId);
  }

  private handleFor(entry: Entry): ClusterAccount {
    const forward =
      (method: ForwardedMethod) =>
      async (...args: unknown[]) => {
        const target = await this.resolve(entry);
        if (target === 'self') {
          const session = this.options.local.get(entry.accountId);
          if (!session) throw new AccountError(ErrorCode.ImapUnavailable, OWNER_UNKNOWN);
          return (session[method] as (...a: unknown[]) => Promise<unknown>).apply(session, args);
        }
        const wire = args.map((arg) => (arg === this.options.outgoing ? LOCAL_OUTGOING : arg));
        return this.call(target, entry.accountId, method, wire, SLOW_FORWARD_TIMEOUT_MS[method]);
      };
    const api = Object.fromEntries(FORWARDED_METHODS.map((m) => [m, forward(m)])) as ForwardedApi;
    return {
      ...api,
      welcome: (socket, lastSeq) => this.welcome(entry, socket, lastSeq),
    };
  }

  private call(
    target: string,
    accountId: string,
    method: string,
    args: unknown[],
    timeoutMs = FORWARD_TIMEOUT_MS,
  ): Promise<unknown> {
    if (!this.rpc)
      return Promise.reject(new AccountError(ErrorCode.ImapUnavailable, OWNER_UNKNOWN));
    return this.rpc.call(target, accountId, method, args, timeoutMs);
  }

  private welcome(entry: Entry, socket: TidingsSocket, lastSeq: number | undefined): void {
    const session = entry.owned ? this.options.local.get(entry.accountId) : undefined;
    if (session) return greet(socket, session, lastSeq);
    void this.remoteWelcome(entry, socket, lastSeq);
  }

  /**
   * A socket on a process that does not own the account: it hears the owner's pushes through
   * the room, but the owner's replay log is elsewhere. If the tab missed anything, it reloads.
   */
  private async remoteWelcome(
    entry: Entry,
    socket: TidingsSocket,
    lastSeq: number | undefined,
  ): Promise<void> {
    try {
      const target = await this.resolve(entry);
      const snapshot =
        target === 'self'
          ? snapshotOf(this.options.local.get(entry.accountId))
          : ((await this.call(target, entry.accountId, SNAPSHOT_METHOD, [])) as Snapshot);
      if (!snapshot) throw new AccountError(ErrorCode.ImapUnavailable, OWNER_UNKNOWN);
      socket.emit(Events.AccountStatus, snapshot.status);
      if (lastSeq !== undefined && lastSeq !== snapshot.seq) {
        socket.emit(Events.AccountResync, { seq: snapshot.seq });
      }
    } catch {
      // The owner is changing hands: the tab waits; the new owner's resync reaches it.
      socket.emit(Events.AccountStatus, { imap: ImapLinkState.Connecting });
    }
  }
}

function snapshotOf(session: AccountSession | undefined): Snapshot | undefined {
  return session && { status: session.currentStatus, seq: session.lastSeq };
}

function isLocalOutgoing(arg: unknown): boolean {
  return (
    typeof arg === 'object' &&
    arg !== null &&
    (arg as { $local?: unknown }).$local === LOCAL_OUTGOING.$local
  );
}
