import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, parseEnv } from './config.ts';
import { createGateway } from './create-gateway.ts';
import { startEmbeddedDemo, type EmbeddedDemo } from './demo/embedded-demo.ts';
import { createLogger } from './logger.ts';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

async function main(): Promise<void> {
  let runtime;
  try {
    runtime = parseEnv(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(runtime.logLevel);

  let demo: EmbeddedDemo | null = null;
  let imap = runtime.imap;
  let smtp = runtime.gateway.smtp;
  let sieve = runtime.gateway.sieve;
  if (!imap) {
    demo = await startEmbeddedDemo({
      dataDir: runtime.demo.dataDir ?? join(REPO_ROOT, '.tidings'),
      liveMail: runtime.demo.liveMail,
      logger: logger.child({ part: 'demo' }),
    });
    imap = demo.imap;
    smtp ??= demo.smtp;
    sieve ??= demo.sieve;
  }

  const gateway = await createGateway(
    {
      ...runtime.gateway,
      imap,
      smtp,
      sieve,
      webDist: runtime.serveWeb ? join(REPO_ROOT, 'apps/web/dist') : null,
    },
    logger,
  );
  const { url } = await gateway.listen(runtime.port, runtime.host);

  // Plain lines on stdout, so that a person and a script can both pick them up.
  console.log(`Tidings is running at ${url}`);
  if (demo) {
    console.log('Demo mail server: a private Dovecot with a seeded demo account.');
    console.log(`Email: ${demo.user.email}`);
    console.log(`Password: ${demo.user.password}`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await gateway.close();
    await demo?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

process.on('unhandledRejection', (reason) => {
  // A promise nobody awaited must not take every signed-in user's session down with it.
  console.error('unhandled rejection', reason instanceof Error ? reason.message : reason);
});

void main().catch((error: unknown) => {
  console.error(
    `Tidings could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
