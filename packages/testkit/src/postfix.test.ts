import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMessage } from './build-message.ts';
import { startDovecot, type Dovecot, type MailUser } from './dovecot.ts';
import { freeLoopbackPort } from './free-port.ts';
import { MailClient } from './mail-client.ts';
import { alice, bob, carol, inbox, subjects, transport } from './postfix-test-support.ts';
import { startPostfix, type Postfix } from './postfix.ts';

const execFileAsync = promisify(execFile);

const LATENCY_SENDS = 20;
const VISIBLE_POLL_MS = 1;

/** The decoded bytes of the message's one attachment, fetched by MIME part over IMAP. */
async function attachmentBytes(dovecot: Dovecot, user: MailUser, uid: number): Promise<Buffer> {
  const client = await MailClient.connect(dovecot, user);
  try {
    const lock = await client.imap.getMailboxLock('INBOX');
    try {
      const message = await client.imap.fetchOne(
        String(uid),
        { bodyStructure: true },
        { uid: true },
      );
      const part = message
        ? message.bodyStructure?.childNodes?.find((node) => node.disposition === 'attachment')?.part
        : undefined;
      if (part === undefined) throw new Error(`message ${uid} has no attachment part`);
      const download = await client.imap.download(String(uid), part, { uid: true });
      if (!download.content) throw new Error(`part ${part} of message ${uid} not found`);
      const chunks: Buffer[] = [];
      for await (const chunk of download.content) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    } finally {
      lock.release();
    }
  } finally {
    await client.close();
  }
}

/** The value below which `fraction` of the samples fall, in ms to one decimal. */
function percentileMs(samples: number[], fraction: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const value = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
  return Number((value ?? Number.NaN).toFixed(1));
}

