import { buildMessage, newMessageId, type MessageSpec } from './build-message.ts';
import type { ComposeAccount } from './compose-context.ts';
import { submitMessage, type SmtpServer } from './smtp-submit.ts';
import type { Recipient } from './recipients.ts';

/**
 * A short message the gateway sends for the user to one address (an unsubscribe request, an
 * answer to an invitation): from the login, over SMTP as the user, no Sent copy.
 */
export async function mailAsUser(
  account: ComposeAccount,
  smtp: SmtpServer,
  from: Recipient,
  to: string,
  message: Pick<MessageSpec, 'subject' | 'text' | 'calendar'>,
): Promise<void> {
  const raw = await buildMessage({
    ...message,
    from,
    to: [{ name: '', address: to }],
    cc: [],
    bcc: [],
    messageId: newMessageId(from.address),
    date: new Date(),
    attachments: [],
  });
  await submitMessage(smtp, account.credentials, { from: from.address, to: [to] }, raw);
}
