import { ErrorCode } from '@tidings/protocol';
import { createTransport } from 'nodemailer';
import type { NodemailerError } from 'nodemailer/lib/errors';
import type { SMTPSentMessageInfo } from 'nodemailer/lib/smtp-transport';
import type { Credentials } from '../imap/imap-server.ts';
import { ImapSecurity } from '../imap/imap-server.ts';
import { AccountError } from '../sessions/account-error.ts';

/** The same three ways to secure a connection as IMAP: tls (implicit), starttls, none. */
export const SmtpSecurity = ImapSecurity;
export type SmtpSecurity = ImapSecurity;

/** The submission server (RFC 6409) every signed-in user sends through, as themselves. */
export interface SmtpServer {
  host: string;
  port: number;
  security: SmtpSecurity;
}

const CONNECT_TIMEOUT_MS = 15_000;
const GREETING_TIMEOUT_MS = 15_000;
/** A server that says nothing this long while a message is being sent has gone away. */
const SOCKET_TIMEOUT_MS = 60_000;

export interface Envelope {
  /** MAIL FROM: the login's own address (submission servers refuse anyone else's). */
  from: string;
  /** RCPT TO: every To, Cc and Bcc address once. */
  to: string[];
}

export interface Refusal {
  address: string;
  reply: string;
}

export interface Submitted {
  accepted: string[];
  /** Recipients the server refused while taking the message for the others. */
  refused: Refusal[];
}

/**
 * Hands one message to the submission server over a fresh connection, authenticated with the
 * user's own login (held in memory only; nodemailer's logger stays off so it is never
 * written anywhere). Rejects with an AccountError that carries the server's reply.
 */
export async function submitMessage(
  server: SmtpServer,
  credentials: Credentials,
  envelope: Envelope,
  raw: Buffer,
): Promise<Submitted> {
  const transport = createTransport({
    host: server.host,
    port: server.port,
    secure: server.security === SmtpSecurity.Tls,
    requireTLS: server.security === SmtpSecurity.StartTls,
    ignoreTLS: server.security === SmtpSecurity.None,
    auth: { user: credentials.user, pass: credentials.password },
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    logger: false,
    debug: false,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  try {
    const info: SMTPSentMessageInfo = await transport.sendMail({
      envelope: { from: envelope.from, to: envelope.to },
      raw,
    });
    const refused = (info.rejectedErrors ?? []).map((error) => ({
      address: error.recipient ?? '',
      reply: replyText(error),
    }));
    const unexplained = info.rejected.filter(
      (address) => !refused.some((r) => r.address === address),
    );
    return {
      accepted: info.accepted,
      refused: [...refused, ...unexplained.map((address) => ({ address, reply: '' }))],
    };
  } catch (error) {
    throw toSendError(server, error as NodemailerError);
  } finally {
    transport.close();
  }
}

function replyText(error: NodemailerError): string {
  return (error.response ?? error.message ?? '').replace(/\s+/g, ' ').trim();
}

/** What the tab is told: the server's own reply where it gave one, else why it was unreachable. */
export function toSendError(server: SmtpServer, error: NodemailerError): AccountError {
  const reply = replyText(error);
  if (error.responseCode === undefined) {
    const cause = error.originalCode ?? error.code ?? 'no answer';
    return new AccountError(
      ErrorCode.ImapUnavailable,
      `The outgoing mail server (${server.host}:${server.port}) could not be reached (${cause}). Nothing was sent.`,
      error,
    );
  }
  if (error.code === 'EAUTH') {
    return new AccountError(
      ErrorCode.CommandFailed,
      `The outgoing mail server did not accept your sign-in: ${reply}. Nothing was sent.`,
      error,
    );
  }
  if (error.code === 'EENVELOPE' && error.rejectedErrors?.length) {
    const refusals = error.rejectedErrors
      .map((refusal) => `${refusal.recipient ?? 'a recipient'} (${replyText(refusal)})`)
      .join('; ');
    return new AccountError(
      ErrorCode.CommandFailed,
      `The outgoing mail server refused ${refusals}. Nothing was sent.`,
      error,
    );
  }
  return new AccountError(
    ErrorCode.CommandFailed,
    `The outgoing mail server refused the message: ${reply}. Nothing was sent.`,
    error,
  );
}
