import { ImapFlow, type ImapFlowOptions } from 'imapflow';

export const ImapSecurity = { Tls: 'tls', StartTls: 'starttls', None: 'none' } as const;
export type ImapSecurity = (typeof ImapSecurity)[keyof typeof ImapSecurity];

export interface ImapServer {
  host: string;
  port: number;
  security: ImapSecurity;
  /**
   * COMPRESS=DEFLATE (RFC 4978) where offered: less traffic to a distant server, but each
   * connection keeps DEFLATE state (~250 KiB of gateway memory, IMAP-FIELD-NOTES). Default off.
   */
  compress?: boolean;
}

/** Held in gateway memory only, for the life of a session. Never logged, never persisted. */
export interface Credentials {
  user: string;
  password: string;
}

const CONNECT_TIMEOUT_MS = 10_000;
const GREETING_TIMEOUT_MS = 10_000;
/** No server traffic at all for this long means the socket is dead (Dovecot says "Still here" every 2 min). */
export const SOCKET_TIMEOUT_MS = 5 * 60_000;

export function imapOptions(
  server: ImapServer,
  credentials: Credentials,
  extra: Partial<ImapFlowOptions> = {},
): ImapFlowOptions {
  return {
    host: server.host,
    port: server.port,
    secure: server.security === ImapSecurity.Tls,
    doSTARTTLS:
      server.security === ImapSecurity.StartTls
        ? true
        : server.security === ImapSecurity.None
          ? false
          : undefined,
    auth: { user: credentials.user, pass: credentials.password },
    logger: false,
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    // ~250 KiB per connection for DEFLATE state (IMAP-FIELD-NOTES); list traffic is small.
    disableCompression: !server.compress,
    clientInfo: { name: 'Tidings' },
    ...extra,
  };
}

export const LoginFailure = {
  Rejected: 'rejected',
  Unreachable: 'unreachable',
} as const;
export type LoginFailure = (typeof LoginFailure)[keyof typeof LoginFailure];

export class ImapLoginError extends Error {
  constructor(
    readonly kind: LoginFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ImapLoginError';
  }
}

/**
 * Response codes of a refused login that say nothing about the credentials (RFC 5530 §3):
 * Dovecot answers `NO [UNAVAILABLE] Temporary authentication failure` while its auth service is
 * (re)starting. imapflow marks every tagged NO to LOGIN `authenticationFailed`.
 */
const TEMPORARY_REFUSALS = new Set(['UNAVAILABLE', 'SERVERBUG', 'INUSE']);

/** The server refused these credentials: not a login it could not handle just now. */
export function isAuthenticationFailure(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  if (!('authenticationFailed' in error) || !error.authenticationFailed) return false;
  const code = 'serverResponseCode' in error ? String(error.serverResponseCode).toUpperCase() : '';
  return !TEMPORARY_REFUSALS.has(code);
}

/** Classifies a failed connect(): the password was wrong, or the server could not be used. */
export function toLoginError(error: unknown): ImapLoginError {
  if (isAuthenticationFailure(error)) {
    return new ImapLoginError(
      LoginFailure.Rejected,
      'The mail server rejected this email and password.',
    );
  }
  const code = error && typeof error === 'object' && 'code' in error ? String(error.code) : '';
  return new ImapLoginError(
    LoginFailure.Unreachable,
    `The mail server could not be reached${code ? ` (${code})` : ''}. Try again in a moment.`,
  );
}

/** Checks credentials with an IMAP LOGIN and logs out at once. */
export async function verifyLogin(server: ImapServer, credentials: Credentials): Promise<void> {
  const client = new ImapFlow(imapOptions(server, credentials, { verifyOnly: true }));
  client.on('error', () => {
    // connect() rejects with the same error; this listener only keeps the process alive.
  });
  try {
    await client.connect();
  } catch (error) {
    throw toLoginError(error);
  } finally {
    client.close();
  }
}
