import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** Where one private Postfix keeps its files, all derived from its directory. */
export interface PostfixLayout {
  dir: string;
  /** main.cf, master.cf and the sender login map; passed as `postfix -c`. */
  configDir: string;
  /** Postfix's queue_directory: the queues, its sockets (public/, private/) and pid/. */
  queueDir: string;
  /** Postfix's data_directory: the master's lock lives here. */
  dataDir: string;
  logPath: string;
  /** stdout/stderr of `postfix start` itself: config and bind errors before logging starts. */
  startupLogPath: string;
  portsPath: string;
  senderLoginsPath: string;
  /** Prefix of every log line ("postfix-tidings-<hash>/smtpd[pid]: ..."). */
  syslogName: string;
}

export function postfixLayout(dir: string): PostfixLayout {
  const digest = createHash('sha1').update(dir).digest('hex').slice(0, 12);
  const configDir = join(dir, 'etc');
  return {
    dir,
    configDir,
    queueDir: join(dir, 'spool'),
    dataDir: join(dir, 'data'),
    logPath: join(dir, 'maillog'),
    startupLogPath: join(dir, 'postfix.startup.log'),
    portsPath: join(dir, 'ports.json'),
    senderLoginsPath: join(configDir, 'sender-logins.regexp'),
    syslogName: `postfix-tidings-${digest}`,
  };
}

interface QueueDirectory {
  name: string;
  /** Owned by mail_owner (postfix) rather than root. */
  postfixOwned: boolean;
  /** Group postdrop (setgid_group), for the set-gid postdrop/postqueue commands. */
  postdropGroup: boolean;
  mode: number;
}

/** The queue subdirectories, owners and modes of Debian's /etc/postfix/postfix-files. */
export const QUEUE_DIRECTORIES: readonly QueueDirectory[] = [
  ...[
    'active',
    'bounce',
    'corrupt',
    'defer',
    'deferred',
    'flush',
    'hold',
    'incoming',
    'private',
    'saved',
    'trace',
  ].map((name) => ({ name, postfixOwned: true, postdropGroup: false, mode: 0o700 })),
  { name: 'maildrop', postfixOwned: true, postdropGroup: true, mode: 0o730 },
  { name: 'public', postfixOwned: true, postdropGroup: true, mode: 0o710 },
  { name: 'pid', postfixOwned: false, postdropGroup: false, mode: 0o755 },
];

/** Queues that hold mail not yet delivered or bounced; `hold` is never used here. */
export const PENDING_QUEUES = ['maildrop', 'incoming', 'active', 'deferred'] as const;

export interface PostfixSettings {
  smtpPort: number;
  lmtpPort: number;
  authPort: number;
  domains: string[];
  /** PostfixOptions.relayPort, or null. */
  relayPort: number | null;
}

/**
 * Every mail to `domains` goes by LMTP into the private Dovecot. Nothing else is delivered:
 * there is no local delivery, no SMTP client in master.cf, and the default transport is the
 * `error` bouncer, so no message can leave the machine.
 */
export function renderMainCf(layout: PostfixLayout, settings: PostfixSettings): string {
  const [firstDomain] = settings.domains;
  return `# Written by @tidings/testkit for one private test instance. Not a system config.
compatibility_level = 3.6
# Room for the gateway's largest message (35 MiB of attachments, base64 adds a third).
message_size_limit = 52428800
queue_directory = ${layout.queueDir}
data_directory = ${layout.dataDir}
syslog_name = ${layout.syslogName}
# There is no syslog: postlogd (master.cf) writes this file, and only below these prefixes.
maillog_file = ${layout.logPath}
maillog_file_prefixes = ${layout.dir}

myhostname = mail.${firstDomain}
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_peername_lookup = no
# No DNS anywhere: LMTP goes to a literal loopback address.
smtp_dns_support_level = disabled
lmtp_host_lookup = native

# Nothing is delivered locally, and nothing to any domain but these.
mydestination =
local_recipient_maps =
local_transport = error:no local delivery
alias_maps =
alias_database =
relay_domains = ${settings.domains.join(', ')}
# ... and exactly these: not their subdomains (the default for relay_domains).
parent_domain_matches_subdomains =
# Postfix cannot list Dovecot's users: an unknown recipient is accepted here, refused by
# Dovecot's LMTP and bounced back to the sender.
relay_recipient_maps =
relay_transport = lmtp:inet:127.0.0.1:${settings.lmtpPort}
default_transport = error:no outside delivery
# No postmaster mailbox to notify.
notify_classes =

# Submissions authenticate against the Dovecot users, over cleartext on loopback.
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = inet:127.0.0.1:${settings.authPort}
smtpd_sasl_security_options = noanonymous
smtpd_tls_security_level = none
smtpd_tls_auth_only = no
broken_sasl_auth_clients = yes
# Each envelope sender is owned by the login of the same name (Dovecot logins are addresses),
# so a user may send only as themselves, and a client that has not logged in as none.
smtpd_sender_login_maps = regexp:${layout.senderLoginsPath}
smtpd_sender_restrictions = reject_sender_login_mismatch
smtpd_relay_restrictions = permit_sasl_authenticated, reject
smtpd_recipient_restrictions = reject_unauth_destination
# Leave submitted headers exactly as they came (no address rewriting, no added headers).
local_header_rewrite_clients =

# A delivery that fails for a moment (Dovecot restarting in a fault test) is retried within
# seconds rather than after the default 5 minutes.
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
`;
}

/**
 * The services this instance needs and nothing more: no smtp/relay client, no local or
 * virtual delivery. chroot is off everywhere (Debian's stock master.cf chroots smtpd).
 */
export function renderMasterCf(settings: Pick<PostfixSettings, 'smtpPort' | 'relayPort'>): string {
  // The mail server's own port: Dovecot cannot sign in to send, and sends from <>, so neither
  // a login nor the sender-owner check applies; reject_unauth_destination still keeps it to
  // the domains.
  const relay =
    settings.relayPort === null
      ? ''
      : `127.0.0.1:${settings.relayPort} inet n - n - - smtpd
  -o smtpd_sasl_auth_enable=no
  -o smtpd_sender_restrictions=
  -o smtpd_relay_restrictions=permit_mynetworks,reject
`;
  return `# Written by @tidings/testkit. service type private unpriv chroot wakeup maxproc command
127.0.0.1:${settings.smtpPort} inet n - n - - smtpd
${relay}pickup unix n - n 60 1 pickup
cleanup unix n - n - 0 cleanup
qmgr unix n - n 300 1 qmgr
rewrite unix - - n - - trivial-rewrite
bounce unix - - n - 0 bounce
defer unix - - n - 0 bounce
trace unix - - n - 0 bounce
flush unix n - n 1000? 0 flush
proxymap unix - - n - - proxymap
showq unix n - n - - showq
error unix - - n - - error
retry unix - - n - - error
discard unix - - n - - discard
lmtp unix - - n - - lmtp
anvil unix - - n - 1 anvil
scache unix - - n - 1 scache
postlog unix-dgram n - n - 1 postlogd
`;
}

/** smtpd_sender_login_maps: every address is owned by the SASL login spelled the same. */
export function renderSenderLogins(): string {
  return '/^(.+)$/ ${1}\n';
}
