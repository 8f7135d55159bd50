import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where one private instance keeps its files, all derived from its directory. */
export interface DovecotLayout {
  dir: string;
  confPath: string;
  /** Dovecot's base_dir: sockets and master.pid. */
  baseDir: string;
  stateDir: string;
  logPath: string;
  /** stdout/stderr of the `dovecot` command itself: config and bind errors before logging starts. */
  startupLogPath: string;
  /** One passwd-file per user, named by the lowercased address (see `userFilePath`). */
  usersDir: string;
  mailDir: string;
  portsPath: string;
  instanceName: string;
}

// sun_path holds 108 bytes; Dovecot's longest socket name under base_dir is
// "token-login/imap-urlauth" (24), so leave room for it and a NUL.
const MAX_BASE_DIR_LENGTH = 107 - 32;

export function dovecotLayout(dir: string, shortRunRoot: string): DovecotLayout {
  const digest = createHash('sha1').update(dir).digest('hex').slice(0, 12);
  const preferredBaseDir = join(dir, 'run');
  return {
    dir,
    confPath: join(dir, 'dovecot.conf'),
    baseDir:
      preferredBaseDir.length <= MAX_BASE_DIR_LENGTH
        ? preferredBaseDir
        : join(shortRunRoot, `tidings-dovecot-${digest}`),
    stateDir: join(dir, 'state'),
    logPath: join(dir, 'dovecot.log'),
    startupLogPath: join(dir, 'dovecot.startup.log'),
    usersDir: join(dir, 'users'),
    mailDir: join(dir, 'mail'),
    portsPath: join(dir, 'ports.json'),
    // Process titles become "dovecot-<instance_name>/imap ...": the handle by which
    // stop() and imapPids() find this instance's processes in /proc.
    instanceName: `tidings-${digest}`,
  };
}

export function userFilePath(layout: DovecotLayout, email: string): string {
  return join(layout.usersDir, email.toLowerCase());
}

/** Mail home of a user, matching the `home` field written into its passwd-file line. */
export function userHome(layout: DovecotLayout, email: string): string {
  const [local = '', domain = ''] = email.toLowerCase().split('@');
  return join(layout.mailDir, domain, local);
}

/** `user:{PLAIN}password:uid:gid:gecos:home:shell:extra`; uid/gid come from mail_uid/mail_gid. */
export function passwdFileLine(layout: DovecotLayout, email: string, password: string): string {
  return `${email.toLowerCase()}:{PLAIN}${password}::::${userHome(layout, email)}::\n`;
}

export const SPECIAL_USE_MAILBOXES = [
  { name: 'Drafts', specialUse: '\\Drafts' },
  { name: 'Sent', specialUse: '\\Sent' },
  { name: 'Trash', specialUse: '\\Trash' },
  { name: 'Junk', specialUse: '\\Junk' },
  { name: 'Archive', specialUse: '\\Archive' },
] as const;

/**
 * Room for `connections` concurrent IMAP connections, for load tests. Dovecot's defaults allow
 * 100 processes per service (`default_process_limit`) and each IMAP connection is one `imap`
 * process (service_count = 1); every login and mail process also holds a connection to `anvil`
 * (per-user connection counting) and to `auth`, whose `client_limit` must cover them all or
 * logins queue and fail. Logins come in bursts, so imap-login gets the same room.
 */
export function connectionLimitConfig(connections: number): string {
  if (!Number.isInteger(connections) || connections < 1) {
    throw new Error(`maxConnections must be a positive integer, got ${connections}`);
  }
  const processes = connections + LIMIT_HEADROOM;
  // auth counts lmtp, imap-login and imap-urlauth-login at their process_limit each.
  const clients = 3 * processes;
  return `# Load test: room for ${connections} concurrent IMAP connections (DovecotOptions.maxConnections).
default_process_limit = ${processes}
default_client_limit = ${clients}
service imap {
  process_limit = ${processes}
}
service anvil {
  client_limit = ${clients}
}
service auth {
  client_limit = ${clients}
}
`;
}

/**
 * A storage quota for every user (DovecotOptions.extraConfig), counted in Dovecot's indexes (the
 * `count` backend, which needs virtual sizes) and offered over IMAP QUOTA (RFC 9208).
 * `storageLimit` in Dovecot's units, e.g. "10M" or "1G".
 */
export function quotaConfig(storageLimit: string): string {
  if (!/^\d+[kMGT]?$/.test(storageLimit)) throw new Error(`not a quota size: ${storageLimit}`);
  return `# A storage quota of ${storageLimit} per user.
mail_plugins = $mail_plugins quota
protocol imap {
  mail_plugins = $mail_plugins imap_quota
}
plugin {
  quota = count:User quota
  quota_rule = *:storage=${storageLimit}
  quota_vsizes = yes
}
`;
}

/** Pigeonhole's Sieve plugin and ManageSieve (Debian dovecot-sieve, dovecot-managesieved). */
export function sieveInstalled(libDir = '/usr/lib/dovecot'): boolean {
  return (
    existsSync(join(libDir, 'managesieve')) &&
    existsSync(join(libDir, 'modules', 'lib90_sieve_plugin.so'))
  );
}

