import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  CSRF_HEADER,
  ErrorCode,
  Events,
  HttpPath,
  loginRequestSchema,
  SESSION_COOKIE,
  type SessionInfo,
} from '@tidings/protocol';
import type { GatewayConfig } from '../config.ts';
import { LoginFailure, ImapLoginError } from '../imap/imap-server.ts';
import type { SharedSessions } from '../cluster/shared-sessions.ts';
import type { AccountDirectory } from '../sessions/account-registry.ts';
import { csrfTokenMatches, type SessionStore } from '../sessions/session-store.ts';
import { accountRoom, type TidingsServer } from '../sessions/socket-gateway.ts';
import { serializeSessionCookie } from './cookies.ts';
import { currentSession, sendError } from './http-session.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { isSameOrigin } from './origin.ts';

export interface SessionRouteDeps {
  config: GatewayConfig;
  sessions: SessionStore;
  accounts: AccountDirectory;
  /** Cluster mode: sessions kept in Redis too, so that every gateway process knows them. */
  shared: SharedSessions | null;
  throttle: LoginThrottle;
  io: TidingsServer;
}

/** The account key: one account session per mailbox login on the configured server. */
export function accountIdFor(email: string): string {
  return email.trim().toLowerCase();
}

export function registerSessionRoutes(app: FastifyInstance, deps: SessionRouteDeps): void {
  const { config, sessions, accounts, shared, throttle, io } = deps;
  const fromOwnPages = (request: FastifyRequest) =>
    isSameOrigin(request.headers.origin, request.headers.host, config.allowedOrigins);

  app.get(HttpPath.Health, async () => ({ ok: true }));

  app.get(HttpPath.Session, async (request, reply) => {
    const session = currentSession(request, sessions);
    if (!session) return sendError(reply, 401, ErrorCode.Unauthenticated, 'Not signed in.');
    const info: SessionInfo = { email: session.email, csrfToken: session.csrfToken };
    return reply.header('cache-control', 'no-store').send(info);
  });

  app.post(HttpPath.Session, async (request, reply) => {
    if (!fromOwnPages(request)) {
      return sendError(
        reply,
        403,
        ErrorCode.CsrfRejected,
        'Sign-in is only accepted from Tidings itself.',
      );
    }
    // A JSON content type cannot be sent cross-site without a CORS preflight, which we never grant.
    if (
      !String(request.headers['content-type'] ?? '')
        .toLowerCase()
        .startsWith('application/json')
    ) {
      return sendError(reply, 415, ErrorCode.BadRequest, 'Send the sign-in form as JSON.');
    }
    const parsed = loginRequestSchema.safeParse(request.body);
    if (!parsed.success) {
      return sendError(
        reply,
        400,
        ErrorCode.BadRequest,
        parsed.error.issues[0]?.message ?? 'Invalid sign-in form.',
      );
    }
    const { email, password } = parsed.data;
    const accountId = accountIdFor(email);
    const throttleKey = `${request.ip}\n${accountId}`;
    if (throttle.isBlocked(throttleKey)) {
      return sendError(
        reply,
        429,
        ErrorCode.RateLimited,
        'Too many failed sign-ins. Wait a few minutes and try again.',
      );
    }
    const credentials = { user: email, password };
    try {
      await accounts.signIn(accountId, credentials);
    } catch (error) {
      if (error instanceof ImapLoginError && error.kind === LoginFailure.Rejected) {
        throttle.recordFailure(throttleKey);
        request.log.info({ email }, 'sign-in rejected by the mail server');
        return sendError(reply, 401, ErrorCode.AuthenticationFailed, 'Wrong email or password.');
      }
      const message =
        error instanceof ImapLoginError ? error.message : 'The mail server could not be reached.';
      request.log.warn({ email, reason: message }, 'sign-in failed: mail server unavailable');
      return sendError(reply, 502, ErrorCode.ImapUnavailable, message);
    }
    throttle.recordSuccess(throttleKey);
    const session = sessions.create(accountId, email, credentials);
    if (shared) {
      try {
        await shared.save(session);
      } catch (error) {
        sessions.delete(session.id);
        request.log.warn({ reason: (error as Error).message }, 'sign-in failed: session store');
        return sendError(reply, 503, ErrorCode.Internal, 'Signing in is not possible right now.');
      }
    }
    request.log.info({ email }, 'signed in');
    const info: SessionInfo = { email: session.email, csrfToken: session.csrfToken };
    return reply
      .header(
        'set-cookie',
        serializeSessionCookie(SESSION_COOKIE, session.token, { secure: config.cookieSecure }),
      )
      .header('cache-control', 'no-store')
      .send(info);
  });

  app.delete(HttpPath.Session, async (request, reply) => {
    if (!fromOwnPages(request)) {
      return sendError(
        reply,
        403,
        ErrorCode.CsrfRejected,
        'Sign-out is only accepted from Tidings itself.',
      );
    }
    const session = currentSession(request, sessions);
    if (!session) return sendError(reply, 401, ErrorCode.Unauthenticated, 'Not signed in.');
    const token = request.headers[CSRF_HEADER];
    if (!csrfTokenMatches(session, Array.isArray(token) ? token[0] : token)) {
      return sendError(reply, 403, ErrorCode.CsrfRejected, 'Missing or wrong CSRF token.');
    }
    sessions.delete(session.id);
    await shared?.end(session).catch((error: unknown) => {
      request.log.warn({ reason: (error as Error).message }, 'sign-out not recorded in Redis');
    });
    // In a cluster this asks every process; one that does not answer in time keeps its tabs
    // until their next request, which finds the session gone.
    const sockets = await io
      .in(accountRoom(session.accountId))
      .fetchSockets()
      .catch(() => []);
    for (const socket of sockets) {
      if (socket.data.sessionId !== session.id) continue;
      socket.emit(Events.SessionEnded, {
        code: ErrorCode.Unauthenticated,
        message: 'You signed out.',
      });
      socket.disconnect(true);
    }
    if (sessions.forAccount(session.accountId).length === 0)
      await accounts.close(session.accountId);
    request.log.info({ email: session.email }, 'signed out');
    return reply
      .header(
        'set-cookie',
        serializeSessionCookie(SESSION_COOKIE, '', {
          secure: config.cookieSecure,
          maxAgeSeconds: 0,
        }),
      )
      .code(204)
      .send();
  });
}
