/**
 * The server's floor in bench many-accounts: bare imapflow clients on the same INBOX as a tab,
 * timing each EXISTS that raises the count, against which the tab's `message:added` is paired.
 */
import type { Socket } from 'node:net';
import { ImapFlow } from 'imapflow';
import type { Dovecot, MailUser } from '@tidings/testkit';
import { enableNotify } from '../apps/gateway/src/imap/notify.ts';
import { monotonicMs as now } from './clock.ts';

/**
 * How a floor client listens. `idle`: plain IDLE, the least a server does to tell of new mail.
 * `notify`: NOTIFY set as the gateway sets it (imap/notify.ts: other folders' counts and names,
 * the new message's row with its EXISTS), then IDLE: the server's floor for the session the
 * gateway holds, which does more per delivery than plain IDLE.
 */
export type FloorKind = 'idle' | 'notify';
export const FLOOR_KINDS: FloorKind[] = ['idle', 'notify'];

export interface FloorClient {
  email: string;
  kind: FloorKind;
  /** Arrival time of every EXISTS that raised the count. */
  exists: number[];
  /** The connection's local port (wire-capture.ts finds its bytes by it); 0 if unknown. */
  localPort: number;
  close(): Promise<void>;
}

/** The server's floor: a bare imapflow client idling on the same INBOX as a tab. */
export async function startFloors(
  dovecot: Dovecot,
  users: MailUser[],
  kind: FloorKind,
): Promise<FloorClient[]> {
  return Promise.all(
    users.map(async (user) => {
      const client = new ImapFlow({
        host: dovecot.host,
        port: dovecot.imapPort,
        secure: false,
        auth: { user: user.email, pass: user.password },
        logger: false,
      });
      const floor: FloorClient = {
        email: user.email,
        kind,
        exists: [],
        localPort: 0,
        close: () => client.logout().catch(() => undefined),
      };
      client.on('error', () => undefined);
      client.on('exists', (e: { count: number; prevCount: number }) => {
        if (e.count > e.prevCount) floor.exists.push(now());
      });
      await client.connect();
      // imapflow keeps its socket as an undeclared property.
      floor.localPort = (client as unknown as { socket?: Socket }).socket?.localPort ?? 0;
      await client.mailboxOpen('INBOX');
      if (kind === 'notify') {
        const ignore = () => undefined;
        const result = await enableNotify(client, {
          onStatus: ignore,
          onMailboxNamesChanged: ignore,
          onNewMessage: ignore,
        });
        if (!result.pushesNewMessages) throw new Error('the server refused NOTIFY with rows');
      }
      void client.idle().catch(() => undefined);
      return floor;
    }),
  );
}
