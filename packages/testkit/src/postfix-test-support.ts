import { createTransport } from 'nodemailer';
import type { Dovecot, MailUser } from './dovecot.ts';
import { MailClient } from './mail-client.ts';
import type { Postfix } from './postfix.ts';

// Shared by the Postfix test files; not part of the package's API.

export const alice: MailUser = { email: 'alice@example.test', password: 'alice-secret' };
export const bob: MailUser = { email: 'bob@example.test', password: 'bob-secret' };
export const carol: MailUser = { email: 'carol@example.test', password: 'carol-secret' };

/** A nodemailer SMTP transport to the private Postfix, logged in as `user` when given. */
export function transport(postfix: Postfix, user?: MailUser, authMethod?: 'PLAIN' | 'LOGIN') {
  return createTransport({
    host: postfix.host,
    port: postfix.smtpPort,
    secure: false,
    // Cleartext on loopback: the private Postfix offers no STARTTLS.
    ignoreTLS: true,
    auth: user ? { user: user.email, pass: user.password } : undefined,
    authMethod,
  });
}

export interface InboxMessage {
  uid: number;
  subject: string;
  source: string;
}

export async function inbox(dovecot: Dovecot, user: MailUser): Promise<InboxMessage[]> {
  const client = await MailClient.connect(dovecot, user);
  try {
    const lock = await client.imap.getMailboxLock('INBOX');
    try {
      const mailbox = client.imap.mailbox;
      if (!mailbox || mailbox.exists === 0) return [];
      const messages = await client.imap.fetchAll('1:*', {
        uid: true,
        envelope: true,
        source: true,
      });
      return messages.map((message) => ({
        uid: message.uid,
        subject: message.envelope?.subject ?? '',
        source: message.source?.toString('latin1') ?? '',
      }));
    } finally {
      lock.release();
    }
  } finally {
    await client.close();
  }
}

export async function subjects(dovecot: Dovecot, user: MailUser): Promise<string[]> {
  return (await inbox(dovecot, user)).map((message) => message.subject);
}
