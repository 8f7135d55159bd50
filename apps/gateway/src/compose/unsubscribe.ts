import { ErrorCode, type MessageRef, type UnsubscribeResult } from '@tidings/protocol';
import { AccountError } from '../sessions/account-error.ts';
import { fetchMessage, holdMailbox } from '../mime/held-mailbox.ts';
import { LIST_HEADERS, readListHeaders } from '../mime/list-unsubscribe.ts';
import {
  senderOf,
  submissionServer,
  type ComposeAccount,
  type OutgoingMail,
} from './compose-context.ts';
import { mailAsUser } from './mail-as-user.ts';

/**
 * `message:unsubscribe`: the unsubscribe request a message's List-Unsubscribe asks for by mail
 * (RFC 2369 §3.2, RFC 6068), sent over SMTP as the user. The header is read here, from the
 * server, so a tab can only ever have the address the message itself names written to. No Sent
 * copy: it is a request to a robot, not correspondence.
 */
export async function sendUnsubscribe(
  account: ComposeAccount,
  ref: MessageRef,
  outgoing: OutgoingMail,
): Promise<UnsubscribeResult> {
  const smtp = submissionServer(outgoing);
  const held = await holdMailbox(await account.commandClient(), ref.mailbox, ref.uidValidity);
  let headers: string;
  try {
    const meta = await fetchMessage(held.client, ref.uid, { headers: LIST_HEADERS });
    headers = meta.headers?.toString('latin1') ?? '';
  } finally {
    held.release();
  }
  const request = readListHeaders(headers)?.mail;
  if (!request) {
    throw new AccountError(
      ErrorCode.BadRequest,
      'This message names no address to unsubscribe by mail.',
    );
  }
  const from = senderOf(account.credentials);
  await mailAsUser(account, smtp, from, request.address, {
    subject: request.subject,
    text: request.body,
  });
  account.logger.info({ mailbox: ref.mailbox, uid: ref.uid }, 'unsubscribe request sent');
  return { sentTo: request.address };
}
