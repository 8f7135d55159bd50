import { Readable } from 'node:stream';
import { simpleParser, type AddressObject } from 'mailparser';
import {
  ErrorCode,
  MAX_MESSAGE_BYTES,
  type Address,
  type MessageRef,
  type OpenedDraft,
  type UploadResult,
} from '@tidings/protocol';
import { fetchMessage, holdMailbox } from '../mime/held-mailbox.ts';
import { safeFilename } from '../mime/safe-filename.ts';
import { AccountError, commandRefused } from '../sessions/account-error.ts';
import type { ComposeAccount, OutgoingMail } from './compose-context.ts';
import { DRAFT_ORIGIN_HEADER, parseDraftOrigin } from './draft-origin.ts';
import { assertInDrafts } from './send-message.ts';
import { UploadRefused, type StoredUpload } from './uploads.ts';

/**
 * The largest draft source read back: a message may carry MAX_MESSAGE_BYTES, which base64
 * (RFC 2045 §6.8) grows by a third, plus headers and MIME boundaries.
 */
export const MAX_DRAFT_SOURCE_BYTES = Math.ceil((MAX_MESSAGE_BYTES * 4) / 3) + 1024 * 1024;
/** Recipients read back per field (the protocol takes 100 per field). */
const MAX_RECIPIENTS = 100;

const mib = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/**
 * `draft:open`: a draft from Drafts with everything the composer needs to go on with it. Its
 * attachments are copied into the upload store for this browser session, so the next save and
 * the send take them by id like files the user just attached; the draft in Drafts stays as it
 * is until a save replaces it or the send removes it.
 */
export async function openDraft(
  account: ComposeAccount,
  ref: MessageRef,
  outgoing: OutgoingMail,
  sessionId: string,
): Promise<OpenedDraft> {
  const client = await account.commandClient();
  await assertInDrafts(client, ref);
  const source = await readDraftSource(account, ref);
  const mail = await simpleParser(source, {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
  });
  const origin = parseDraftOrigin(headerText(mail.headers.get(DRAFT_ORIGIN_HEADER.toLowerCase())));
  const registered: StoredUpload[] = [];
  const attachments: UploadResult[] = [];
  try {
    for (const part of mail.attachments) {
      const contentType = part.contentType.toLowerCase();
      const upload = await outgoing.uploads.receive(
        {
          sessionId,
          accountId: account.accountId,
          filename: safeFilename(part.filename, contentType),
          contentType,
        },
        Readable.from([part.content]),
      );
      registered.push(...outgoing.uploads.take(sessionId, [upload.id]));
      attachments.push(upload);
    }
  } catch (error) {
    // All or nothing: a draft half reopened would lose the rest at its next save.
    await outgoing.uploads.discard(registered);
    if (error instanceof UploadRefused) {
      throw new AccountError(
        ErrorCode.BadRequest,
        `The draft's attachments cannot be reopened: ${error.message}`,
      );
    }
    throw error;
  }
  return {
    draft: ref,
    fromName: addresses(mail.from)[0]?.name ?? '',
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    bcc: addresses(mail.bcc),
    subject: mail.subject ?? '',
    text: mail.text ?? '',
    html: typeof mail.html === 'string' && mail.html ? mail.html : null,
    replyTo: origin?.kind === 'reply' ? origin.ref : null,
    forwardOf:
      origin?.kind === 'forward' ? { ...origin.ref, asAttachment: origin.asAttachment } : null,
    attachments,
  };
}

/** The draft's source, its size asked first: a huge message in Drafts is refused, not read. */
async function readDraftSource(account: ComposeAccount, ref: MessageRef): Promise<Buffer> {
  const held = await holdMailbox(await account.commandClient(), ref.mailbox, ref.uidValidity);
  try {
    const meta = await fetchMessage(held.client, ref.uid, { size: true });
    const size = meta.size ?? 0;
    if (size > MAX_DRAFT_SOURCE_BYTES) {
      throw new AccountError(
        ErrorCode.BadRequest,
        `This draft is ${mib(size)}, larger than a message may be; open it as a message instead.`,
      );
    }
    const message = await fetchMessage(held.client, ref.uid, { source: true });
    if (!message.source) {
      throw new AccountError(ErrorCode.CommandFailed, 'The mail server sent no source.');
    }
    return message.source;
  } catch (error) {
    throw commandRefused(held.client, error);
  } finally {
    held.release();
  }
}

/** mailparser gives unknown headers as a string (structured ones as objects). */
function headerText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function addresses(field: AddressObject | AddressObject[] | undefined): Address[] {
  const out: Address[] = [];
  for (const object of ([] as AddressObject[]).concat(field ?? [])) {
    for (const entry of object.value) {
      for (const member of entry.group ?? [entry]) {
        if (out.length >= MAX_RECIPIENTS) return out;
        if (member.address || member.name)
          out.push({ name: member.name ?? '', address: member.address ?? '' });
      }
    }
  }
  return out;
}
