import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createGateway, gatewayDefaults, type Gateway, type GatewayConfig } from '@tidings/gateway';
import { startDovecot, type Dovecot, type DovecotOptions, type MailUser } from '@tidings/testkit';
import pino from 'pino';

const WEB_DIST = fileURLToPath(new URL('../../apps/web/dist', import.meta.url));

/** A real Dovecot and a real gateway serving the built app: what e2e tests and the bench drive. */
export interface Stack {
  dovecot: Dovecot;
  gateway: Gateway;
  url: string;
  /** A fresh account on the private Dovecot, so tests never share a mailbox. */
  newUser(prefix?: string): Promise<MailUser>;
  stop(): Promise<void>;
}

export async function startStack(
  options: { gateway?: Partial<GatewayConfig>; dovecot?: DovecotOptions } = {},
): Promise<Stack> {
  const dovecot = await startDovecot(options.dovecot);
  const gateway = await createGateway(
    {
      imap: { host: dovecot.host, port: dovecot.imapPort, security: 'none' },
      ...gatewayDefaults(),
      sessionGraceMs: 60_000,
      webDist: WEB_DIST,
      ...options.gateway,
    },
    pino({ level: process.env.TIDINGS_TEST_LOG ?? 'warn' }),
  );
  const { url } = await gateway.listen(0, '127.0.0.1');
  return {
    dovecot,
    gateway,
    url,
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
      await dovecot.stop();
    },
  };
}
