import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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

export async function startEmbeddedDemo(options: {
  dataDir: string;
  liveMail: boolean;
  logger: Logger;
}): Promise<EmbeddedDemo> {
  const { dataDir, logger } = options;
  await mkdir(dataDir, { recursive: true });
  const user = await demoUser(dataDir);
  const dovecot = await startDovecot({ dir: join(dataDir, 'dovecot'), users: [user] });
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
