import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE, type ErrorCode, type HttpErrorBody } from '@tidings/protocol';
import type { HttpSession, SessionStore } from '../sessions/session-store.ts';
import { parseCookies } from './cookies.ts';

/** Every HTTP error answers one shape, as every socket ack does. */
export function sendError(
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  message: string,
): FastifyReply {
  const body: HttpErrorBody = { error: { code, message } };
  return reply.code(status).send(body);
}

/** The browser session named by the request's cookie, if it is alive. */
export function currentSession(
  request: FastifyRequest,
  sessions: SessionStore,
): HttpSession | undefined {
  return sessions.get(parseCookies(request.headers.cookie).get(SESSION_COOKIE));
}
