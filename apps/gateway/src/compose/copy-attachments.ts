import {
  ErrorCode,
  type AttachmentInfo,
  type AttachmentsCopyRequest,
  type UploadResult,
} from '@tidings/protocol';
import { MimeStructureError, planMessage } from '../mime/body-structure.ts';
import { fetchMessage, holdMailbox, MessageNotFound, PartNotFound } from '../mime/held-mailbox.ts';
import { AccountError, commandRefused } from '../sessions/account-error.ts';
import type { ComposeAccount, OutgoingMail } from './compose-context.ts';
import { UploadRefused, type StoredUpload } from './uploads.ts';

/** Bytes per partial FETCH while a part streams to disk (as downloads do). */
const COPY_CHUNK_BYTES = 256 * 1024;

/**
 * `attachments:copy`: attachments of a message copied into the upload store for this browser
 * session, so that a forward takes them along as files the user attached (each of which the
 * user may still leave out), and a draft saved meanwhile holds them too. Only parts the reader
 * lists as attachments are copied, under the names it shows; each streams from IMAP to disk,
 * decoded, never held whole. All or nothing: a forward missing one file without saying so
 * would lose it.
 */
export async function copyAttachments(
  account: ComposeAccount,
  request: AttachmentsCopyRequest,
  outgoing: OutgoingMail,
  sessionId: string,
): Promise<UploadResult[]> {
  const held = await holdMailbox(
    await account.commandClient(),
    request.mailbox,
    request.uidValidity,
  );
  const registered: StoredUpload[] = [];
  try {
    const meta = await fetchMessage(held.client, request.uid, { bodyStructure: true });
    if (!meta.bodyStructure) throw new MessageNotFound();
    const listed = planMessage(meta.bodyStructure).attachments;
    const wanted = request.parts.map((part) => listedPart(listed, part));
    const copied: UploadResult[] = [];
    for (const info of wanted) {
      const { content } = await held.client.download(String(request.uid), info.part, {
        uid: true,
        // The bytes as attached: no charset conversion, no format=flowed unwrapping.
        decodeText: false,
        chunkSize: COPY_CHUNK_BYTES,
      });
      if (!content) throw new MessageNotFound();
      const upload = await outgoing.uploads.receive(
        {
          sessionId,
          accountId: account.accountId,
          filename: info.filename,
          contentType: info.contentType,
        },
        content,
      );
      registered.push(...outgoing.uploads.take(sessionId, [upload.id]));
      copied.push(upload);
    }
    return copied;
  } catch (error) {
    await outgoing.uploads.discard(registered);
    // Its message names the file and the limit it is over.
    if (error instanceof UploadRefused) throw new AccountError(ErrorCode.BadRequest, error.message);
    if (error instanceof MimeStructureError) {
      throw new AccountError(
        ErrorCode.CommandFailed,
        "This message's parts cannot be told apart, so its attachments cannot be added one by one; forward it as an attachment instead.",
        error,
      );
    }
    throw commandRefused(held.client, error);
  } finally {
    held.release();
  }
}

function listedPart(listed: readonly AttachmentInfo[], part: string): AttachmentInfo {
  const info = listed.find((a) => a.part === part);
  if (!info) throw new PartNotFound('This message has no such attachment.');
  return info;
}
