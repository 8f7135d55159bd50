import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Credentials } from '../imap/imap-server.ts';

export interface HttpSession {
  readonly id: string;
  readonly accountId: string;
  readonly email: string;
  /** In memory only; never serialized, logged or sent to the browser. */
  readonly credentials: Credentials;
  readonly csrfToken: string;
  readonly createdAt: number;
  lastSeenAt: number;
}

const SESSION_ID_BYTES = 32;

export interface SessionStoreOptions {
  /** A session unused for this long ends. */
  idleTtlMs: number;
  now?: () => number;
}

/**
 * Browser sessions, keyed by the random id in the httpOnly cookie. Lives only in this process:
 * a gateway restart signs everyone out, which is the price of never writing a password down.
 */
export class SessionStore {
  private readonly sessions = new Map<string, HttpSession>();
  private readonly now: () => number;

  constructor(private readonly options: SessionStoreOptions) {
    this.now = options.now ?? Date.now;
  }

  create(accountId: string, email: string, credentials: Credentials): HttpSession {
    const session: HttpSession = {
      id: randomBytes(SESSION_ID_BYTES).toString('base64url'),
      accountId,
      email,
      credentials: { ...credentials },
      csrfToken: randomBytes(SESSION_ID_BYTES).toString('base64url'),
      createdAt: this.now(),
      lastSeenAt: this.now(),
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session for a cookie value, refreshing its idle timer; undefined if none or expired. */
  get(id: string | undefined): HttpSession | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (this.now() - session.lastSeenAt > this.options.idleTtlMs) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastSeenAt = this.now();
    return session;
  }

  delete(id: string): HttpSession | undefined {
    const session = this.sessions.get(id);
    this.sessions.delete(id);
    return session;
  }

  forAccount(accountId: string): HttpSession[] {
    return [...this.sessions.values()].filter((s) => s.accountId === accountId);
  }

  /** Ends every session of an account (its password stopped working). */
  deleteAccount(accountId: string): HttpSession[] {
    const ended = this.forAccount(accountId);
    for (const session of ended) this.sessions.delete(session.id);
    return ended;
  }
}

export function csrfTokenMatches(session: HttpSession, presented: string | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
