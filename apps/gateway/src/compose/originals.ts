import type { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import { ErrorCode, MAX_MESSAGE_BYTES, type MessageRef } from '@tidings/protocol';
import { fetchMessage, holdMailbox } from '../mime/held-mailbox.ts';
import { safeFilename } from '../mime/safe-filename.ts';
import { AccountError, commandRefused } from '../sessions/account-error.ts';
import type { ForwardedMessage } from './build-message.ts';
import {
  headerValue,
  normalizeMessageId,
  parseMessageIds,
  replyHeaders,
  type OriginalIds,
  type ReplyHeaders,
} from './threading.ts';

/**
 * The messages a reply or forward refers to, read on the command connection with their
 * mailbox held at the uidValidity the browser named (mime/held-mailbox.ts).
 */

const mib = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

async function withOriginal<T>(
  client: ImapFlow,
  ref: MessageRef,
  read: (client: ImapFlow) => Promise<T>,
): Promise<T> {
  const held = await holdMailbox(client, ref.mailbox, ref.uidValidity);
  try {
    return await read(held.client);
  } catch (error) {
    throw commandRefused(held.client, error);
  } finally {
    held.release();
  }
}

/** The original's Message-ID, References and In-Reply-To, for a reply's threading headers. */
export function readOriginalIds(client: ImapFlow, ref: MessageRef): Promise<OriginalIds> {
  return withOriginal(client, ref, async (c) => {
    const message = await fetchMessage(c, ref.uid, {
      envelope: true,
      headers: ['references'],
    });
    const block = message.headers?.toString('utf8') ?? '';
    return {
      messageId: normalizeMessageId(message.envelope?.messageId),
      references: parseMessageIds(headerValue(block, 'references')),
      inReplyTo: parseMessageIds(message.envelope?.inReplyTo),
    };
  });
}

/**
 * The original's source, to forward as an attachment. Its size is asked first, so a
 * message larger than a whole outgoing message may be is refused before it is fetched.
 */
export function readForwardedMessage(
  client: ImapFlow,
  ref: MessageRef,
  budgetBytes: number = MAX_MESSAGE_BYTES,
): Promise<ForwardedMessage> {
  return withOriginal(client, ref, async (c) => {
    const meta = await fetchMessage(c, ref.uid, { size: true, envelope: true });
    const size = meta.size ?? 0;
    if (size > budgetBytes) {
      throw new AccountError(
        ErrorCode.BadRequest,
        `The message to forward is ${mib(size)}; with it this message would exceed ${mib(MAX_MESSAGE_BYTES)}.`,
      );
    }
    const message = await fetchMessage(c, ref.uid, { source: true });
    if (!message.source)
      throw new AccountError(ErrorCode.CommandFailed, 'The mail server sent no source.');
    const subject = meta.envelope?.subject?.trim() || 'Forwarded message';
    return { source: message.source, filename: safeFilename(`${subject}.eml`, 'message/rfc822') };
  });
}

/** Failures that mean "the original is gone", not "the server is unreachable". */
const GONE: ReadonlySet<string> = new Set([
  ErrorCode.CommandFailed,
  ErrorCode.MailboxNotFound,
  ErrorCode.UidValidityChanged,
]);

/**
 * A reply's In-Reply-To and References. An original that was moved or deleted meanwhile
 * does not stop the reply: it goes without threading headers (null), logged.
 */
export async function threadingFor(
  client: ImapFlow,
  ref: MessageRef,
  logger: Logger,
): Promise<ReplyHeaders | null> {
  try {
    return replyHeaders(await readOriginalIds(client, ref));
  } catch (error) {
    if (!(error instanceof AccountError) || !GONE.has(error.code)) throw error;
    logger.info({ uid: ref.uid, code: error.code }, 'replying to a message that is gone');
    return null;
  }
}
