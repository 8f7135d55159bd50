export const ErrorCode = {
  /** The payload failed its schema. */
  BadRequest: 'BAD_REQUEST',
  /** No valid session cookie. */
  Unauthenticated: 'UNAUTHENTICATED',
  /** The IMAP server rejected the credentials. */
  AuthenticationFailed: 'AUTHENTICATION_FAILED',
  /** The IMAP server could not be reached or dropped the connection. */
  ImapUnavailable: 'IMAP_UNAVAILABLE',
  /** The browser speaks another protocol version than the gateway. */
  ProtocolMismatch: 'PROTOCOL_MISMATCH',
  /** A state-changing HTTP request without a valid CSRF token or from another origin. */
  CsrfRejected: 'CSRF_REJECTED',
  MailboxNotFound: 'MAILBOX_NOT_FOUND',
  /** The request named a uidValidity the mailbox no longer has: reload the mailbox. */
  UidValidityChanged: 'UID_VALIDITY_CHANGED',
  /** The IMAP server refused a command (NO/BAD). */
  CommandFailed: 'COMMAND_FAILED',
  /** The mail server lacks what the request needs (say, SORT for a list by sender). */
  Unsupported: 'UNSUPPORTED',
  /** Too many requests in a short time. */
  RateLimited: 'RATE_LIMITED',
  Internal: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ProtocolError {
  code: ErrorCode;
  /** Human-readable, safe to show to the user; never contains credentials. */
  message: string;
}

/** The one shape every acknowledgement takes. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ProtocolError };

export function ok<T>(data: T): Ack<T> {
  return { ok: true, data };
}

export function fail<T = never>(code: ErrorCode, message: string): Ack<T> {
  return { ok: false, error: { code, message } };
}
