import type { ImapFlow } from 'imapflow';
import { ErrorCode } from '@tidings/protocol';

/** A failure a tab can be told about: a protocol error code and a message safe to show. */
export class AccountError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'AccountError';
  }
}

/** Anything else that stopped a request: the connection it needed is not there. */
export function toAccountError(error: unknown): AccountError {
  if (error instanceof AccountError) return error;
  return new AccountError(
    ErrorCode.ImapUnavailable,
    'The mail server is not reachable right now.',
    error,
  );
}

/**
 * A command's failure as the tab hears it: the server's refusal in its own words (safe to
 * show), or, where the connection dropped meanwhile, that the server is not reachable.
 */
export function commandRefused(client: ImapFlow, error: unknown): AccountError {
  if (error instanceof AccountError) return error;
  if (!client.usable) return toAccountError(error);
  const text = (error as { responseText?: string }).responseText ?? (error as Error).message;
  return new AccountError(ErrorCode.CommandFailed, `The mail server refused: ${text}`, error);
}

/** The server would not open (SELECT or lock) a folder: gone, renamed, or not allowed. */
export function folderNotOpened(path: string, cause: unknown): AccountError {
  return new AccountError(
    ErrorCode.MailboxNotFound,
    `The folder "${path}" could not be opened.`,
    cause,
  );
}
