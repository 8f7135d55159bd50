import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, parse } from 'node:path';
import type { Logger } from 'pino';
import {
  buildMessage,
  createRng,
  deliverByLmtp,
  freeLoopbackPort,
  randomMessage,
  seedDemoAccount,
  startDovecot,
  quotaConfig,
  sieveConfig,
  sieveInstalled,
  LIST_ROBOT_LOCAL_PART,
  startPostfix,
  type Dovecot,
  type MailUser,
  type Postfix,
} from '@tidings/testkit';
import { SmtpSecurity, type SmtpServer } from '../compose/smtp-submit.ts';
import { ImapSecurity, type ImapServer } from '../imap/imap-server.ts';
import type { SieveServer } from '../sieve/managesieve.ts';

/** A new message arrives every 30–90 s while the demo runs, so the inbox visibly lives. */
const LIVE_MAIL_MIN_MS = 30_000;
const LIVE_MAIL_MAX_MS = 90_000;
/** The demo account's storage quota (Dovecot units). */
const DEMO_QUOTA = '1G';
const DEMO_EMAIL = 'demo@example.test';
/** A second demo account, so that mail can be sent from one demo user to another. */
const SECOND_DEMO_EMAIL = 'alex@example.test';
const LIST_ROBOT_EMAIL = `${LIST_ROBOT_LOCAL_PART}@example.test`;
/** Where the demo's mail goes when the checkout sits somewhere `nobody` cannot enter (/root). */
const SHARED_DATA_ROOT = '/var/lib/tidings';

export interface EmbeddedDemo {
  imap: ImapServer;
  /** The demo's Postfix: delivers to the demo users by LMTP, takes submissions as them. */
  smtp: SmtpServer | null;
  /** The demo's ManageSieve (automatic replies), where Pigeonhole is installed. */
  sieve: SieveServer | null;
  user: MailUser;
  /** Further demo accounts (alex@example.test) to write to; signed in with their stored password. */
  otherUsers: MailUser[];
  dovecot: Dovecot;
  postfix: Postfix | null;
  stop(): Promise<void>;
}

/** A demo account's password is made once and kept beside its mail, in the git-ignored data dir. */
async function demoUser(dataDir: string, file: string, email: string): Promise<MailUser> {
  const path = join(dataDir, file);
  try {
    const stored = JSON.parse(await readFile(path, 'utf8')) as MailUser;
    if (stored.email && stored.password) return stored;
  } catch {
    // first run
  }
  const user = { email, password: randomBytes(9).toString('base64url') };
  await writeFile(path, JSON.stringify(user, null, 2) + '\n', { mode: 0o600 });
  return user;
}

/** Dovecot reads mail as `nobody`, so every folder above the mail must be enterable by others. */
async function searchableByOthers(path: string): Promise<boolean> {
  for (let dir = path; ; dir = dirname(dir)) {
    const info = await stat(dir).catch(() => null);
    if (info && (info.mode & 0o001) === 0) return false;
    if (dir === parse(dir).root) return true;
  }
}

/**
 * A demo server's folder: `.tidings/dovecot` (or `postfix`), unless the checkout lives under a
 * private folder such as /root; then it lives in /var/lib/tidings and `.tidings/<name>` links there.
 */
async function serverDir(dataDir: string, name: 'dovecot' | 'postfix'): Promise<string> {
  const preferred = join(dataDir, name);
  if (await searchableByOthers(dataDir)) return preferred;
  const digest = createHash('sha1').update(dataDir).digest('hex').slice(0, 12);
  // Dovecot's folder kept its first name, so existing demo mail stays where it was.
  const shared = join(
    SHARED_DATA_ROOT,
    name === 'dovecot' ? `demo-${digest}` : `demo-${digest}-${name}`,
  );
  await mkdir(SHARED_DATA_ROOT, { recursive: true, mode: 0o755 });
  const linked = await readlink(preferred).catch(() => null);
  if (linked === null) await symlink(shared, preferred).catch(() => undefined);
  return shared;
}

export async function startEmbeddedDemo(options: {
  dataDir: string;
  liveMail: boolean;
  logger: Logger;
}): Promise<EmbeddedDemo> {
  const { dataDir, logger } = options;
  await mkdir(dataDir, { recursive: true });
  const user = await demoUser(dataDir, 'demo-account.json', DEMO_EMAIL);
  const alex = await demoUser(dataDir, 'demo-account-alex.json', SECOND_DEMO_EMAIL);
  // Where the demo's newsletters take unsubscribe requests (List-Unsubscribe), so that
  // unsubscribing in the demo sends a real request to a real mailbox.
  const lists = await demoUser(dataDir, 'demo-account-lists.json', LIST_ROBOT_EMAIL);
  // Automatic replies, where Pigeonhole is installed (scripts/bootstrap.sh installs it).
  const sieve = sieveInstalled()
    ? { managesievePort: await freeLoopbackPort(), submissionPort: await freeLoopbackPort() }
    : null;
  const dovecot = await startDovecot({
    dir: await serverDir(dataDir, 'dovecot'),
    users: [user, alex, lists],
    // A quota, as most hosted mailboxes have, so the sidebar shows the storage used.
    extraConfig: [quotaConfig(DEMO_QUOTA), sieve && sieveConfig(sieve)].filter(Boolean).join('\n'),
  });
  // Without Postfix (not installed here) the demo still reads mail; sending says it is not set up.
  const postfix = await startPostfix({
    dovecot,
    dir: await serverDir(dataDir, 'postfix'),
    relayPort: sieve?.submissionPort,
  }).catch((error: unknown) => {
    logger.warn({ err: { message: (error as Error).message } }, 'demo Postfix did not start');
    return null;
  });
  const seeded = await seedDemoAccount(dovecot, user);
  if (seeded.seeded) logger.info({ messages: seeded.messages }, 'seeded the demo mailbox');

  let timer: NodeJS.Timeout | undefined;
  const rng = createRng(Date.now() & 0xffff_ffff);
  const scheduleNext = () => {
    const wait = LIVE_MAIL_MIN_MS + Math.floor(rng() * (LIVE_MAIL_MAX_MS - LIVE_MAIL_MIN_MS));
    timer = setTimeout(() => {
      void (async () => {
        try {
          const spec = randomMessage(rng, { to: user.email, date: new Date() });
          const raw = await buildMessage(spec);
          await deliverByLmtp(dovecot, { from: spec.from, to: [user.email], raw });
          logger.info({ subject: spec.subject }, 'demo mail delivered');
        } catch (error) {
          logger.warn({ err: { message: (error as Error).message } }, 'demo delivery failed');
        }
        scheduleNext();
      })();
    }, wait);
    timer.unref();
  };
  if (options.liveMail) scheduleNext();

  return {
    imap: { host: dovecot.host, port: dovecot.imapPort, security: ImapSecurity.None },
    // Cleartext on loopback, as the IMAP side: the private Postfix offers no STARTTLS.
    smtp: postfix && { host: postfix.host, port: postfix.smtpPort, security: SmtpSecurity.None },
    sieve: sieve && { host: '127.0.0.1', port: sieve.managesievePort, security: ImapSecurity.None },
    user,
    otherUsers: [alex],
    dovecot,
    postfix,
    async stop() {
      clearTimeout(timer);
      await postfix?.stop();
      await dovecot.stop();
    },
  };
}
