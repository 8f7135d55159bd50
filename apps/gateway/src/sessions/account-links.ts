import type { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import type { BackoffPolicy } from '../imap/backoff.ts';
import { ImapLink } from '../imap/imap-link.ts';
import type { Credentials, ImapServer } from '../imap/imap-server.ts';

export interface AccountLinkOptions {
  server: ImapServer;
  credentials: Credentials;
  logger: Logger;
  /** DONE + IDLE at least this often (RFC 2177 asks for < 29 min; NATs need far less). */
  idleReissueMs: number;
  /** A connection silent this long is half-open: replaced. */
  deadConnectionMs: number;
  reconnectBackoff: BackoffPolicy;
}

export interface AccountLinks {
  /** Does nothing but IDLE (with NOTIFY for the other folders) on the watched mailbox. */
  idle: ImapLink;
  /** Runs every FETCH/STORE/MOVE/LIST the tabs ask for; watched for silence only meanwhile. */
  command: ImapLink;
}

/**
 * An account's two IMAP connections. imapflow's auto-IDLE waits 15 s after a command, so a
 * connection that also served the tabs' commands would leave gaps without push.
 */
export function accountLinks(
  options: AccountLinkOptions,
  onConnected: { idle(client: ImapFlow): Promise<void>; command(client: ImapFlow): Promise<void> },
): AccountLinks {
  const { server, credentials, logger, deadConnectionMs } = options;
  const idle = new ImapLink({
    server,
    credentials,
    name: 'idle',
    logger,
    deadAfterMs: deadConnectionMs,
    backoff: options.reconnectBackoff,
    imap: { qresync: true, maxIdleTime: options.idleReissueMs, autoIdleDelay: 1 },
    onConnected: onConnected.idle,
  });
  const command = new ImapLink({
    server,
    credentials,
    name: 'command',
    logger,
    deadAfterMs: deadConnectionMs,
    backoff: options.reconnectBackoff,
    imap: { qresync: true, disableAutoIdle: true },
    watchAtRest: false,
    onConnected: onConnected.command,
  });
  // Both connections take the same path to the same server: when the watched one turns out
  // half-open, the resting one most likely is too, and nothing else would notice before the
  // next request waits on it.
  idle.on('dead', () => command.drop('the idle connection was found dead'));
  return { idle, command };
}
