import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Credentials } from '../imap/imap-server.ts';

export interface HttpSession {
  /** Names the session inside the gateway (sockets, uploads, the cluster's Redis record). */
  readonly id: string;
  /** The cookie's value. Single process: the id itself; cluster: the secret the id derives from. */
  readonly token: string;
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
  /**
   * The id of the session a cookie token names. Default: the token itself. The cluster derives
   * it (cluster/session-seal.ts), so that the id can travel through Redis and the token not.
   */
  idFor?: (token: string) => string;
  /** Called whenever a session is used (the cluster refreshes its Redis record's expiry). */
  onSeen?: (session: HttpSession) => void;
}

/**
 * Browser sessions, named by the random token in the httpOnly cookie. Lives only in this
 * process: a single gateway's restart signs everyone out, which is the price of never writing a
 * password down. In a cluster the same store is this process's cache of the sealed records in
 * Redis (cluster/shared-sessions.ts).
 */
export class SessionStore {
  private readonly sessions = new Map<string, HttpSession>();
  private readonly now: () => number;
  private readonly idFor: (token: string) => string;

  constructor(private readonly options: SessionStoreOptions) {
    this.now = options.now ?? Date.now;
    this.idFor = options.idFor ?? ((token) => token);
  }

  create(accountId: string, email: string, credentials: Credentials): HttpSession {
    const token = randomBytes(SESSION_ID_BYTES).toString('base64url');
    const session: HttpSession = {
      id: this.idFor(token),
      token,
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
  get(token: string | undefined): HttpSession | undefined {
    if (!token) return undefined;
    return this.byId(this.idFor(token));
  }

  /** The live session with this id (not a cookie value), refreshing its idle timer. */
  byId(id: string): HttpSession | undefined {
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (this.now() - session.lastSeenAt > this.options.idleTtlMs) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastSeenAt = this.now();
    this.options.onSeen?.(session);
    return session;
  }

  /** Whether a session is held here, without counting as a use. */
  has(token: string): boolean {
    return this.sessions.has(this.idFor(token));
  }

  /** Takes in a session created by another gateway process (cluster/shared-sessions.ts). */
  restore(session: Omit<HttpSession, 'lastSeenAt'>): HttpSession {
    const restored: HttpSession = { ...session, lastSeenAt: this.now() };
    this.sessions.set(restored.id, restored);
    return restored;
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
