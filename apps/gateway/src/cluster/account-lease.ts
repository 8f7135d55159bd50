import { RedisKey, type RedisClient } from './redis-keys.ts';

/**
 * Exactly one process owns an account's IMAP session: the one holding its lease, a Redis key
 * set with NX and an expiry. The owner renews it; a process with tabs of an account it does
 * not own tries to claim it on every tick. A dead owner's lease lapses after LEASE_TTL_MS and
 * the next claim takes over: worst case LEASE_TTL_MS + LEASE_TICK_MS (6 s) plus the new IMAP
 * login, inside the 10 s the issue allows. An owner that cannot renew in time (Redis away, the
 * event loop stalled) gives the account up at once, so two owners never overlap for long.
 */
export const LEASE_TTL_MS = 5_000;
/** Renewals and claims run this often; several renewals fit into one TTL. */
export const LEASE_TICK_MS = 1_000;
/**
 * Events of the n-th owner are numbered from n × SEQ_EPOCH_STRIDE: a tab holding a seq of an
 * earlier owner is told to resync (event-log.ts cannot replay it) instead of being sent the
 * new owner's events under numbers it has already seen. 2^32 events per ownership, 2^21
 * ownerships per account within Number.MAX_SAFE_INTEGER.
 */
export const SEQ_EPOCH_STRIDE = 2 ** 32;
/** The epoch counter outlives any tab that could still remember an old seq. */
const EPOCH_TTL_MS = 30 * 24 * 60 * 60_000;

/** SET NX per key; for each key won, the next epoch; 0 where another process holds it. */
const CLAIM_SCRIPT = `
local won = {}
for i = 1, #KEYS, 2 do
  if redis.call('set', KEYS[i], ARGV[1], 'NX', 'PX', ARGV[2]) then
    local epoch = redis.call('incr', KEYS[i + 1])
    redis.call('pexpire', KEYS[i + 1], ARGV[3])
    won[#won + 1] = epoch
  else
    won[#won + 1] = 0
  end
end
return won`;

/** Pushes the expiry of every key still ours forward; 1 per key kept, 0 per key lost. */
const RENEW_SCRIPT = `
local kept = {}
for i = 1, #KEYS do
  if redis.call('get', KEYS[i]) == ARGV[1] then
    redis.call('pexpire', KEYS[i], ARGV[2])
    kept[i] = 1
  else
    kept[i] = 0
  end
end
return kept`;

/** Deletes the key only if it is still ours (compare-and-delete). */
const RELEASE_SCRIPT = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;

/** Lease operations for this process (`nodeId`), batched: one round trip per tick. */
export class AccountLeases {
  constructor(
    private readonly redis: RedisClient,
    readonly nodeId: string,
  ) {}

  /** Tries to take each account; returns the epoch of each one won. */
  async claim(accountIds: readonly string[]): Promise<Map<string, number>> {
    const won = new Map<string, number>();
    if (accountIds.length === 0) return won;
    const keys = accountIds.flatMap((id) => [RedisKey.lease(id), RedisKey.epoch(id)]);
    const epochs = (await this.redis.eval(CLAIM_SCRIPT, {
      keys,
      arguments: [this.nodeId, String(LEASE_TTL_MS), String(EPOCH_TTL_MS)],
    })) as number[];
    accountIds.forEach((id, i) => {
      const epoch = Number(epochs[i] ?? 0);
      if (epoch > 0) won.set(id, epoch);
    });
    return won;
  }

  /** Renews the leases held; returns the accounts whose lease was lost. */
  async renew(accountIds: readonly string[]): Promise<string[]> {
    if (accountIds.length === 0) return [];
    const kept = (await this.redis.eval(RENEW_SCRIPT, {
      keys: accountIds.map((id) => RedisKey.lease(id)),
      arguments: [this.nodeId, String(LEASE_TTL_MS)],
    })) as number[];
    return accountIds.filter((_id, i) => Number(kept[i]) !== 1);
  }

  async release(accountId: string): Promise<void> {
    await this.redis.eval(RELEASE_SCRIPT, {
      keys: [RedisKey.lease(accountId)],
      arguments: [this.nodeId],
    });
  }

  /** The process that owns the account now, or null when nobody does. */
  owner(accountId: string): Promise<string | null> {
    return this.redis.get(RedisKey.lease(accountId));
  }
}
