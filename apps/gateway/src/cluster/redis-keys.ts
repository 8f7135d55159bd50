import type { createClient } from 'redis';

export type RedisClient = ReturnType<typeof createClient>;

/** Every key and channel the gateway uses in Redis, in one place. */
export const RedisKey = {
  /** Which process owns an account's IMAP session (cluster/account-lease.ts). */
  lease: (accountId: string) => `tidings:lease:${accountId}`,
  /** Counts the account's ownership changes: the new owner numbers its events after it. */
  epoch: (accountId: string) => `tidings:epoch:${accountId}`,
  /** A sealed browser session (cluster/session-seal.ts). */
  session: (sessionId: string) => `tidings:session:${sessionId}`,
  /** The ids of an account's sessions, to end them all when its password stops working. */
  accountSessions: (accountId: string) => `tidings:account-sessions:${accountId}`,
  /** Where a process answers HTTP, for requests that must run on an account's owner. */
  node: (nodeId: string) => `tidings:node:${nodeId}`,
} as const;

export const RedisChannel = {
  /** Session ids ended anywhere: every process drops its cached copy. */
  sessionEnded: 'tidings:session-ended',
  /** Requests to one process, and its answers to others (cluster/cluster-rpc.ts). */
  node: (nodeId: string) => `tidings:rpc:${nodeId}`,
} as const;
