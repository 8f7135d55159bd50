import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  ErrorCode,
  MessageHttpPath,
  SESSION_COOKIE,
  UPLOAD_PATH,
  type HttpErrorBody,
} from '@tidings/protocol';
import { parseCookies } from '../http/cookies.ts';
import type { SessionStore } from '../sessions/session-store.ts';
import type { ClusterAccounts } from './cluster-accounts.ts';
import { RedisKey, type RedisClient } from './redis-keys.ts';
import type { SharedSessions } from './shared-sessions.ts';

/**
 * HTTP routes that need the account's IMAP session (downloads stream from it under a mailbox
 * lock) or its process's disk (uploads, which a later send reads) run on the account's owner:
 * another process passes the request through unchanged, cookie and all, so the owner checks
 * the session, origin and CSRF token itself. Nothing is trusted from the passing process.
 */
const OWNER_PATHS: readonly string[] = [...Object.values(MessageHttpPath), UPLOAD_PATH];
/** Marks a request passed on once, so that it is never passed on again (ownership moving). */
export const FORWARDED_HEADER = 'x-tidings-forwarded-by';
/** Headers of one hop only (RFC 9110 §7.6.1); node sets its own. */
const HOP_HEADERS = [
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
];

export interface OwnerProxyDeps {
  sessions: SessionStore;
  shared: SharedSessions;
  accounts: ClusterAccounts;
  redis: RedisClient;
}

export function registerClusterHttp(app: FastifyInstance, deps: OwnerProxyDeps): void {
  app.addHook('onRequest', async (request, reply) => {
    const token = parseCookies(request.headers.cookie).get(SESSION_COOKIE);
    // A session signed in on another process becomes known here before any route asks.
    await deps.shared.adopt(token);
    if (!OWNER_PATHS.includes(pathOf(request))) return;
    const session = deps.sessions.get(token);
    if (!session) return; // the route answers 401 itself
    const moving = () => {
      const body: HttpErrorBody = {
        error: { code: ErrorCode.ImapUnavailable, message: 'Your mailbox is moving; try again.' },
      };
      return reply.code(503).header('cache-control', 'no-store').send(body);
    };
    const owner = await deps.accounts
      .ownerOf(session.accountId, session.credentials)
      .catch(() => null);
    if (owner === 'self') return;
    // Passed here by a process that thought we owned it: the owner changed meanwhile.
    if (owner === null || request.headers[FORWARDED_HEADER]) return moving();
    const base = await deps.redis.get(RedisKey.node(owner)).catch(() => null);
    if (!base) return moving();
    reply.hijack();
    passThrough(request, reply.raw, new URL(request.raw.url ?? '/', base), deps.accounts.nodeId);
  });
}

function pathOf(request: FastifyRequest): string {
  const url = request.raw.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

function passThrough(
  request: FastifyRequest,
  response: ServerResponse,
  target: URL,
  nodeId: string,
): void {
  const headers: Record<string, string | string[] | undefined> = {
    ...request.raw.headers,
    [FORWARDED_HEADER]: nodeId,
  };
  for (const name of HOP_HEADERS) delete headers[name];
  const upstream = httpRequest(target, { method: request.raw.method, headers });
  upstream.on('response', (answer: IncomingMessage) => {
    const answerHeaders = { ...answer.headers };
    for (const name of HOP_HEADERS) delete answerHeaders[name];
    response.writeHead(answer.statusCode ?? 502, answerHeaders);
    answer.pipe(response);
    answer.on('error', () => response.destroy());
  });
  upstream.on('error', () => {
    if (!response.headersSent) {
      sendJson(
        response,
        502,
        ErrorCode.ImapUnavailable,
        'The gateway holding your mailbox is not reachable; try again.',
      );
    } else {
      response.destroy();
    }
  });
  // The browser went away (a cancelled download): stop the owner's side too.
  response.on('close', () => {
    if (!response.writableFinished) upstream.destroy();
  });
  request.raw.pipe(upstream);
}

function sendJson(
  response: ServerResponse,
  status: number,
  code: ErrorCode,
  message: string,
): void {
  const body: HttpErrorBody = { error: { code, message } };
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(JSON.stringify(body));
}
