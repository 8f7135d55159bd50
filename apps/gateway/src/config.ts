import { MAX_MESSAGE_BYTES, MAX_UPLOAD_BYTES } from '@tidings/protocol';
import type { ClusterConfig } from './cluster/cluster.ts';
import type { SmtpServer } from './compose/smtp-submit.ts';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './imap/backoff.ts';
import { ImapSecurity, type ImapServer } from './imap/imap-server.ts';
import { FolderWatch } from './sessions/folder-counts.ts';
import { MANAGESIEVE_PORT, type SieveServer } from './sieve/managesieve.ts';

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_SESSION_GRACE_MS = 2 * 60_000;
export const DEFAULT_SESSION_IDLE_TTL_MS = 12 * 60 * 60_000;
/** Well under RFC 2177's 29 minutes, and under the ~5 min after which NATs forget a flow. */
export const DEFAULT_IDLE_REISSUE_MS = 4 * 60_000;
/** Silence after which a connection counts as half-open; with the reconnect, healed within 60 s. */
export const DEFAULT_DEAD_CONNECTION_MS = 40_000;
/** How often folder counts are re-read where the server has no NOTIFY. */
export const DEFAULT_STATUS_SWEEP_MS = 60_000;
/** Submission with implicit TLS (RFC 8314) and with STARTTLS (RFC 6409). */
const SMTPS_PORT = 465;
const SUBMISSION_PORT = 587;

export interface GatewayConfig {
  imap: ImapServer;
  /** How long an account keeps its IMAP connections after its last tab closed. */
  sessionGraceMs: number;
  /** A browser session unused this long ends. */
  sessionIdleTtlMs: number;
  idleReissueMs: number;
  deadConnectionMs: number;
  folderWatch: FolderWatch;
  statusSweepMs: number;
  reconnectBackoff: BackoffPolicy;
  /** Mark the session cookie Secure (set when served over HTTPS). */
  cookieSecure: boolean;
  /** Origins besides the gateway's own host that may open sockets and post (a reverse proxy's). */
  allowedOrigins: string[];
  /** The built SPA to serve, or null to serve the API only. */
  webDist: string | null;
  /** Where mail is submitted, as the signed-in user; null: sending answers that it is not set up. */
  smtp: SmtpServer | null;
  /** Where users' filters are stored (ManageSieve): automatic replies; null: not offered. */
  sieve: SieveServer | null;
  /** APPEND a copy of each sent message to Sent (off for servers that file one themselves). */
  sentCopy: boolean;
  /** Largest single attachment upload, in bytes. */
  uploadMaxBytes: number;
  /** Several processes behind a load balancer, sharing Redis (README: Running several gateways). */
  cluster: ClusterConfig | null;
}

export interface RuntimeConfig {
  port: number;
  host: string;
  logLevel: string;
  /** Absent: run the embedded demo mail server. */
  imap: ImapServer | null;
  demo: { liveMail: boolean; dataDir: string | null };
  /** Serve the built SPA too; off when a proxy serves it and the gateway answers API + socket.io. */
  serveWeb: boolean;
  /** `smtp` is null when neither SMTP_HOST nor IMAP_HOST is set: the embedded demo's own. */
  gateway: Omit<GatewayConfig, 'imap' | 'webDist'>;
}

