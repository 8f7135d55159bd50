import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import { HttpPath } from '@tidings/protocol';
import { Cluster } from './cluster/cluster.ts';
import { UploadStore } from './compose/uploads.ts';
import type { GatewayConfig } from './config.ts';
import { registerErrorShape } from './http/error-shape.ts';
import { LoginThrottle } from './http/login-throttle.ts';
import { registerMessageRoutes } from './http/message-routes.ts';
import { registerSessionRoutes } from './http/session-routes.ts';
import { registerUploadRoutes } from './http/upload-routes.ts';
import { registerSecurityHeaders, registerStaticSpa } from './http/static-spa.ts';
import { AccountRegistry, type AccountDirectory } from './sessions/account-registry.ts';
import { Events, ErrorCode } from '@tidings/protocol';
import { SessionStore } from './sessions/session-store.ts';
import {
  accountRoom,
  accountSink,
  attachSocketGateway,
  type TidingsServer,
} from './sessions/socket-gateway.ts';

export type { GatewayConfig } from './config.ts';
export { gatewayDefaults } from './config.ts';

/** Sign-in forms and sign-out are tiny; uploads bypass this (http/upload-routes.ts streams them). */
const HTTP_BODY_LIMIT_BYTES = 16 * 1024;
/**
 * Largest socket.io message accepted from a browser: a draft's text and HTML travel in one
 * `message:send` (a reply quoting an HTML newsletter is easily a few hundred KiB).
 */
const SOCKET_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
/** How often uploads of ended sessions are deleted. */
const UPLOAD_SWEEP_MS = 60_000;

export interface Gateway {
  readonly app: FastifyInstance;
  readonly io: TidingsServer;
  /** The IMAP sessions this process runs (in a cluster: the accounts it owns). */
  readonly accounts: AccountRegistry;
  readonly sessions: SessionStore;
  /** Attachments waiting to be sent, on this process's disk. */
  readonly uploads: UploadStore;
  /** Set in cluster mode (config.cluster). */
  readonly cluster: Cluster | null;
  /** Listens and resolves with the bound address (port 0 picks a free one). */
  listen(port: number, host: string): Promise<{ port: number; host: string; url: string }>;
  close(): Promise<void>;
}

/** Builds the gateway from its parts; reads no environment, so tests build it with any config. */
export async function createGateway(config: GatewayConfig, logger: Logger): Promise<Gateway> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: HTTP_BODY_LIMIT_BYTES,
    trustProxy: false,
  });
  const io: TidingsServer = new Server(app.server, {
    path: HttpPath.SocketIo,
    serveClient: false,
    maxHttpBufferSize: SOCKET_MAX_MESSAGE_BYTES,
    // No CORS: sockets are same-origin only (checked again in the handshake middleware).
    cors: undefined,
  });
  const cluster = config.cluster
    ? await Cluster.connect(config.cluster, { logger, sessionIdleTtlMs: config.sessionIdleTtlMs })
    : null;
  const sessions = cluster?.sessions ?? new SessionStore({ idleTtlMs: config.sessionIdleTtlMs });
  const accounts: AccountRegistry = new AccountRegistry({
    server: config.imap,
    logger,
    graceMs: config.sessionGraceMs,
    tuning: {
      idleReissueMs: config.idleReissueMs,
      deadConnectionMs: config.deadConnectionMs,
      folderWatch: config.folderWatch,
      statusSweepMs: config.statusSweepMs,
      reconnectBackoff: config.reconnectBackoff,
    },
    sinkFor: (accountId) => accountSink(io, accountId),
    onRejected: (accountId) => {
      // The password stopped working (changed elsewhere): end every session, tell every tab once.
      sessions.deleteAccount(accountId);
      void cluster?.shared.endAccount(accountId).catch(() => undefined);
      io.to(accountRoom(accountId)).emit(Events.SessionEnded, {
        code: ErrorCode.AuthenticationFailed,
        message: 'The mail server no longer accepts your password. Sign in again.',
      });
      io.in(accountRoom(accountId)).disconnectSockets(true);
    },
    onClosed: (accountId) => cluster?.accounts.released(accountId),
  });
  const uploads = await UploadStore.create({ maxBytes: config.uploadMaxBytes });
  const sweep = setInterval(() => {
    const alive = (upload: { accountId: string; sessionId: string }) =>
      sessions.forAccount(upload.accountId).some((s) => s.id === upload.sessionId);
    void uploads.sweep(alive, config.sessionIdleTtlMs).catch(() => undefined);
  }, UPLOAD_SWEEP_MS);
  sweep.unref();
  const outgoing = { smtp: config.smtp, sentCopy: config.sentCopy, uploads };
  // Before any route: the cluster's hooks make other processes' sessions known here.
  const directory: AccountDirectory = cluster
    ? await cluster.attach({ io, app, local: accounts, outgoing })
    : accounts;
  attachSocketGateway(io, {
    sessions,
    accounts: directory,
    logger,
    allowedOrigins: config.allowedOrigins,
    outgoing,
    sieve: config.sieve,
  });

  registerSecurityHeaders(app);
  registerErrorShape(app);
  registerSessionRoutes(app, {
    config,
    sessions,
    accounts: directory,
    shared: cluster?.shared ?? null,
    throttle: new LoginThrottle(),
    io,
  });
  await registerMessageRoutes(app, { sessions, accounts });
  await registerUploadRoutes(app, { sessions, uploads, allowedOrigins: config.allowedOrigins });
  if (config.webDist) await registerStaticSpa(app, config.webDist);

  return {
    app,
    io,
    accounts,
    sessions,
    uploads,
    cluster,
    async listen(port, host) {
      await app.listen({ port, host });
      const address = app.server.address() as AddressInfo;
      await cluster?.advertise({ host, port: address.port });
      return { port: address.port, host, url: `http://${host}:${address.port}/` };
    },
    async close() {
      await (cluster ? cluster.accounts.closeAll() : accounts.closeAll());
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await app.close().catch(() => undefined);
      clearInterval(sweep);
      await uploads.close();
      await cluster?.close();
    },
  };
}
