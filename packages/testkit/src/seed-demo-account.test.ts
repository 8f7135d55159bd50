import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type Dovecot, type MailUser } from './dovecot.ts';
import { MailClient } from './mail-client.ts';
import { DEMO_MAILBOXES, seedDemoAccount } from './seed-demo-account.ts';

const demo: MailUser = { email: 'demo@example.test', password: 'demo-secret' };
const DAY_MS = 86_400_000;

describe('seedDemoAccount', { timeout: 30_000 }, () => {
  let dovecot: Dovecot;
  let client: MailClient;

  beforeAll(async () => {
    dovecot = await startDovecot({ users: [demo] });
    const startedAt = performance.now();
    const result = await seedDemoAccount(dovecot, demo);
    const seconds = (performance.now() - startedAt) / 1000;
    console.info(`seedDemoAccount: ${result.messages} messages in ${seconds.toFixed(2)} s`);
    expect(result).toEqual({ seeded: true, messages: 300 });
    expect(seconds).toBeLessThan(20);
    client = await MailClient.connect(dovecot, demo);
  }, 30_000);

  afterAll(async () => {
    await client?.close();
    await dovecot?.stop();
  });

  it('spreads ~300 messages over INBOX, Sent, Archive, Trash, Projects and Receipts', async () => {
    let total = 0;
    for (const mailbox of Object.values(DEMO_MAILBOXES)) {
      const { messages } = await client.status(mailbox);
      expect(messages, mailbox).toBeGreaterThan(5);
      total += messages;
    }
    expect(total).toBe(300);
    expect((await client.status('INBOX')).messages).toBeGreaterThan(100);
    const listed = (await client.imap.list()).map((entry) => entry.path);
    expect(listed).toEqual(expect.arrayContaining(['Projects', 'Receipts']));
  });

  it('has unread mail, mostly recent, flagged mail and tagged mail', async () => {
    const flags = await client.flags('INBOX');
    const dates = await internalDates('INBOX');
    const unread = [...flags].filter(([, list]) => !list.includes('\\Seen')).map(([uid]) => uid);
    const flagged = [...flags].filter(([, list]) => list.includes('\\Flagged'));
    expect(unread.length).toBeGreaterThan(5);
    expect(flagged.length).toBeGreaterThan(3);
    // Tagged as Thunderbird tags ($label1…$label5), some of them.
    const tagged = [...flags].filter(([, list]) => list.some((f) => /^\$label[1-5]$/.test(f)));
    expect(tagged.length).toBeGreaterThan(2);
    expect(tagged.length).toBeLessThan(flags.size / 4);

    const ageDays = (uid: number) => (Date.now() - (dates.get(uid) ?? 0)) / DAY_MS;
    const unreadRecently = unread.filter((uid) => ageDays(uid) < 14).length;
    expect(unreadRecently / unread.length).toBeGreaterThan(0.5);
    expect((await client.status('Sent')).unseen).toBe(0);
  });

  it('spans about six months, with UIDs in date order', async () => {
    const dates = [...(await internalDates('INBOX'))].sort(([a], [b]) => a - b).map(([, d]) => d);
    const oldest = Math.min(...dates);
    expect((Date.now() - oldest) / DAY_MS).toBeGreaterThan(120);
    expect((Date.now() - oldest) / DAY_MS).toBeLessThan(190);
    expect(dates).toEqual([...dates].sort((a, b) => a - b));
  });

  it('contains threads, HTML and attachments', async () => {
    const lock = await client.imap.getMailboxLock('INBOX');
    try {
      const messages = await client.imap.fetchAll('1:*', {
        uid: true,
        envelope: true,
        bodyStructure: true,
      });
      const replies = messages.filter(
        (m) => m.envelope?.inReplyTo && /^Re: /.test(m.envelope.subject ?? ''),
      );
      expect(replies.length).toBeGreaterThan(5);
      const types = messages.map((m) => JSON.stringify(m.bodyStructure));
      expect(types.filter((t) => t.includes('"text/html"')).length).toBeGreaterThan(10);
      expect(types.filter((t) => t.includes('"attachment"')).length).toBeGreaterThan(5);
    } finally {
      lock.release();
    }
    const sent = await client.flags('Sent');
    expect(sent.size).toBeGreaterThan(10);
    const answered = [...(await client.flags('INBOX')).values()].filter((f) =>
      f.includes('\\Answered'),
    );
    expect(answered.length).toBeGreaterThan(3);
  });

  it('is idempotent: a second call seeds nothing', async () => {
    expect(await seedDemoAccount(dovecot, demo)).toEqual({ seeded: false, messages: 0 });
    let total = 0;
    for (const mailbox of Object.values(DEMO_MAILBOXES))
      total += (await client.status(mailbox)).messages;
    expect(total).toBe(300);
  });

  async function internalDates(mailbox: string): Promise<Map<number, number>> {
    const lock = await client.imap.getMailboxLock(mailbox);
    try {
      const messages = await client.imap.fetchAll('1:*', { uid: true, internalDate: true });
      return new Map(messages.map((m) => [m.uid, new Date(m.internalDate ?? 0).getTime()]));
    } finally {
      lock.release();
    }
  }
});