export class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new ConfigError(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be on or off, got "${env[name]}"`);
}

/** `name` (IMAP_SECURE, SMTP_SECURE) as given, else what the port implies. */
function security(
  name: string,
  raw: string | undefined,
  port: number | undefined,
  implied: (port: number | undefined) => ImapSecurity,
): ImapSecurity {
  if (raw === undefined || raw === '') return implied(port);
  const value = raw.toLowerCase();
  if (value === ImapSecurity.Tls || value === ImapSecurity.StartTls || value === ImapSecurity.None)
    return value;
  throw new ConfigError(`${name} must be tls, starttls or none, got "${raw}"`);
}

/**
 * SMTP_HOST, else the IMAP server's host (most providers take submissions on the same name);
 * null when neither is set, where the embedded demo supplies its own.
 */
function smtpServer(env: NodeJS.ProcessEnv): SmtpServer | null {
  const host = env.SMTP_HOST?.trim() || env.IMAP_HOST?.trim();
  if (!host) return null;
  const port = env.SMTP_PORT ? integer(env, 'SMTP_PORT', SUBMISSION_PORT, 1) : undefined;
  const sec = security('SMTP_SECURE', env.SMTP_SECURE, port, (p) =>
    p === SMTPS_PORT ? ImapSecurity.Tls : ImapSecurity.StartTls,
  );
  return {
    host,
    port: port ?? (sec === ImapSecurity.Tls ? SMTPS_PORT : SUBMISSION_PORT),
    security: sec,
  };
}

/**
 * SIEVE_HOST, else the IMAP server's host (Dovecot and Cyrus serve ManageSieve beside IMAP);
 * null when SIEVE is off, or when no host is set (the embedded demo supplies its own).
 */
function sieveServer(env: NodeJS.ProcessEnv): SieveServer | null {
  if (!flag(env, 'SIEVE', true)) return null;
  const host = env.SIEVE_HOST?.trim() || env.IMAP_HOST?.trim();
  if (!host) return null;
  const port = integer(env, 'SIEVE_PORT', MANAGESIEVE_PORT, 1);
  return {
    host,
    port,
    security: security('SIEVE_SECURE', env.SIEVE_SECURE, port, () => ImapSecurity.StartTls),
  };
}

function folderWatch(raw: string | undefined): FolderWatch {
  if (raw === undefined || raw === '') return FolderWatch.Auto;
  if (raw === FolderWatch.Auto || raw === FolderWatch.Status) return raw;
  throw new ConfigError(`FOLDER_WATCH must be auto or status, got "${raw}"`);
}

/** An attachment can be at most a whole message (the protocol's MAX_MESSAGE_BYTES). */
function uploadLimit(env: NodeJS.ProcessEnv): number {
  const bytes = integer(env, 'UPLOAD_MAX_BYTES', MAX_UPLOAD_BYTES, 1);
  if (bytes > MAX_MESSAGE_BYTES) {
    throw new ConfigError(
      `UPLOAD_MAX_BYTES must be at most ${MAX_MESSAGE_BYTES} (the largest message), got "${env.UPLOAD_MAX_BYTES}"`,
    );
  }
  return bytes;
}

/** REDIS_URL switches cluster mode on; the other two refine it. */
function clusterConfig(env: NodeJS.ProcessEnv): ClusterConfig | null {
  const redisUrl = env.REDIS_URL?.trim();
  const nodeId = env.CLUSTER_NODE_ID?.trim() || null;
  const advertiseUrl = env.CLUSTER_ADVERTISE_URL?.trim() || null;
  if (!redisUrl) {
    if (nodeId || advertiseUrl)
      throw new ConfigError('CLUSTER_NODE_ID and CLUSTER_ADVERTISE_URL need REDIS_URL');
    return null;
  }
  if (!/^rediss?:\/\//.test(redisUrl))
    throw new ConfigError(`REDIS_URL must start with redis:// or rediss://, got "${redisUrl}"`);
  if (advertiseUrl && !/^https?:\/\/[^/]+\/?$/.test(advertiseUrl)) {
    throw new ConfigError(
      `CLUSTER_ADVERTISE_URL must be http(s)://host:port, got "${advertiseUrl}"`,
    );
  }
  return { redisUrl, nodeId, advertiseUrl };
}

/** The only reader of the environment; pure so that it can be tested. */
export function parseEnv(env: NodeJS.ProcessEnv): RuntimeConfig {
  const imapHost = env.IMAP_HOST?.trim();
  let imap: ImapServer | null = null;
  if (imapHost) {
    const port = env.IMAP_PORT ? integer(env, 'IMAP_PORT', 993, 1) : undefined;
    const sec = security('IMAP_SECURE', env.IMAP_SECURE, port, (p) =>
      p === 143 ? ImapSecurity.StartTls : ImapSecurity.Tls,
    );
    imap = {
      host: imapHost,
      port: port ?? (sec === ImapSecurity.Tls ? 993 : 143),
      security: sec,
      // Off unless asked for: DEFLATE state costs more gateway memory than an account's budget.
      compress: flag(env, 'IMAP_COMPRESS', false) || undefined,
    };
  }
  const cluster = clusterConfig(env);
  // Every process must reach the same mail server; the embedded demo runs one per process.
  if (cluster && !imap) throw new ConfigError('REDIS_URL (cluster mode) needs IMAP_HOST');
  return {
    port: integer(env, 'PORT', DEFAULT_PORT),
    host: env.HOST || DEFAULT_HOST,
    logLevel: env.LOG_LEVEL || 'info',
    imap,
    demo: { liveMail: flag(env, 'DEMO_LIVE_MAIL', true), dataDir: env.TIDINGS_DATA_DIR || null },
    serveWeb: flag(env, 'SERVE_WEB', true),
    gateway: {
      sessionGraceMs: integer(env, 'SESSION_GRACE_MS', DEFAULT_SESSION_GRACE_MS),
      sessionIdleTtlMs: integer(env, 'SESSION_IDLE_TTL_MS', DEFAULT_SESSION_IDLE_TTL_MS, 1),
      idleReissueMs: integer(env, 'IDLE_REISSUE_MS', DEFAULT_IDLE_REISSUE_MS, 1_000),
      deadConnectionMs: integer(env, 'DEAD_CONNECTION_MS', DEFAULT_DEAD_CONNECTION_MS, 1_000),
      folderWatch: folderWatch(env.FOLDER_WATCH),
      statusSweepMs: integer(env, 'STATUS_SWEEP_MS', DEFAULT_STATUS_SWEEP_MS, 1_000),
      reconnectBackoff: {
        ...DEFAULT_BACKOFF,
        capMs: integer(env, 'RECONNECT_MAX_MS', DEFAULT_BACKOFF.capMs, 1_000),
      },
      cookieSecure: flag(env, 'COOKIE_SECURE', false),
      allowedOrigins: (env.ALLOWED_ORIGINS ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      smtp: smtpServer(env),
      sieve: sieveServer(env),
      sentCopy: flag(env, 'SENT_COPY', true),
      uploadMaxBytes: uploadLimit(env),
      cluster,
    },
  };
}

/** Every gateway setting at its default; tests and the bench override what they need. */
export function gatewayDefaults(): RuntimeConfig['gateway'] {
  return parseEnv({}).gateway;
}
