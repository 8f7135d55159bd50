import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMessage } from './build-message.ts';
import { startDovecot, type Dovecot, type MailUser } from './dovecot.ts';
import { MailClient } from './mail-client.ts';

const carol: MailUser = { email: 'carol@example.test', password: 'carol-secret' };

function message(subject: string): Promise<Buffer> {
  return buildMessage({
    from: 'Sender <sender@elsewhere.example>',
    to: [carol.email],
    subject,
    text: `Body of ${subject}\n`,
  });
}

describe('MailClient', { timeout: 20_000 }, () => {
  let dovecot: Dovecot;
  let client: MailClient;
  let observer: MailClient;

  beforeAll(async () => {
    dovecot = await startDovecot({ users: [carol] });
    client = await MailClient.connect(dovecot, carol);
    // A second connection sees what the first one did only through the server.
    observer = await MailClient.connect(dovecot, carol);
  });

  afterAll(async () => {
    await client?.close();
    await observer?.close();
    await dovecot?.stop();
  });

  it('appends, and uids/flags/status reflect it', async () => {
    const date = new Date('2025-03-04T05:06:07Z');
    const first = await client.append('INBOX', await message('first'), ['\\Seen'], date);
    const second = await client.append('INBOX', await message('second'));

    expect(second.uid).toBeGreaterThan(first.uid);
    expect(second.uidValidity).toBe(first.uidValidity);
    expect(await observer.uids('INBOX')).toEqual([first.uid, second.uid]);
    expect(await observer.flags('INBOX')).toEqual(
      new Map([
        [first.uid, ['\\Seen']],
        [second.uid, []],
      ]),
    );
    expect(await observer.status('INBOX')).toEqual({
      messages: 2,
      unseen: 1,
      uidValidity: first.uidValidity,
      uidNext: second.uid + 1,
    });

    const lock = await observer.imap.getMailboxLock('INBOX');
    try {
      const fetched = await observer.imap.fetchOne(
        String(first.uid),
        { internalDate: true },
        { uid: true },
      );
      expect(fetched && new Date(fetched.internalDate ?? 0).toISOString()).toBe(date.toISOString());
    } finally {
      lock.release();
    }
  });

  it('adds and removes flags by UID, keywords included', async () => {
    const { uid } = await client.append('INBOX', await message('flag me'));
    await client.addFlags('INBOX', [uid], ['\\Flagged', '\\Seen', '$Important']);
    expect((await observer.flags('INBOX')).get(uid)).toEqual(['$Important', '\\Flagged', '\\Seen']);

    await client.removeFlags('INBOX', [uid], ['\\Seen', '$Important']);
    expect((await observer.flags('INBOX')).get(uid)).toEqual(['\\Flagged']);
  });

  it('moves messages to another mailbox', async () => {
    const { uid } = await client.append('INBOX', await message('move me'));
    const archivedBefore = (await observer.status('Archive')).messages;

    await client.move('INBOX', [uid], 'Archive');

    expect(await observer.uids('INBOX')).not.toContain(uid);
    expect((await observer.status('Archive')).messages).toBe(archivedBefore + 1);
  });

  it('expunges exactly the given UIDs, leaving other \\Deleted messages alone', async () => {
    const keep = await client.append('INBOX', await message('deleted but kept'), ['\\Deleted']);
    const gone = await client.append('INBOX', await message('expunge me'));

    await client.expunge('INBOX', [gone.uid]);

    const uids = await observer.uids('INBOX');
    expect(uids).not.toContain(gone.uid);
    expect(uids).toContain(keep.uid);
    expect((await observer.flags('INBOX')).get(keep.uid)).toContain('\\Deleted');
  });

  it('creates and deletes mailboxes, nested ones too', async () => {
    await client.createMailbox('Projects');
    await client.createMailbox('Projects/Tidings');
    const { uid } = await client.append('Projects/Tidings', await message('nested'));
    expect(await observer.uids('Projects/Tidings')).toEqual([uid]);

    const listed = (await observer.imap.list()).map((entry) => entry.path);
    expect(listed).toEqual(expect.arrayContaining(['Projects', 'Projects/Tidings']));
    // Dovecot disconnects a session whose selected mailbox is deleted under it.
    await observer.uids('INBOX');

    await client.deleteMailbox('Projects/Tidings');
    expect((await observer.imap.list()).map((entry) => entry.path)).not.toContain(
      'Projects/Tidings',
    );
    await expect(observer.status('Projects/Tidings')).rejects.toThrow();
  });

  it('treats an empty UID list as nothing to do, and an empty mailbox as empty', async () => {
    await client.createMailbox('Empty');
    await client.addFlags('INBOX', [], ['\\Seen']);
    await client.expunge('INBOX', []);
    expect(await observer.uids('Empty')).toEqual([]);
    expect(await observer.flags('Empty')).toEqual(new Map());
    expect(await observer.status('Empty')).toMatchObject({ messages: 0, unseen: 0 });
  });
});
