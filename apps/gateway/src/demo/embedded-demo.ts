import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, parse } from 'node:path';
import type { Logger } from 'pino';
import {
  buildMessage,
  createRng,
  deliverByLmtp,
  randomMessage,
  seedDemoAccount,
  startDovecot,
  type Dovecot,
  type MailUser,
} from '@tidings/testkit';
import { ImapSecurity, type ImapServer } from '../imap/imap-server.ts';

/** A new message arrives every 30–90 s while the demo runs, so the inbox visibly lives. */
const LIVE_MAIL_MIN_MS = 30_000;
const LIVE_MAIL_MAX_MS = 90_000;
const DEMO_EMAIL = 'demo@example.test';
/** Where the demo's mail goes when the checkout sits somewhere `nobody` cannot enter (/root). */
const SHARED_DATA_ROOT = '/var/lib/tidings';

export interface EmbeddedDemo {
  imap: ImapServer;
  user: MailUser;
  dovecot: Dovecot;
  stop(): Promise<void>;
}

/** The demo account's password is made once and kept beside its mail, in the git-ignored data dir. */
async function demoUser(dataDir: string): Promise<MailUser> {
  const file = join(dataDir, 'demo-account.json');
  try {
    const stored = JSON.parse(await readFile(file, 'utf8')) as MailUser;
    if (stored.email && stored.password) return stored;
  } catch {
    // first run
  }
  const user = { email: DEMO_EMAIL, password: randomBytes(9).toString('base64url') };
  await writeFile(file, JSON.stringify(user, null, 2) + '\n', { mode: 0o600 });
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
 * The demo Dovecot's folder: `.tidings/dovecot`, unless the checkout lives under a private
 * folder such as /root; then the mail lives in /var/lib/tidings and `.tidings/dovecot` links there.
 */
async function dovecotDir(dataDir: string): Promise<string> {
  const preferred = join(dataDir, 'dovecot');
  if (await searchableByOthers(dataDir)) return preferred;
  const digest = createHash('sha1').update(dataDir).digest('hex').slice(0, 12);
  const shared = join(SHARED_DATA_ROOT, `demo-${digest}`);
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
  const user = await demoUser(dataDir);
  const dovecot = await startDovecot({ dir: await dovecotDir(dataDir), users: [user] });
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
    user,
    dovecot,
    async stop() {
      clearTimeout(timer);
      await dovecot.stop();
    },
  };
}
