import type { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import {
  ErrorCode,
  MAX_DISPLAY_NAME_CHARS,
  MAX_MESSAGE_BYTES,
  type Draft,
} from '@tidings/protocol';
import type { Credentials } from '../imap/imap-server.ts';
import { AccountError } from '../sessions/account-error.ts';
import type { FileAttachment } from './build-message.ts';
import { parseRecipient, type Recipient } from './recipients.ts';
import type { SmtpServer } from './smtp-submit.ts';
import type { StoredUpload, UploadStore } from './uploads.ts';

/** What sending and saving drafts need of a signed-in account (sessions/account-session.ts). */
export interface ComposeAccount {
  /** Whose uploads a reopened draft's attachments become. */
  readonly accountId: string;
  /** The login: the From address, the envelope sender and the SMTP AUTH identity. */
  readonly credentials: Credentials;
  readonly logger: Logger;
  commandClient(): Promise<ImapFlow>;
  /** The user's own flag change: STOREd, then every tab is told at once. */
  setFlags(path: string, uidValidity: number, uids: number[], add: string[]): Promise<unknown>;
  /** Deletes for good (UID EXPUNGE), and every tab loses the rows at once. */
  expunge(path: string, uidValidity: number, uids: number[]): Promise<unknown>;
  /** Folder counts changed by our own hand (a Sent copy, a draft). */
  foldersChanged(): void;
}

/** The gateway-wide side of sending: where mail goes, whether to keep a copy, the uploads. */
export interface OutgoingMail {
  /** Null: this gateway was started without a submission server, and says so when asked to send. */
  smtp: SmtpServer | null;
  /** Off for servers that file a Sent copy themselves (Gmail, many hosted services). */
  sentCopy: boolean;
  uploads: UploadStore;
}

/** The submission server, or the reason nothing can be sent from this gateway. */
export function submissionServer(outgoing: OutgoingMail): SmtpServer {
  if (outgoing.smtp) return outgoing.smtp;
  throw new AccountError(
    ErrorCode.CommandFailed,
    'Sending is not set up on this gateway (no SMTP server configured).',
  );
}

/** Rounded up, so that a total just over the limit does not read as equal to it. */
const mibUp = (bytes: number) => `${(Math.ceil((bytes / (1024 * 1024)) * 10) / 10).toFixed(1)} MB`;
const mib = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

// eslint-disable-next-line no-control-regex -- control characters are what a display name must not hold
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * From: the user's display name with the login as the address (a login that is not an address
 * cannot send mail). The address is never the browser's to choose: submission servers refuse
 * any other, and a Drafts or Sent copy claiming another would lie. The name goes to nodemailer
 * as `{ name, address }`, which quotes it (RFC 5322 §3.2.4) or encodes it (RFC 2047), so
 * `<`, `"` or `,` in it stay inside the name; control characters (CR/LF: a header of its own)
 * are refused here as well as by the schema.
 */
export function senderOf(credentials: Credentials, displayName = ''): Recipient {
  const parsed = parseRecipient(credentials.user);
  if (!parsed.ok) {
    throw new AccountError(
      ErrorCode.BadRequest,
      `Your login "${credentials.user}" is not an email address, so it cannot be the sender.`,
    );
  }
  if (CONTROL.test(displayName) || displayName.length > MAX_DISPLAY_NAME_CHARS) {
    throw new AccountError(
      ErrorCode.BadRequest,
      `Your name may not contain line breaks or control characters, nor be longer than ${MAX_DISPLAY_NAME_CHARS} characters.`,
    );
  }
  return { name: displayName.trim(), address: parsed.recipient.address };
}

export interface DraftAttachments {
  uploads: StoredUpload[];
  files: FileAttachment[];
  /** Bytes left for anything else (a forwarded message) within MAX_MESSAGE_BYTES. */
  budget: number;
}

/** The draft's uploads, refused with a clear error when the message would grow too large. */
export function draftAttachments(
  draft: Draft,
  uploads: UploadStore,
  sessionId: string,
): DraftAttachments {
  const taken = uploads.take(sessionId, draft.attachments ?? []);
  const attached = taken.reduce((sum, upload) => sum + upload.size, 0);
  const body = Buffer.byteLength(draft.text) + Buffer.byteLength(draft.html ?? '');
  const budget = MAX_MESSAGE_BYTES - attached - body;
  if (budget < 0) {
    throw new AccountError(
      ErrorCode.BadRequest,
      `This message and its attachments add up to ${mibUp(attached + body)}; a message may carry at most ${mib(MAX_MESSAGE_BYTES)}.`,
    );
  }
  const files = taken.map(({ path, filename, contentType }) => ({ path, filename, contentType }));
  return { uploads: taken, files, budget };
}

/**
 * A step after the mail has gone (or the draft is stored): its failure is logged, never
 * reported as a failure of what the user asked for, which has happened.
 */
export async function bestEffort(
  logger: Logger,
  what: string,
  run: () => Promise<unknown>,
): Promise<void> {
  try {
    await run();
  } catch (error) {
    logger.warn({ err: { message: (error as Error).message } }, `${what} failed`);
  }
}
