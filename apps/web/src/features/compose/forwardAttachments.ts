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
 * message carries. Each is one the user may still remove. A failure leaves the forward without
 * them, saying why, rather than no forward at all.
 */
export async function copyForForward(
  original: MessageDetail,
  copy: CopyAttachments,
): Promise<ForwardedAttachments> {
  const listed = original.attachments;
  if (listed.length === 0) return { attachments: [], notice: null };
  const taken = listed.slice(0, MAX_ATTACHMENTS);
  const answer = await copy({
    mailbox: original.mailbox,
    uidValidity: original.uidValidity,
    uid: original.uid,
    parts: taken.map((a) => a.part),
  });
  if (!answer.ok) {
    return {
      attachments: [],
      notice: `The original's attachments were not added: ${answer.error.message}`,
    };
  }
  return {
    attachments: answer.data.attachments,
    notice:
      listed.length > taken.length
        ? `The first ${taken.length} of the original's ${listed.length} attachments were added: a message carries at most ${MAX_ATTACHMENTS}.`
        : null,
  };
}
