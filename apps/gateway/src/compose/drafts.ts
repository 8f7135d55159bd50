import { Flag, MailboxRole, type DraftSaveResult, type Draft } from '@tidings/protocol';
import { buildMessage, newMessageId } from './build-message.ts';
import {
  bestEffort,
  draftAttachments,
  senderOf,
  type ComposeAccount,
  type OutgoingMail,
} from './compose-context.ts';
import { DRAFT_ORIGIN_HEADER, formatDraftOrigin, type DraftOrigin } from './draft-origin.ts';
import { threadingFor } from './originals.ts';
import { parseRecipient, type Recipient } from './recipients.ts';
import { assertInDrafts } from './send-message.ts';
import { folderWithRole, appendMessage } from './special-folder.ts';

/**
 * A draft keeps what the user typed, even a recipient that is not an address yet (nothing is
 * lost from a draft); nodemailer still encodes it, and the schema has kept CR/LF out.
 */
function typedRecipients(entries: readonly string[] | undefined): (Recipient | string)[] {
  return (entries ?? []).map((entry) => {
    const parsed = parseRecipient(entry);
    return parsed.ok ? parsed.recipient : entry.trim();
  });
}

/** The message a draft answers or forwards, as the draft keeps it (draft-origin.ts). */
function originOf(draft: Draft): DraftOrigin | null {
  if (draft.replyTo) return { kind: 'reply', ref: draft.replyTo };
  if (draft.forwardOf) {
    const { asAttachment, ...ref } = draft.forwardOf;
    return { kind: 'forward', ref, asAttachment };
  }
  return null;
}

/**
 * `draft:save` (autosave): APPENDs the draft to the special-use Drafts folder with \Draft and
 * \Seen, then removes the version it replaces (UID EXPUNGE), so Drafts holds one copy.
 * Everything needed to go on with it later is in the stored message: Bcc (kept in the header:
 * only the user sees Drafts), the attachments, the threading headers, and which message it
 * answers or forwards. A forward's original is not attached to drafts: it is read again when
 * the message is sent.
 */
export async function saveDraft(
  account: ComposeAccount,
  draft: Draft,
  outgoing: OutgoingMail,
  sessionId: string,
): Promise<DraftSaveResult> {
  const from = senderOf(account.credentials, draft.fromName);
  const attachments = draftAttachments(draft, outgoing.uploads, sessionId);
  const client = await account.commandClient();
  const drafts = draft.replacesDraft
    ? await assertInDrafts(client, draft.replacesDraft)
    : await folderWithRole(client, MailboxRole.Drafts, 'Drafts');
  const threading = draft.replyTo
    ? await threadingFor(client, draft.replyTo, account.logger)
    : null;

  const origin = originOf(draft);
  const messageId = newMessageId(from.address);
  const raw = await buildMessage({
    from,
    to: typedRecipients(draft.to),
    cc: typedRecipients(draft.cc),
    bcc: typedRecipients(draft.bcc),
    subject: draft.subject,
    text: draft.text,
    html: draft.html,
    messageId,
    date: new Date(),
    inReplyTo: threading?.inReplyTo,
    references: threading?.references,
    attachments: attachments.files,
    headers: origin ? { [DRAFT_ORIGIN_HEADER]: formatDraftOrigin(origin) } : undefined,
  });
  const saved = await appendMessage(client, drafts, raw, [Flag.Draft, Flag.Seen], messageId);
  const replaced = draft.replacesDraft;
  if (replaced) {
    // The new version is safe in Drafts; an old one already gone (another tab saved) is fine.
    await bestEffort(account.logger, 'removing the replaced draft', () =>
      account.expunge(replaced.mailbox, replaced.uidValidity, [replaced.uid]),
    );
  }
  account.foldersChanged();
  return saved;
}
