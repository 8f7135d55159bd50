import type { Logger } from 'pino';
import type { Credentials } from '../imap/imap-server.ts';
import type { HttpSession, SessionStore } from '../sessions/session-store.ts';
import { RedisChannel, RedisKey, type RedisClient } from './redis-keys.ts';
import { seal, sessionIdFor, unseal, type SealedRecord } from './session-seal.ts';

/** How often at most one session's Redis expiry is pushed forward while it is in use. */
const TOUCH_EVERY_MS = 60_000;

/** What Redis holds per session: the account in clear (for the index), the rest sealed. */
interface StoredSession {
  accountId: string;
  sealed: SealedRecord;
}

/** The sealed part. */
interface SessionSecrets {
  email: string;
  credentials: Credentials;
  csrfToken: string;
  createdAt: number;
}

/**
 * Browser sessions valid on every gateway process: each one keeps its SessionStore as a cache
 * and fills it from Redis the first time a cookie it does not know shows up (an HTTP request
 * or a socket handshake). The password is in Redis only sealed with a key that only the
 * cookie yields (cluster/session-seal.ts). Sign-out deletes the record and tells every
 * process to drop its copy.
 */
export class SharedSessions {
  private readonly touchedAt = new Map<string, number>();

  constructor(
    private readonly redis: RedisClient,
    private readonly local: SessionStore,
    private readonly idleTtlMs: number,
    private readonly logger: Logger,
  ) {}

  /** Makes the session a cookie names known here, if Redis has it; never throws. */
  async adopt(token: string | undefined): Promise<void> {
    if (!token || this.local.has(token)) return;
    const id = sessionIdFor(token);
    try {
      const raw = await this.redis.get(RedisKey.session(id));
      if (!raw) return;
      const stored = JSON.parse(raw) as StoredSession;
      const secrets = unseal(token, stored.sealed) as SessionSecrets | undefined;
      if (!secrets) return;
      this.local.restore({ id, token, accountId: stored.accountId, ...secrets });
    } catch (error) {
      this.logger.warn({ err: { message: (error as Error).message } }, 'session lookup failed');
    }
  }

  /** Writes a new session, so that the next request may land on any process. */
  async save(session: HttpSession): Promise<void> {
    const secrets: SessionSecrets = {
      email: session.email,
      credentials: session.credentials,
      csrfToken: session.csrfToken,
      createdAt: session.createdAt,
    };
    const stored: StoredSession = {
      accountId: session.accountId,
      sealed: seal(session.token, secrets),
    };
    const index = RedisKey.accountSessions(session.accountId);
    await this.redis
      .multi()
      .set(RedisKey.session(session.id), JSON.stringify(stored), { PX: this.idleTtlMs })
      .sAdd(index, session.id)
      .pExpire(index, this.idleTtlMs)
      .exec();
    this.touchedAt.set(session.id, Date.now());
  }

  /** A session was used here: keep its record alive as long as the local one (throttled). */
  seen(session: HttpSession): void {
    const now = Date.now();
    if (now - (this.touchedAt.get(session.id) ?? 0) < TOUCH_EVERY_MS) return;
    this.touchedAt.set(session.id, now);
    void this.redis
      .multi()
      .pExpire(RedisKey.session(session.id), this.idleTtlMs)
      .pExpire(RedisKey.accountSessions(session.accountId), this.idleTtlMs)
      .exec()
      .catch(() => undefined);
  }

  /** Signs a session out everywhere. */
  async end(session: HttpSession): Promise<void> {
    this.touchedAt.delete(session.id);
    await this.redis
      .multi()
      .del(RedisKey.session(session.id))
      .sRem(RedisKey.accountSessions(session.accountId), session.id)
      .publish(RedisChannel.sessionEnded, session.id)
      .exec();
  }

  /** Ends every session of an account everywhere (its password stopped working). */
  async endAccount(accountId: string): Promise<void> {
    const index = RedisKey.accountSessions(accountId);
    const ids = await this.redis.sMembers(index);
    const batch = this.redis.multi().del(index);
    for (const id of ids) {
      batch.del(RedisKey.session(id)).publish(RedisChannel.sessionEnded, id);
    }
    await batch.exec();
  }

  /** Another process ended a session: forget the cached copy. */
  ended(sessionId: string): void {
    this.touchedAt.delete(sessionId);
    this.local.delete(sessionId);
  }
}
