import type { ImapFlow } from 'imapflow';
import {
  ErrorCode,
  Flag,
  MailboxRole,
  type Draft,
  type MessageRef,
  type SendResult,
} from '@tidings/protocol';
import { AccountError } from '../sessions/account-error.ts';
import { buildMessage, newMessageId, withoutBcc } from './build-message.ts';
import {
  bestEffort,
  draftAttachments,
  senderOf,
  submissionServer,
  type ComposeAccount,
  type OutgoingMail,
} from './compose-context.ts';
import { readForwardedMessage, threadingFor } from './originals.ts';
import { envelopeRecipients, parseRecipientList, RecipientField } from './recipients.ts';
import { submitMessage, type Submitted } from './smtp-submit.ts';
import { appendMessage, folderWithRole } from './special-folder.ts';

/**
 * `message:send`: checks everything that can be wrong with the draft before anything leaves,
 * submits it over SMTP as the user, then files the copy in Sent, marks the original answered
 * or forwarded, and drops the draft it replaces and the uploads it used.
 */
export async function sendMessage(
  account: ComposeAccount,
  draft: Draft,
  outgoing: OutgoingMail,
  sessionId: string,
): Promise<SendResult> {
  const { logger, credentials } = account;
  const smtp = submissionServer(outgoing);
  const from = senderOf(credentials, draft.fromName);
  const to = parseRecipientList(draft.to, RecipientField.To);
  const cc = parseRecipientList(draft.cc ?? [], RecipientField.Cc);
  const bcc = parseRecipientList(draft.bcc ?? [], RecipientField.Bcc);
  const recipients = envelopeRecipients(to, cc, bcc);
  if (recipients.length === 0)
    throw new AccountError(ErrorCode.BadRequest, 'Add at least one recipient.');
  const attachments = draftAttachments(draft, outgoing.uploads, sessionId);

  const client = await account.commandClient();
  if (draft.replacesDraft) await assertInDrafts(client, draft.replacesDraft);
  const threading = draft.replyTo ? await threadingFor(client, draft.replyTo, logger) : null;
  const forwarded = draft.forwardOf?.asAttachment
    ? await readForwardedMessage(client, draft.forwardOf, attachments.budget)
    : undefined;

  const messageId = newMessageId(from.address);
  const raw = await buildMessage({
    from,
    to,
    cc,
    bcc,
    subject: draft.subject,
    text: draft.text,
    html: draft.html,
    messageId,
    date: new Date(),
    inReplyTo: threading?.inReplyTo,
    references: threading?.references,
    attachments: attachments.files,
    forwarded,
  });
  const submitted = await submitMessage(
    smtp,
    credentials,
    { from: from.address, to: recipients },
    withoutBcc(raw),
  );
  logger.info(
    { recipients: submitted.accepted.length, refused: submitted.refused.length, bytes: raw.length },
    'message sent',
  );

  // The mail has gone: what follows must not make the user send it again.
  let sentCopy: MessageRef | null = null;
  if (outgoing.sentCopy) {
    await bestEffort(logger, 'filing the Sent copy', async () => {
      const sent = await folderWithRole(client, MailboxRole.Sent, 'Sent');
      // The same bytes that went out, Bcc included (only the sender sees this copy).
      sentCopy = await appendMessage(client, sent, raw, [Flag.Seen], messageId);
    });
  }
  const { replyTo, forwardOf, replacesDraft } = draft;
  if (replyTo && threading) {
    await bestEffort(logger, 'setting \\Answered', () =>
      account.setFlags(replyTo.mailbox, replyTo.uidValidity, [replyTo.uid], [Flag.Answered]),
    );
  }
  if (forwardOf) {
    // $Forwarded: the keyword registered for this (RFC 5788), used by Thunderbird and Apple Mail.
    await bestEffort(logger, `setting ${Flag.Forwarded}`, () =>
      account.setFlags(forwardOf.mailbox, forwardOf.uidValidity, [forwardOf.uid], [Flag.Forwarded]),
    );
  }
  if (replacesDraft) {
    await bestEffort(logger, 'removing the draft', () =>
      account.expunge(replacesDraft.mailbox, replacesDraft.uidValidity, [replacesDraft.uid]),
    );
  }
  await outgoing.uploads.discard(attachments.uploads);
  account.foldersChanged();
  if (submitted.refused.length) throw partlyRefused(submitted);
  return { messageId, sentCopy };
}

/** A draft to replace must be in Drafts: a client cannot have some other message deleted. */
export async function assertInDrafts(client: ImapFlow, ref: MessageRef): Promise<string> {
  const drafts = await folderWithRole(client, MailboxRole.Drafts, 'Drafts');
  if (ref.mailbox !== drafts) {
    throw new AccountError(
      ErrorCode.BadRequest,
      `The draft to replace must be in "${drafts}", not in "${ref.mailbox}".`,
    );
  }
  return drafts;
}

/**
 * The server took the message for some recipients and refused others. It has gone (and is in
 * Sent), so the user is told exactly who did not get it rather than to send it again.
 */
function partlyRefused(submitted: Submitted): AccountError {
  const refused = submitted.refused
    .map(({ address, reply }) => (reply ? `${address} (${reply})` : address))
    .join('; ');
  return new AccountError(
    ErrorCode.CommandFailed,
    `Sent to ${submitted.accepted.join(', ')}, but the outgoing mail server refused ${refused}.`,
  );
}