describe('startPostfix', { timeout: 30_000 }, () => {
  let dovecot: Dovecot;
  let postfix: Postfix;

  beforeAll(async () => {
    dovecot = await startDovecot({ users: [alice, bob, carol] });
    const startedAt = performance.now();
    postfix = await startPostfix({ dovecot });
    console.info(`postfix start: ${(performance.now() - startedAt).toFixed(0)} ms`);
  });

  afterAll(async () => {
    await postfix?.stop();
    await dovecot?.stop();
  });

  it('writes a config Postfix accepts without a warning, with no SMTP client service', async () => {
    const configDir = join(postfix.dir, 'etc');
    const settings = await execFileAsync('postconf', ['-c', configDir, '-n']);
    expect(settings.stderr).toBe('');
    expect(settings.stdout).toContain(`relay_transport = lmtp:inet:127.0.0.1:${dovecot.lmtpPort}`);
    const services = await execFileAsync('postconf', ['-c', configDir, '-M']);
    expect(services.stderr).toBe('');
    const commands = services.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/)[7]);
    expect(commands).toContain('lmtp');
    expect(commands).not.toContain('smtp');
    expect(commands).not.toContain('local');
  });

  it('delivers an authenticated submission into the INBOX, body and attachment intact', async () => {
    const attachment = randomBytes(200_000);
    const raw = await buildMessage({
      from: `Alice <${alice.email}>`,
      to: [bob.email],
      subject: 'Grüße über SMTP',
      text: 'first line\n.a line starting with a dot\n..and two dots\nünïcødé\n',
      attachments: [
        { filename: 'noise.bin', contentType: 'application/octet-stream', content: attachment },
      ],
    });
    const info = await transport(postfix, alice).sendMail({
      envelope: { from: alice.email, to: [bob.email] },
      raw,
    });
    expect(info.accepted).toEqual([bob.email]);
    await postfix.flush();

    const [message] = (await inbox(dovecot, bob)).filter((m) => m.subject === 'Grüße über SMTP');
    if (!message) throw new Error(`not delivered\n${await postfix.log()}`);
    // Postfix prepends Received, Dovecot Return-Path and Delivered-To; the rest is as sent.
    expect(message.source.endsWith(raw.toString('latin1'))).toBe(true);
    expect(message.source).toMatch(/^Return-Path: <alice@example\.test>\r\n/);
    expect((await attachmentBytes(dovecot, bob, message.uid)).equals(attachment)).toBe(true);
  });

  it('authenticates with LOGIN as well as PLAIN', async () => {
    await transport(postfix, carol, 'LOGIN').sendMail({
      from: carol.email,
      to: bob.email,
      subject: 'by LOGIN',
      text: 'x',
    });
    await postfix.flush();
    expect(await subjects(dovecot, bob)).toContain('by LOGIN');
  });

  it('refuses a wrong password with 535', async () => {
    const wrong = { ...alice, password: 'not-her-password' };
    await expect(
      transport(postfix, wrong).sendMail({ from: alice.email, to: bob.email, subject: 'x' }),
    ).rejects.toMatchObject({ code: 'EAUTH', responseCode: 535 });
  });

  it('refuses an unauthenticated submission, with or without a sender', async () => {
    const anonymous = transport(postfix);
    await expect(
      anonymous.sendMail({ from: alice.email, to: bob.email, subject: 'anonymous', text: 'x' }),
    ).rejects.toMatchObject({ code: 'EENVELOPE', responseCode: 553 });
    await expect(
      anonymous.sendMail({
        envelope: { from: '', to: [bob.email] },
        raw: 'Subject: anonymous bounce\r\n\r\nx\r\n',
      }),
    ).rejects.toMatchObject({ code: 'EENVELOPE', responseCode: 554 });
    await postfix.flush();
    const received = await subjects(dovecot, bob);
    expect(received).not.toContain('anonymous');
    expect(received).not.toContain('anonymous bounce');
  });

  it('lets a user send only as their own address (in any letter case)', async () => {
    await expect(
      transport(postfix, alice).sendMail({
        from: bob.email,
        to: carol.email,
        subject: 'posing as bob',
        text: 'x',
      }),
    ).rejects.toThrow(/553 5\.7\.1 .*not owned by user alice@example\.test/);

    await transport(postfix, alice).sendMail({
      from: 'Alice@Example.TEST',
      to: carol.email,
      subject: 'own address, other case',
      text: 'x',
    });
    await postfix.flush();
    const received = await subjects(dovecot, carol);
    expect(received).toContain('own address, other case');
    expect(received).not.toContain('posing as bob');
  });

  it('refuses recipients outside its domains and delivers the rest', async () => {
    await expect(
      transport(postfix, alice).sendMail({
        from: alice.email,
        to: 'someone@elsewhere.example',
        subject: 'outside',
        text: 'x',
      }),
    ).rejects.toThrow(/554 5\.7\.1 <someone@elsewhere\.example>: Relay access denied/);

    const info = await transport(postfix, alice).sendMail({
      from: alice.email,
      to: ['friend@elsewhere.example', 'someone@sub.example.test', carol.email],
      subject: 'half outside',
      text: 'x',
    });
    expect(info.rejected).toEqual(['friend@elsewhere.example', 'someone@sub.example.test']);
    expect(info.accepted).toEqual([carol.email]);
    await postfix.flush();
    expect(await subjects(dovecot, carol)).toContain('half outside');

    // Every delivery attempt in the log went to the private Dovecot, none anywhere else.
    const log = await readFile(join(postfix.dir, 'maillog'), 'utf8');
    const relays = [...log.matchAll(/ relay=(\S+),/g)].map((match) => match[1]);
    expect(relays.length).toBeGreaterThan(0);
    expect(new Set(relays)).toEqual(new Set([`127.0.0.1[127.0.0.1]:${dovecot.lmtpPort}`]));
    expect(log).not.toContain('elsewhere.example>, relay=');
  });

  it('bounces mail for an unknown user of its domain back to the sender, locally', async () => {
    await transport(postfix, carol).sendMail({
      from: carol.email,
      to: 'nobody@example.test',
      subject: 'to nobody',
      text: 'x',
    });
    await postfix.flush();
    const bounces = (await inbox(dovecot, carol)).filter((message) =>
      message.source.includes('<nobody@example.test>'),
    );
    expect(bounces).toHaveLength(1);
    expect(bounces[0]?.subject).toBe('Undelivered Mail Returned to Sender');
    expect(bounces[0]?.source).toMatch(/^Return-Path: <>\r\n/);
    expect(bounces[0]?.source).toContain('<MAILER-DAEMON@mail.example.test>');
  });

  it('makes a submission visible over IMAP within milliseconds', async () => {
    const dave: MailUser = { email: 'dave@example.test', password: 'dave-secret' };
    await dovecot.addUser(dave);
    const watcher = await MailClient.connect(dovecot, dave);
    const sender = transport(postfix, alice);
    const smtpMs: number[] = [];
    const visibleMs: number[] = [];
    try {
      for (let index = 1; index <= LATENCY_SENDS; index++) {
        const startedAt = performance.now();
        await sender.sendMail({ from: alice.email, to: dave.email, subject: `n${index}` });
        smtpMs.push(performance.now() - startedAt);
        while ((await watcher.status('INBOX')).messages < index) {
          await new Promise((resolve) => setTimeout(resolve, VISIBLE_POLL_MS));
        }
        visibleMs.push(performance.now() - startedAt);
      }
      expect((await watcher.status('INBOX')).messages).toBe(LATENCY_SENDS);
    } finally {
      sender.close();
      await watcher.close();
    }
    console.info(
      JSON.stringify({
        submissionToImapVisible: {
          sends: LATENCY_SENDS,
          p50Ms: percentileMs(visibleMs, 0.5),
          p90Ms: percentileMs(visibleMs, 0.9),
        },
        smtpTransaction: { p50Ms: percentileMs(smtpMs, 0.5) },
      }),
    );
  });
});

describe('startPostfix with a relayPort', { timeout: 30_000 }, () => {
  let dovecot: Dovecot;
  let postfix: Postfix;
  let relayPort: number;

  beforeAll(async () => {
    dovecot = await startDovecot({ users: [alice, carol] });
    relayPort = await freeLoopbackPort();
    postfix = await startPostfix({ dovecot, relayPort });
  });

  afterAll(async () => {
    await postfix?.stop();
    await dovecot?.stop();
  });

  const mailServer = () =>
    createTransport({ host: postfix.host, port: relayPort, secure: false, ignoreTLS: true });

  it('takes what the mail server sends, from <>, without a login, for its domains only', async () => {
    await mailServer().sendMail({
      envelope: { from: '', to: [carol.email] },
      raw: 'Subject: Auto: away\r\nAuto-Submitted: auto-replied\r\n\r\nAway.\r\n',
    });
    await expect(
      mailServer().sendMail({
        envelope: { from: '', to: ['someone@elsewhere.example'] },
        raw: 'Subject: outside\r\n\r\nx\r\n',
      }),
    ).rejects.toThrow(/Relay access denied/);
    await postfix.flush();
    expect(await subjects(dovecot, carol)).toContain('Auto: away');
    // The submission port still wants a login for the same message.
    await expect(
      transport(postfix).sendMail({
        envelope: { from: '', to: [carol.email] },
        raw: 'Subject: anonymous\r\n\r\nx\r\n',
      }),
    ).rejects.toMatchObject({ responseCode: 554 });
  });
});
