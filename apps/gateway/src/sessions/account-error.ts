import type { ErrorCode } from '@tidings/protocol';

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
