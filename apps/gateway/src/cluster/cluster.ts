import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createClient } from 'redis';
import { SESSION_COOKIE } from '@tidings/protocol';
import { parseCookies } from '../http/cookies.ts';
import type { OutgoingMail } from '../compose/compose-context.ts';
import type { AccountRegistry } from '../sessions/account-registry.ts';
import { SessionStore } from '../sessions/session-store.ts';
import type { TidingsServer } from '../sessions/socket-gateway.ts';
import { AccountLeases } from './account-lease.ts';
import { ClusterAccounts } from './cluster-accounts.ts';
import { ClusterRpc } from './cluster-rpc.ts';
import { registerClusterHttp } from './owner-proxy.ts';
import { RedisChannel, RedisKey, type RedisClient } from './redis-keys.ts';
import { sessionIdFor } from './session-seal.ts';
import { SharedSessions } from './shared-sessions.ts';

export interface ClusterConfig {
  /** The Redis every gateway process of the deployment shares. */
  redisUrl: string;
  /** Names this process in leases and logs; must be unique. Null: host name, pid and a nonce. */
  nodeId: string | null;
  /**
   * Where the other processes reach this one's HTTP port (downloads and uploads are passed to
   * the account's owner). Null: the address it listens on.
   */
  advertiseUrl: string | null;
}

/** A process's entry in the node table outlives a few missed refreshes, not a dead process. */
const NODE_TTL_MS = 30_000;
const NODE_REFRESH_MS = 10_000;
/** Packets kept in the adapter's stream (it is trimmed to about this many). */
const STREAM_MAX_LEN = 10_000;

/** Everything a gateway process needs to be one of several behind a load balancer. */
export class Cluster {
  readonly sessions: SessionStore;
  readonly shared: SharedSessions;
  readonly nodeId: string;
  private accountsRef: ClusterAccounts | null = null;
  private rpc: ClusterRpc | null = null;
  private nodeTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly config: ClusterConfig,
    private readonly redis: RedisClient,
    private readonly subscriber: RedisClient,
    private readonly logger: Logger,
    idleTtlMs: number,
  ) {
    this.nodeId = config.nodeId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.sessions = new SessionStore({
      idleTtlMs,
      idFor: sessionIdFor,
      onSeen: (session) => this.shared.seen(session),
    });
    this.shared = new SharedSessions(redis, this.sessions, idleTtlMs, logger);
  }

  static async connect(
    config: ClusterConfig,
    options: { logger: Logger; sessionIdleTtlMs: number },
  ): Promise<Cluster> {
    const logger = options.logger.child({ part: 'cluster' });
    const redis = createClient({ url: config.redisUrl });
    // node-redis reconnects by itself; without a listener an error would end the process.
    redis.on('error', (error: Error) => logger.warn({ err: { message: error.message } }, 'redis'));
    await redis.connect();
    const subscriber = redis.duplicate();
    subscriber.on('error', () => undefined); // the main client already reports it
    await subscriber.connect();
    const cluster = new Cluster(config, redis, subscriber, logger, options.sessionIdleTtlMs);
    await subscriber.subscribe(RedisChannel.sessionEnded, (id) => cluster.shared.ended(id));
    return cluster;
  }

  get accounts(): ClusterAccounts {
    if (!this.accountsRef) throw new Error('cluster not attached');
    return this.accountsRef;
  }

  /** Wires the cluster into the gateway's socket server and HTTP routes. */
  async attach(parts: {
    io: TidingsServer;
    app: FastifyInstance;
    local: AccountRegistry;
    outgoing: OutgoingMail;
  }): Promise<ClusterAccounts> {
    parts.io.adapter(createAdapter(this.redis, { maxLen: STREAM_MAX_LEN }));
    // Runs before the socket gateway's own check: a session signed in elsewhere becomes known.
    parts.io.use((socket, next) => {
      const token = parseCookies(socket.handshake.headers.cookie).get(SESSION_COOKIE);
      void this.shared.adopt(token).then(() => next());
    });
    const accounts = new ClusterAccounts({
      local: parts.local,
      leases: new AccountLeases(this.redis, this.nodeId),
      io: parts.io,
      logger: this.logger,
      outgoing: parts.outgoing,
    });
    this.rpc = new ClusterRpc(
      this.redis,
      this.nodeId,
      (accountId, method, args) => accounts.serve(accountId, method, args),
      this.logger,
    );
    await this.rpc.listen(this.subscriber);
    accounts.useRpc(this.rpc);
    this.accountsRef = accounts;
    registerClusterHttp(parts.app, {
      sessions: this.sessions,
      shared: this.shared,
      accounts,
      redis: this.redis,
    });
    return accounts;
  }

  /** Publishes where this process answers HTTP, once it listens. */
  async advertise(listening: { host: string; port: number }): Promise<void> {
    const url = this.config.advertiseUrl ?? `http://${listening.host}:${listening.port}`;
    const publish = () =>
      this.redis.set(RedisKey.node(this.nodeId), url, { PX: NODE_TTL_MS }).catch(() => undefined);
    await publish();
    clearInterval(this.nodeTimer);
    this.nodeTimer = setInterval(() => void publish(), NODE_REFRESH_MS);
    this.nodeTimer.unref();
    this.logger.info({ node: this.nodeId, url }, 'joined the cluster');
  }

  /** After the accounts were closed (their leases released): leaves Redis. */
  async close(): Promise<void> {
    clearInterval(this.nodeTimer);
    this.rpc?.close();
    await this.redis.del(RedisKey.node(this.nodeId)).catch(() => undefined);
    await Promise.all([
      this.subscriber.quit().catch(() => undefined),
      this.redis.quit().catch(() => undefined),
    ]);
  }
}
