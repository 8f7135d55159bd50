import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillMailbox } from './bulk-fill.ts';
import { startDovecot, type Dovecot, type MailUser } from './dovecot.ts';
import { MailClient } from './mail-client.ts';

const COUNT = 600;
const NEWEST = new Date('2026-06-01T00:00:00Z');
const YEARS = 3;

describe('fillMailbox', { timeout: 60_000 }, () => {
  let dovecot: Dovecot;
  let cacheDir: string;
  const users: MailUser[] = [1, 2, 3].map((n) => ({
    email: `bulk${n}@example.test`,
    password: `bulk-${n}-secret`,
  }));

  beforeAll(async () => {
    dovecot = await startDovecot({ users });
    cacheDir = await mkdtemp(join(tmpdir(), 'tidings-bulk-cache-'));
  });

  afterAll(async () => {
    await dovecot?.stop();
    if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
  });

  it('fills INBOX with varied mail, UIDs in date order, some unread and flagged', async () => {
    const [user] = users as [MailUser];
    const result = await fillMailbox(dovecot, user, {
      count: COUNT,
      seed: 5,
      newest: NEWEST,
      years: YEARS,
    });
    expect(result).toMatchObject({ mailbox: 'INBOX', count: COUNT, generated: true });

    const client = await MailClient.connect(dovecot, user);
    try {
      const counts = await client.status('INBOX');
      expect(counts).toMatchObject({
        messages: COUNT,
        unseen: result.unseen,
        uidValidity: result.uidValidity,
        uidNext: COUNT + 1,
      });
      // Mostly read (old mail), some not; a few flagged.
      expect(result.unseen).toBeGreaterThan(COUNT * 0.05);
      expect(result.unseen).toBeLessThan(COUNT * 0.5);
      expect(result.flagged).toBeGreaterThan(0);

      const lock = await client.imap.getMailboxLock('INBOX');
      try {
        const all = await client.imap.fetchAll('1:*', {
          uid: true,
          flags: true,
          internalDate: true,
          envelope: true,
        });
        expect(all.map((m) => m.uid)).toEqual(Array.from({ length: COUNT }, (_, i) => i + 1));
        const times = all.map((m) => new Date(m.internalDate!).getTime());
        for (let i = 1; i < times.length; i++)
          expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]!);
        expect(times[0]).toBeLessThan(NEWEST.getTime() - (YEARS - 0.5) * 365 * 86_400_000);
        expect(times[times.length - 1]).toBeLessThanOrEqual(NEWEST.getTime());
        // The Date header agrees with INTERNALDATE.
        expect(new Date(all[10]!.envelope!.date!).getTime()).toBe(times[10]);

        const flagged = all.filter((m) => m.flags?.has('\\Flagged')).length;
        expect(flagged).toBe(result.flagged);
        expect(all.filter((m) => !m.flags?.has('\\Seen')).length).toBe(result.unseen);
        expect(new Set(all.map((m) => m.envelope?.subject)).size).toBeGreaterThan(50);
        expect(new Set(all.map((m) => m.envelope?.from?.[0]?.address)).size).toBeGreaterThan(20);

        // A sample parses whole (Dovecot's own MIME parser), at the size Dovecot reports, so
        // the sizes in the file names are right.
        for (const uid of [1, 250, COUNT]) {
          const message = await client.imap.fetchOne(
            String(uid),
            { source: true, size: true, envelope: true, bodyStructure: true },
            { uid: true },
          );
          if (!message) throw new Error(`UID ${uid} not fetched`);
          expect(message.source?.length).toBe(message.size);
          const source = message.source?.toString('latin1') ?? '';
          expect(source).toMatch(/\r\n\r\n/);
          expect(source).toContain(`Message-ID: ${message.envelope?.messageId}`);
          expect(message.envelope?.to?.[0]?.address).toBe(user.email);
          const type = message.bodyStructure?.type ?? '';
          expect(type).toMatch(/^(text\/plain|multipart\/(alternative|mixed))$/);
          if (type.startsWith('multipart/')) {
            expect(message.bodyStructure?.childNodes?.length).toBeGreaterThan(1);
          }
        }
      } finally {
        lock.release();
      }
    } finally {
      await client.close();
    }
  });

  it('reuses a cached set: the same messages, into another mailbox, new UIDVALIDITY', async () => {
    const [, second, third] = users as [MailUser, MailUser, MailUser];
    const spec = { count: COUNT, seed: 9, newest: NEWEST, years: YEARS, cacheDir };
    const first = await fillMailbox(dovecot, second.email, { ...spec, mailbox: 'Archive/Old' });
    expect(first.generated).toBe(true);
    // Same recipient, same spec: served from the cache.
    const again = await fillMailbox(dovecot, second.email, { ...spec, mailbox: 'Projects' });
    expect(again.generated).toBe(false);
    expect(again.unseen).toBe(first.unseen);
    // Another recipient is another set (the To: header differs).
    const other = await fillMailbox(dovecot, third.email, spec);
    expect(other.generated).toBe(true);

    const client = await MailClient.connect(dovecot, second);
    try {
      expect((await client.status('Archive/Old')).messages).toBe(COUNT);
      expect((await client.status('Projects')).messages).toBe(COUNT);
      const subjects = async (mailbox: string) => {
        const lock = await client.imap.getMailboxLock(mailbox);
        try {
          return (await client.imap.fetchAll('1:20', { envelope: true })).map(
            (m) => m.envelope?.subject,
          );
        } finally {
          lock.release();
        }
      };
      expect(await subjects('Projects')).toEqual(await subjects('Archive/Old'));
      // Flag changes rename files in one folder; the cached originals are untouched.
      await client.addFlags('Projects', [1, 2, 3], ['\\Flagged']);
      expect((await client.status('Archive/Old')).messages).toBe(COUNT);
    } finally {
      await client.close();
    }
  });

  it('refuses a mailbox that already has mail', async () => {
    const [user] = users as [MailUser];
    await expect(fillMailbox(dovecot, user, { count: 10 })).rejects.toThrow(/empty mailbox/);
  });
});
