import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createGateway, gatewayDefaults, type Gateway, type GatewayConfig } from '@tidings/gateway';
import {
  freeLoopbackPort,
  sieveConfig,
  startDovecot,
  startPostfix,
  type Dovecot,
  type DovecotOptions,
  type MailUser,
  type Postfix,
} from '@tidings/testkit';
import pino from 'pino';

const WEB_DIST = fileURLToPath(new URL('../../apps/web/dist', import.meta.url));

/** A real Dovecot and a real gateway serving the built app: what e2e tests and the bench drive. */
export interface Stack {
  dovecot: Dovecot;
  gateway: Gateway;
  url: string;
  /** The private Postfix the gateway submits to, when the stack was started with one. */
  postfix: Postfix | null;
  /** A fresh account on the private Dovecot, so tests never share a mailbox. */
  newUser(prefix?: string): Promise<MailUser>;
  stop(): Promise<void>;
}

/** What a spec may ask of its stack beyond the usual one. */
export interface StackOptions {
  gateway?: Partial<GatewayConfig>;
  dovecot?: DovecotOptions;
  /** A private Postfix that the gateway submits to (and that delivers to Dovecot). */
  postfix?: boolean;
  /**
   * Sieve on delivery and ManageSieve in the Dovecot (automatic replies), what scripts send
   * going out through the Postfix, which this turns on too.
   */
  sieve?: boolean;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const sieve = options.sieve
    ? { managesievePort: await freeLoopbackPort(), submissionPort: await freeLoopbackPort() }
    : null;
  const extraConfig = [options.dovecot?.extraConfig, sieve && sieveConfig(sieve)]
    .filter(Boolean)
    .join('\n');
  const dovecot = await startDovecot({ ...options.dovecot, extraConfig });
  const postfix =
    options.postfix || sieve
      ? await startPostfix({ dovecot, relayPort: sieve?.submissionPort })
      : null;
  const gateway = await createGateway(
    {
      imap: { host: dovecot.host, port: dovecot.imapPort, security: 'none' },
      ...gatewayDefaults(),
      sessionGraceMs: 60_000,
      webDist: WEB_DIST,
      ...(postfix
        ? { smtp: { host: postfix.host, port: postfix.smtpPort, security: 'none' as const } }
        : {}),
      ...(sieve
        ? { sieve: { host: '127.0.0.1', port: sieve.managesievePort, security: 'none' as const } }
        : {}),
      ...options.gateway,
    },
    pino({ level: process.env.TIDINGS_TEST_LOG ?? 'warn' }),
  );
  const { url } = await gateway.listen(0, '127.0.0.1');
  return {
    dovecot,
    gateway,
    url,
    postfix,
    async newUser(prefix = 'user') {
      const user = {
        email: `${prefix}-${randomBytes(4).toString('hex')}@example.test`,
        password: randomBytes(9).toString('base64url'),
      };
      await dovecot.addUser(user);
      return user;
    },
    async stop() {
      await gateway.close();
      await postfix?.stop();
      await dovecot.stop();
    },
  };
}
