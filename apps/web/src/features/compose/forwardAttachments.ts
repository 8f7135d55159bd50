import {
  MAX_ATTACHMENTS,
  type Ack,
  type AttachmentsCopyRequest,
  type AttachmentsCopyResult,
  type MessageDetail,
  type UploadResult,
} from '@tidings/protocol';

/** `attachments:copy`: the original's attachments copied on the gateway as uploads. */
export type CopyAttachments = (
  request: AttachmentsCopyRequest,
) => Promise<Ack<AttachmentsCopyResult>>;

export interface ForwardedAttachments {
  /** Already on the gateway, as if the user had attached them. */
  attachments: UploadResult[];
  /** What the user should know: attachments that could not come along, and why. */
  notice: string | null;
}

/**
 * A forward takes the original's attachments along, as Gmail, Thunderbird and Roundcube do:
 * every file its reader lists, images shown in its HTML included (the forward quotes the text,
 * so they would be lost otherwise; Outlook's plain-text forward does the same), up to what one
 * message carries. Each is copied on its own, so one the gateway refuses (too large, say)
 * leaves the others; the notice names it and why. Each copied one the user may still remove.
 */
export async function copyForForward(
  original: MessageDetail,
  copy: CopyAttachments,
): Promise<ForwardedAttachments> {
  const listed = original.attachments;
  const taken = listed.slice(0, MAX_ATTACHMENTS);
  const attachments: UploadResult[] = [];
  const problems: string[] = [];
  for (const attachment of taken) {
    const answer = await copy({
      mailbox: original.mailbox,
      uidValidity: original.uidValidity,
      uid: original.uid,
      parts: [attachment.part],
    });
    if (answer.ok) attachments.push(...answer.data.attachments);
    else problems.push(`“${attachment.filename}” was not added: ${answer.error.message}`);
  }
  if (listed.length > taken.length) {
    problems.push(
      `The first ${taken.length} of the original's ${listed.length} attachments were taken: a message carries at most ${MAX_ATTACHMENTS}.`,
    );
  }
  return { attachments, notice: problems.length ? problems.join('\n') : null };
}
