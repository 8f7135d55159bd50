import type { FetchQueryObject, ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import type { MessageDetail, MessageRef } from '@tidings/protocol';
import { commandRefused } from '../sessions/account-error.ts';
import { MimeStructureError, planMessage } from './body-structure.ts';
import { fromEnvelope, MAX_SUBJECT_CHARS } from './detail-fields.ts';
import { fetchMessage } from './held-mailbox.ts';
import { readMessageInvitation } from './invitation.ts';
import { LIST_HEADERS } from './list-unsubscribe.ts';
import { rawSourceBody, readFromSource } from './parse-source.ts';
import { readParts } from './read-parts.ts';

/** Source parsed whole when the structure could not be read part by part. */
export const MAX_SOURCE_PARSE_BYTES = 5 * 1024 * 1024;

export const Problem = {
  Truncated: 'This message is too long to show in full; the rest is in its source.',
  Structure: 'Tidings could not read this message part by part; it is shown as its source allows.',
  Unreadable: 'Tidings could not read this message; the start of its source is shown instead.',
} as const;

const META_QUERY: FetchQueryObject = {
  uid: true,
  flags: true,
  envelope: true,
  bodyStructure: true,
  size: true,
  headers: ['references', ...LIST_HEADERS],
};

/**
 * One message as the reader shows it, read on a connection that has its mailbox selected
 * (see held-mailbox.ts). Never rejects because of what is in the message: a structure or a
 * part that cannot be understood falls back to parsing the source, then to the raw source,
 * with `problem` set and the failure logged by UID (never the content). IMAP failures reject.
 */
export async function readMessage(
  client: ImapFlow,
  ref: MessageRef,
  logger: Logger,
): Promise<MessageDetail> {
  try {
    const meta = await fetchMessage(client, ref.uid, META_QUERY);
    const detail = fromEnvelope(ref, meta);
    try {
      if (!meta.bodyStructure) throw new MimeStructureError('the server sent no BODYSTRUCTURE');
      const { truncated } = await readParts(client, detail, planMessage(meta.bodyStructure));
      if (truncated) detail.problem = Problem.Truncated;
      // A multipart whose boundary never appears parses as nothing at all; its text is still
      // in the source, so read that rather than show an empty message.
      if (showsNothing(detail) && (await bodyHasText(client, ref.uid))) {
        throw new MimeStructureError('the structure holds no readable part');
      }
      detail.invitation = await readMessageInvitation(client, ref.uid, detail.attachments).catch(
        (error: unknown) => {
          // The message shows without its card; only a broken connection is the caller's.
          if (!client.usable) throw error;
          logReadFailure(logger, ref, 'invitation', error);
          return null;
        },
      );
      return detail;
    } catch (error) {
      if (!client.usable) throw error;
      logReadFailure(logger, ref, 'structure', error);
    }
    return await readBySource(client, detail, logger);
  } catch (error) {
    throw commandRefused(client, error);
  }
}

/** Bytes of BODY[TEXT] looked at when the structure found nothing. */
const TEXT_PROBE_BYTES = 4096;

/** Whether the body holds anything besides a preamble, blank lines and multipart delimiters. */
async function bodyHasText(client: ImapFlow, uid: number): Promise<boolean> {
  const probe = await fetchMessage(client, uid, {
    bodyParts: [{ key: 'TEXT', maxLength: TEXT_PROBE_BYTES }],
  });
  const text = probe.bodyParts?.get('text')?.toString('latin1') ?? '';
  const lines = text.split(/\r?\n/);
  // Before the first delimiter is the preamble, which MIME readers ignore (RFC 2046 §5.1.1).
  const firstDelimiter = lines.findIndex((line) => line.startsWith('--'));
  return lines
    .slice(firstDelimiter + 1)
    .some((line) => line.trim() !== '' && !line.startsWith('--'));
}

function showsNothing(detail: MessageDetail): boolean {
  return (
    detail.body.kind === 'empty' &&
    detail.attachments.length === 0 &&
    detail.attachedMessages.length === 0
  );
}

/** The second try: the whole source (bounded), parsed in one go; then the raw source itself. */
async function readBySource(
  client: ImapFlow,
  detail: MessageDetail,
  logger: Logger,
): Promise<MessageDetail> {
  const message = await fetchMessage(client, detail.uid, {
    source: { maxLength: MAX_SOURCE_PARSE_BYTES },
  });
  const raw = message.source ?? Buffer.alloc(0);
  detail.problem = Problem.Structure;
  try {
    const reading = await readFromSource(raw);
    // The parser may "succeed" and still find nothing in a message that has a body: show that.
    const nothing = reading.body.kind === 'empty' && reading.attachments.length === 0;
    detail.body = nothing ? rawSourceBody(raw) : reading.body;
    detail.attachments = reading.attachments;
    // The envelope is the server's parse; fill only what it lacked.
    detail.subject ||= (reading.subject ?? '').slice(0, MAX_SUBJECT_CHARS);
    if (!detail.from.length) detail.from = reading.from;
    if (!detail.to.length) detail.to = reading.to;
    if (!detail.cc.length) detail.cc = reading.cc;
    if (!detail.replyTo.length) detail.replyTo = reading.replyTo;
    detail.date ??= reading.date;
    detail.messageId ??= reading.messageId;
    detail.inReplyTo ??= reading.inReplyTo;
    if (!detail.references.length) detail.references = reading.references;
  } catch (error) {
    logReadFailure(logger, detail, 'source', error);
    detail.body = rawSourceBody(raw);
    detail.attachments = [];
    detail.problem = Problem.Unreadable;
  }
  detail.attachedMessages = [];
  return detail;
}

function logReadFailure(
  logger: Logger,
  ref: MessageRef,
  stage: 'structure' | 'source' | 'invitation',
  error: unknown,
): void {
  // The error's class only: parser messages can quote the message's own bytes.
  logger.warn(
    {
      mailbox: ref.mailbox,
      uidValidity: ref.uidValidity,
      uid: ref.uid,
      stage,
      reason: error instanceof Error ? error.name : typeof error,
    },
    stage === 'structure'
      ? 'message structure unreadable; parsing its source instead'
      : 'message source unreadable; showing it raw',
  );
}
