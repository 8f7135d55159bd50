import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMessage } from './build-message.ts';
import { startDovecot, type Dovecot, type MailUser } from './dovecot.ts';
import { deliverByLmtp, encodeData } from './lmtp.ts';
import { MailClient } from './mail-client.ts';

const dave: MailUser = { email: 'dave@example.test', password: 'dave-secret' };
const erin: MailUser = { email: 'erin@example.test', password: 'erin-secret' };

async function inboxSources(user: MailUser, dovecot: Dovecot): Promise<string[]> {
  const client = await MailClient.connect(dovecot, user);
  try {
    const lock = await client.imap.getMailboxLock('INBOX');
    try {
      const messages = await client.imap.fetchAll('1:*', { uid: true, source: true });
      return messages.map((message) => message.source?.toString('latin1') ?? '');
    } finally {
      lock.release();
    }
  } finally {
    await client.close();
  }
}

describe('encodeData', () => {
  it('normalises line endings, dot-stuffs and terminates', () => {
    expect(encodeData('a\n.b\r\n..c\nd').toString('latin1')).toBe('a\r\n..b\r\n...c\r\nd\r\n.\r\n');
    expect(encodeData(Buffer.from('x\r\n', 'latin1')).toString('latin1')).toBe('x\r\n.\r\n');
  });
});

describe('deliverByLmtp', { timeout: 20_000 }, () => {
  let dovecot: Dovecot;

  beforeAll(async () => {
    dovecot = await startDovecot({ users: [dave, erin] });
  });

  afterAll(async () => {
    await dovecot?.stop();
  });

  it('lands a message in INBOX, bytes intact', async () => {
    const raw = await buildMessage({
      from: 'Zoë <zoe@elsewhere.example>',
      to: [dave.email],
      subject: 'Grüße über LMTP',
      text: 'first line\n.a line starting with a dot\n..and two dots\nünïcødé\n',
    });
    const startedAt = performance.now();
    await deliverByLmtp(dovecot, { from: 'zoe@elsewhere.example', to: [dave.email], raw });
    console.info(`LMTP delivery: ${(performance.now() - startedAt).toFixed(1)} ms`);

    const client = await MailClient.connect(dovecot, dave);
    expect((await client.status('INBOX')).messages).toBe(1);
    await client.close();
    const [source] = await inboxSources(dave, dovecot);
    // Dovecot prepends Return-Path and Delivered-To; the message itself follows unchanged.
    expect(source).toContain(raw.toString('latin1'));
  });

  it('delivers to several recipients at once', async () => {
    const raw = await buildMessage({
      from: 'x@elsewhere.example',
      to: [dave.email, erin.email],
      subject: 'both',
    });
    await deliverByLmtp(dovecot, {
      from: 'x@elsewhere.example',
      to: [dave.email, erin.email],
      raw,
    });
    expect(
      (await inboxSources(erin, dovecot)).some((source) => source.includes('Subject: both')),
    ).toBe(true);
    expect(
      (await inboxSources(dave, dovecot)).some((source) => source.includes('Subject: both')),
    ).toBe(true);
  });

  it('throws with the server reply for an unknown recipient', async () => {
    const raw = await buildMessage({
      from: 'x@elsewhere.example',
      to: ['nobody@example.test'],
      subject: 'lost',
    });
    await expect(
      deliverByLmtp(dovecot, { from: 'x@elsewhere.example', to: ['nobody@example.test'], raw }),
    ).rejects.toThrow(/RCPT TO:<nobody@example.test> refused: 550/);
  });

  it('throws when nothing listens', async () => {
    const stopped = await startDovecot();
    const { host, lmtpPort } = stopped;
    await stopped.stop();
    await expect(
      deliverByLmtp(
        { host, lmtpPort },
        { from: 'a@b.example', to: [dave.email], raw: 'Subject: x\r\n\r\nx' },
      ),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});
