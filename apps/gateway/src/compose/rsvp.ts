import { ErrorCode, Flag, type MessageRsvpRequest, type RsvpResult } from '@tidings/protocol';
import { planMessage } from '../mime/body-structure.ts';
import { fetchMessage, holdMailbox, MessageNotFound } from '../mime/held-mailbox.ts';
import { replyTo, type Participation } from '../mime/icalendar.ts';
import { readCalendarPart } from '../mime/invitation.ts';
import { AccountError, commandRefused } from '../sessions/account-error.ts';
import {
  bestEffort,
  senderOf,
  submissionServer,
  type ComposeAccount,
  type OutgoingMail,
} from './compose-context.ts';
import { mailAsUser } from './mail-as-user.ts';

const SUBJECT: Record<Participation, string> = {
  ACCEPTED: 'Accepted',
  TENTATIVE: 'Tentative',
  DECLINED: 'Declined',
};
const SAYS: Record<Participation, string> = {
  ACCEPTED: 'has accepted',
  TENTATIVE: 'might attend',
  DECLINED: 'has declined',
};

/**
 * `message:rsvp`: the user's answer to an invitation, mailed to its organizer as an iTIP REPLY
 * (RFC 5546 §3.2.3) in iMIP's form (RFC 6047: text/calendar; method=REPLY beside a line of
 * text), over SMTP as the user, as Gmail and Outlook send it. The invitation is read here, from
 * the server: a tab names the message and the answer, never where it goes. The original gets
 * \Answered; no Sent copy (a calendar robot's business, as an unsubscribe request is).
 */
export async function sendRsvp(
  account: ComposeAccount,
  request: MessageRsvpRequest,
  outgoing: OutgoingMail,
): Promise<RsvpResult> {
  const smtp = submissionServer(outgoing);
  const held = await holdMailbox(
    await account.commandClient(),
    request.mailbox,
    request.uidValidity,
  );
  let calendar: { part: string; text: string } | null;
  try {
    const meta = await fetchMessage(held.client, request.uid, { bodyStructure: true });
    if (!meta.bodyStructure) throw new MessageNotFound();
    calendar = await readCalendarPart(
      held.client,
      request.uid,
      planMessage(meta.bodyStructure).attachments,
    );
  } catch (error) {
    throw commandRefused(held.client, error);
  } finally {
    held.release();
  }
  const from = senderOf(account.credentials);
  const reply = calendar && replyTo(calendar.text, from.address, request.answer, new Date());
  if (!reply) {
    throw new AccountError(
      ErrorCode.BadRequest,
      'This message holds no invitation that can be answered (one with an organizer to answer to).',
    );
  }
  // SUMMARY may hold line breaks (an escaped \n): one line in a Subject.
  const summary = reply.summary.replace(/\s+/g, ' ').trim() || 'an event';
  await mailAsUser(account, smtp, from, reply.organizer, {
    subject: `${SUBJECT[request.answer]}: ${summary}`,
    text: `${from.address} ${SAYS[request.answer]} the invitation to "${summary}".`,
    calendar: { method: 'REPLY', content: reply.calendar },
  });
  account.logger.info({ mailbox: request.mailbox, uid: request.uid }, 'invitation answered');
  await bestEffort(account.logger, 'marking the invitation answered', () =>
    account.setFlags(request.mailbox, request.uidValidity, [request.uid], [Flag.Answered]),
  );
  return { sentTo: reply.organizer };
}