/**
 * Automatic replies and other filters (DovecotOptions.extraConfig): Sieve runs on each LMTP
 * delivery (Pigeonhole), users store their scripts over ManageSieve (RFC 5804) on
 * `managesievePort`, and what a script sends (a vacation reply, RFC 5230) goes out through the
 * SMTP server on `submissionPort` (the private Postfix).
 */
export function sieveConfig(ports: {
  managesievePort: number;
  submissionPort: number;
  /** PEM files: ManageSieve then offers STARTTLS with this certificate. */
  tls?: { certPath: string; keyPath: string };
}): string {
  for (const port of [ports.managesievePort, ports.submissionPort]) {
    if (!Number.isInteger(port) || port < 1 || port > 65_535)
      throw new Error(`not a port: ${port}`);
  }
  const tls = ports.tls
    ? `protocol sieve {
  ssl = yes
}
ssl_cert = <${ports.tls.certPath}
ssl_key = <${ports.tls.keyPath}
`
    : '';
  return `# Sieve on delivery, ManageSieve on ${ports.managesievePort}.
protocols = $protocols sieve
protocol lmtp {
  mail_plugins = $mail_plugins sieve
}
service managesieve-login {
  inet_listener sieve {
    address = 127.0.0.1
    port = ${ports.managesievePort}
  }
}
plugin {
  sieve = file:~/sieve;active=~/.dovecot.sieve
}
submission_host = 127.0.0.1:${ports.submissionPort}
${tls}`;
}

/** Processes beyond the IMAP connections asked for: lmtp, doveadm, auth workers, stragglers. */
const LIMIT_HEADROOM = 100;

export function renderDovecotConfig(
  layout: DovecotLayout,
  ports: { imapPort: number; lmtpPort: number; authPort: number },
  extraConfig = '',
  maxConnections?: number,
): string {
  // The user file path carries %u, so Dovecot keeps one cached passwd-file per user.
  // A user added later has no cache entry yet and is visible at once; a single shared
  // file would be re-read at most once per second (passwd_file_sync in db-passwd-file.c).
  const passwdArgs = `username_format=%u ${join(layout.usersDir, '%u')}`;
  const mailboxes = SPECIAL_USE_MAILBOXES.map(
    ({ name, specialUse }) =>
      `  mailbox ${name} {\n    special_use = ${specialUse}\n    auto = subscribe\n  }`,
  ).join('\n');

  return `# Written by @tidings/testkit for one private test instance. Not a system config.
instance_name = ${layout.instanceName}
base_dir = ${layout.baseDir}
state_dir = ${layout.stateDir}
log_path = ${layout.logPath}

protocols = imap lmtp
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# Tests need a wrong password answered at once, not after the 2 s default.
auth_failure_delay = 0
# Titles like "imap [user ip cmd]" let imapPids() find a user's processes.
verbose_proctitle = yes

# Dovecot refuses uid 0 for mail; mail belongs to nobody.
mail_uid = nobody
mail_gid = nogroup
mail_location = maildir:~/Maildir
# Throwaway test data: durability is not worth the fsync latency.
mail_fsync = never
# Tests open many connections per user from 127.0.0.1 (default 10).
mail_max_userip_connections = 100
# "* OK Still here" to idling clients every 30 s (default 2 min): it proves an idle connection
# alive before the gateway's watchdog would probe it (35 s after the last byte with the default
# DEAD_CONNECTION_MS of 40 s), so at rest nothing is sent but the server's keepalive. README,
# "Your own mail server".
imap_idle_notify_interval = 30 secs

# Failed logins are answered at once only with the "nodelay" extra field; otherwise Dovecot
# queues them for up to 500 ms even with auth_failure_delay = 0 and raises a per-IP penalty
# (2 s, 4 s, ...) that slows every later login from 127.0.0.1 (auth-request-handler.c).
# A failing passdb's own fields are rolled back, so this first passdb sets the field and
# passes on (noauthenticate) to the real one.
# A user name with a character outside auth_username_chars ("[", a quote, non-ASCII) is
# refused before any passdb, so without the field: it waits, and raises the penalty for the
# next sign-ins (measured: 0.5 s, then 4 s; hostile-http.test.ts sends two).
passdb {
  driver = static
  args = nopassword noauthenticate nodelay=yes
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${passwdArgs}
}
userdb {
  driver = passwd-file
  args = ${passwdArgs}
}

namespace inbox {
  inbox = yes
  separator = /
${mailboxes}
}

service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${ports.imapPort}
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = ${ports.lmtpPort}
  }
}
# SASL for the private Postfix (smtpd_sasl_type = dovecot, smtpd_sasl_path = inet:...).
# A listener whose name has no -master/-userdb/-login suffix speaks the auth-client protocol.
service auth {
  inet_listener postfix-sasl {
    address = 127.0.0.1
    port = ${ports.authPort}
  }
}
${maxConnections === undefined ? '' : `\n${connectionLimitConfig(maxConnections)}`}${extraConfig ? `\n# extraConfig\n${extraConfig}\n` : ''}`;
}
