import { describe, expect, it } from 'vitest';
import { ErrorCode, Events } from '@tidings/protocol';
import {
  addFolderBehindListIndex,
  buildMessage,
  MailClient,
  removeFolderBehindListIndex,
  type MailUser,
} from '@tidings/testkit';
import { settleFolderList } from '../src/sessions/folder-list-lag.ts';
import { fileWorld, inboxTab, request, unwrap } from './harness.ts';

/**
 * Creating, renaming, moving, deleting, emptying folders and marking them read from a tab, against
 * a real Dovecot:
 * what the server then holds, what the account's other tab hears, and every refusal with its
 * reason.
 */

const world = fileWorld();
let counter = 0;

async function tab(user: MailUser) {
  const { socket, events } = await inboxTab(world, user);
  return { socket, events };
}

/** A new user, with a plain IMAP client of its own (the "other device"). */
async function mailbox() {
  const user: MailUser = { email: `fold${++counter}@example.test`, password: `fold-${counter}-pw` };
  await world.dovecot.addUser(user);
  const other = await MailClient.connect(world.dovecot, user);
  world.clients.push(other);
  return { user, other };
}

async function account() {
  const { user, other } = await mailbox();
  const a = await tab(user);
  const b = await tab(user);
  return { user, other, a, b };
}

async function mail(user: MailUser, subject: string): Promise<Buffer> {
  return buildMessage({ from: 'Fay <fay@example.test>', to: [user.email], subject, text: subject });
}

describe('folders', () => {
  it('creates a folder and a subfolder; the other tab hears of it', async () => {
    const { other, a, b } = await account();
    const created = unwrap(await request(a.socket, Events.MailboxCreate, { name: 'Projects' }));
    expect(created).toEqual({ path: 'Projects' });
    const sub = unwrap(
      await request(a.socket, Events.MailboxCreate, { parent: 'Projects', name: 'Q1 & Q2' }),
    );
    expect(sub).toEqual({ path: 'Projects/Q1 & Q2' });
    expect(await other.folders()).toEqual(expect.arrayContaining(['Projects', 'Projects/Q1 & Q2']));
    // Names the wire carries in modified UTF-7 (RFC 3501 §5.1.3) come back as typed.
    const unicode = unwrap(await request(a.socket, Events.MailboxCreate, { name: 'Ünïcødé 📁' }));
    expect(unicode).toEqual({ path: 'Ünïcødé 📁' });
    expect(await other.subscriptions()).toEqual(
      expect.arrayContaining(['Projects/Q1 & Q2', 'Ünïcødé 📁']),
    );
    await b.events.next(Events.MailboxListChanged);
    const listed = unwrap(await request(b.socket, Events.MailboxList, {}));
    expect(listed.mailboxes.find((m) => m.path === 'Projects/Q1 & Q2')).toMatchObject({
      name: 'Q1 & Q2',
      delimiter: '/',
      role: null,
      total: 0,
    });
  });

  it('refuses a name taken, a name with the delimiter, a missing parent and a bad name', async () => {
    const { a } = await account();
    unwrap(await request(a.socket, Events.MailboxCreate, { name: 'Taken' }));
    const refusals = [
      [{ name: 'Taken' }, ErrorCode.BadRequest, /already exists/],
      [{ name: 'inbox' }, ErrorCode.BadRequest, /already exists/],
      [{ name: 'a/b' }, ErrorCode.BadRequest, /cannot contain "\/"/],
      [{ name: '..' }, ErrorCode.BadRequest, /not a folder name/],
      [{ parent: 'Nowhere', name: 'Child' }, ErrorCode.MailboxNotFound, /no folder "Nowhere"/],
      [{ name: ' padded' }, ErrorCode.BadRequest, /start or end with a space/],
      [{ name: 'tab\there' }, ErrorCode.BadRequest, /control characters/],
      [{ name: '' }, ErrorCode.BadRequest, /needs a name/],
    ] as const;
    for (const [payload, code, reason] of refusals) {
      const res = await request(a.socket, Events.MailboxCreate, payload);
      expect(res, JSON.stringify(payload)).toMatchObject({ ok: false, error: { code } });
      if (!res.ok) expect(res.error.message, JSON.stringify(payload)).toMatch(reason);
    }
  });

  it('renames a folder with its subfolders and messages; the old name is gone', async () => {
    const { user, other, a } = await account();
    await other.createMailbox('Clients');
    await other.createMailbox('Clients/Acme');
    await other.append('Clients/Acme', await mail(user, 'acme contract'));
    const renamed = unwrap(
      await request(a.socket, Events.MailboxRename, { mailbox: 'Clients', name: 'Customers' }),
    );
    expect(renamed).toEqual({ path: 'Customers' });
    const folders = await other.folders();
    expect(folders).toEqual(expect.arrayContaining(['Customers', 'Customers/Acme']));
    expect(folders).not.toContain('Clients');
    expect(folders).not.toContain('Clients/Acme');
    expect(await other.uids('Customers/Acme')).toHaveLength(1);
    // Subscriptions follow the folders (other clients show subscribed folders only).
    const subscriptions = await other.subscriptions();
    expect(subscriptions).toEqual(expect.arrayContaining(['Customers', 'Customers/Acme']));
    expect(subscriptions).not.toContain('Clients');
    expect(subscriptions).not.toContain('Clients/Acme');
  });

  it('moves a folder below another and back to the top level, subfolders and mail along', async () => {
    const { user, other, a } = await account();
    for (const folder of ['Clients', 'Clients/Acme', 'Old']) await other.createMailbox(folder);
    await other.append('Clients/Acme', await mail(user, 'acme invoice'));
    const moved = unwrap(
      await request(a.socket, Events.MailboxRename, {
        mailbox: 'Clients',
        name: 'Clients 2025',
        parent: 'Old',
      }),
    );
    expect(moved).toEqual({ path: 'Old/Clients 2025' });
    expect(await other.uids('Old/Clients 2025/Acme')).toHaveLength(1);
    expect(await other.subscriptions()).toContain('Old/Clients 2025/Acme');
    expect(await other.folders()).not.toContain('Clients');

    const back = unwrap(
      await request(a.socket, Events.MailboxRename, {
        mailbox: 'Old/Clients 2025',
        name: 'Clients',
        parent: null,
      }),
    );
    expect(back).toEqual({ path: 'Clients' });
    expect(await other.uids('Clients/Acme')).toHaveLength(1);

    const refusals = [
      [{ parent: 'Clients/Acme' }, ErrorCode.BadRequest, /cannot go inside itself/],
      [{ parent: 'Clients' }, ErrorCode.BadRequest, /cannot go inside itself/],
      [{ parent: 'Nowhere' }, ErrorCode.MailboxNotFound, /no folder "Nowhere"/],
      [{ parent: null, name: 'Old' }, ErrorCode.BadRequest, /"Old" already exists/],
    ] as const;
    for (const [change, code, reason] of refusals) {
      const payload = { mailbox: 'Clients', name: 'Clients', ...change };
      const res = await request(a.socket, Events.MailboxRename, payload);
      expect(res, JSON.stringify(change)).toMatchObject({ ok: false, error: { code } });
      if (!res.ok) expect(res.error.message, JSON.stringify(change)).toMatch(reason);
    }
  });

  it("acts on folders the server's list has not caught up with, and leaves the list caught up", async () => {
    // Dovecot's list index can miss a folder that exists, or keep one that is gone, after a race
    // between sessions (folder-list-lag.ts); the same state is made here behind its back.
    const { user, other, a } = await account();
    await other.createMailbox('Clients');
    // A create leaves the list index marked for a rescan, which the next LIST or NOTIFY wake-up
    // of any session makes; let those happen first, or the rescan finds the folders below.
    await a.events.next(Events.MailboxListChanged);
    expect(await other.folders()).toContain('Clients');
    for (const name of ['Archive 2024', 'Scratch']) {
      await addFolderBehindListIndex(world.dovecot, user.email, name);
    }
    expect(await other.folders()).not.toContain('Archive 2024');
    const moved = unwrap(
      await request(a.socket, Events.MailboxRename, {
        mailbox: 'Clients',
        name: 'Clients',
        parent: 'Archive 2024',
      }),
    );
    expect(moved).toEqual({ path: 'Archive 2024/Clients' });
    unwrap(await request(a.socket, Events.MailboxDelete, { mailbox: 'Scratch' }));
    const folders = await other.folders();
    expect(folders).toEqual(expect.arrayContaining(['Archive 2024', 'Archive 2024/Clients']));
    expect(folders).not.toContain('Scratch');
  });

  it('after a change of its own, the gateway makes LIST show it, so other clients see it too', async () => {
    // No gateway session here: its own LIST-STATUS sweeps would make Dovecot rescan on their own.
    const { user, other } = await mailbox();
    await other.createMailbox('Drafts 2023');
    expect(await other.folders()).toContain('Drafts 2023');
    await addFolderBehindListIndex(world.dovecot, user.email, 'Projects');
    await removeFolderBehindListIndex(world.dovecot, user.email, 'Drafts 2023');
    const behind = await other.folders();
    expect(behind).toContain('Drafts 2023');
    expect(behind).not.toContain('Projects');
    await settleFolderList(other.imap, { listed: ['Projects'], unlisted: ['Drafts 2023'] });
    const settled = await other.folders();
    expect(settled).toContain('Projects');
    expect(settled).not.toContain('Drafts 2023');
  });

  it('renaming the open folder resets it in the tabs; opening the new name shows its mail', async () => {
    const { user, other, a, b } = await account();
    await other.createMailbox('Reports');
    await other.append('Reports', await mail(user, 'monthly report'));
    unwrap(await request(b.socket, Events.MailboxOpen, { mailbox: 'Reports' }));
    unwrap(await request(a.socket, Events.MailboxRename, { mailbox: 'Reports', name: 'Reviews' }));
    await b.events.next(Events.MailboxReset, (e) => e.mailbox === 'Reports', 10_000);
    const reopened = unwrap(await request(b.socket, Events.MailboxOpen, { mailbox: 'Reviews' }));
    expect(reopened.messages.map((m) => m.subject)).toEqual(['monthly report']);
  });

  it('deleting a folder moves its messages to Trash first; the tab watching it is reset', async () => {
    const { user, other, a, b } = await account();
    await other.createMailbox('Old stuff');
    for (const subject of ['old one', 'old two']) {
      await other.append('Old stuff', await mail(user, subject));
    }
    unwrap(await request(b.socket, Events.MailboxOpen, { mailbox: 'Old stuff' }));
    const deleted = unwrap(await request(a.socket, Events.MailboxDelete, { mailbox: 'Old stuff' }));
    expect(deleted).toEqual({ movedToTrash: 2, trash: 'Trash' });
    expect(await other.folders()).not.toContain('Old stuff');
    expect(await other.subscriptions()).not.toContain('Old stuff');
    expect(await other.uids('Trash')).toHaveLength(2);
    await b.events.next(Events.MailboxReset, (e) => e.mailbox === 'Old stuff', 10_000);
    await a.events.next(
      Events.MailboxCountsChanged,
      (e) => e.mailbox === 'Trash' && e.total === 2,
      10_000,
    );
    // An empty folder goes without a Trash to name.
    await other.createMailbox('Empty');
    expect(unwrap(await request(a.socket, Events.MailboxDelete, { mailbox: 'Empty' }))).toEqual({
      movedToTrash: 0,
      trash: null,
    });
  });

  it('empties Trash and Junk for good, and nothing else; a tab showing Trash loses the rows', async () => {
    const { user, other, a, b } = await account();
    for (const subject of ['trash one', 'trash two', 'trash three']) {
      await other.append('Trash', await mail(user, subject));
    }
    await other.append('Junk', await mail(user, 'spam'));
    await other.append('INBOX', await mail(user, 'keep me'));
    unwrap(await request(b.socket, Events.MailboxOpen, { mailbox: 'Trash' }));
    const emptied = unwrap(await request(a.socket, Events.MailboxEmpty, { mailbox: 'Trash' }));
    expect(emptied).toEqual({ deleted: 3 });
    expect(await other.uids('Trash')).toEqual([]);
    // In one push when ours comes first; in several when Dovecot's echo to the idle connection
    // beats it (a loaded machine): either way the tab ends with none.
    const expunged = await b.events.next(
      Events.MessageExpunged,
      (e) => e.mailbox === 'Trash' && e.total === 0,
    );
    const gone = b.events
      .all(Events.MessageExpunged)
      .filter((e) => e.mailbox === 'Trash' && e.seq <= expunged.seq)
      .flatMap((e) => e.removed.map((r) => r.uid));
    expect(gone).toHaveLength(3);
    expect(unwrap(await request(a.socket, Events.MailboxEmpty, { mailbox: 'Junk' }))).toEqual({
      deleted: 1,
    });
    expect(unwrap(await request(a.socket, Events.MailboxEmpty, { mailbox: 'Trash' }))).toEqual({
      deleted: 0,
    });

    await other.createMailbox('Mine');
    for (const [mailbox, code, reason] of [
      ['INBOX', ErrorCode.BadRequest, /Only Trash and Junk/],
      ['Sent', ErrorCode.BadRequest, /Only Trash and Junk/],
      ['Mine', ErrorCode.BadRequest, /Only Trash and Junk/],
      ['Gone', ErrorCode.MailboxNotFound, /no folder "Gone"/],
    ] as const) {
      const res = await request(a.socket, Events.MailboxEmpty, { mailbox });
      expect(res, mailbox).toMatchObject({ ok: false, error: { code } });
      if (!res.ok) expect(res.error.message, mailbox).toMatch(reason);
    }
    expect(await other.uids('INBOX')).toHaveLength(1);
  });

  it('marks every message of a folder read; tabs hear the flags and counts', async () => {
    const { user, other, a, b } = await account();
    for (const subject of ['one', 'two', 'three'])
      await other.append('INBOX', await mail(user, subject));
    const [first] = await other.uids('INBOX');
    await other.addFlags('INBOX', [first!], ['\\Seen']);
    await other.createMailbox('Lists');
    for (const subject of ['list one', 'list two'])
      await other.append('Lists', await mail(user, subject));

    // Once b has all three (two unread), whichever push brought the first one's \\Seen.
    await Promise.any(
      [Events.MessageAdded, Events.MessageFlagsChanged].map((name) =>
        b.events.next(name, (e) => e.mailbox === 'INBOX' && e.total === 3 && e.unread === 2),
      ),
    );
    // The open folder: b hears the flags, with the counts, as for a tab's own "Mark as read".
    expect(unwrap(await request(a.socket, Events.MailboxMarkRead, { mailbox: 'INBOX' }))).toEqual({
      marked: 2,
    });
    const flags = await other.flags('INBOX');
    expect([...flags.values()].every((f) => f.includes('\\Seen'))).toBe(true);
    const changed = await b.events.next(Events.MessageFlagsChanged, (e) => e.unread === 0);
    expect(changed.changes).toHaveLength(2);
    expect(changed.total).toBe(3);

    // Another folder: its counts.
    expect(unwrap(await request(a.socket, Events.MailboxMarkRead, { mailbox: 'Lists' }))).toEqual({
      marked: 2,
    });
    expect(await other.status('Lists')).toMatchObject({ messages: 2, unseen: 0 });
    await b.events.next(
      Events.MailboxCountsChanged,
      (e) => e.mailbox === 'Lists' && e.unread === 0,
    );
    expect(unwrap(await request(a.socket, Events.MailboxMarkRead, { mailbox: 'INBOX' }))).toEqual({
      marked: 0,
    });
    const gone = await request(a.socket, Events.MailboxMarkRead, { mailbox: 'Gone' });
    expect(gone.ok || gone.error.code).toBe(ErrorCode.MailboxNotFound);
  });

  it('keeps Inbox, special folders, folders with subfolders and unknown ones, with reasons', async () => {
    const { user, other, a } = await account();
    await other.createMailbox('Parent');
    await other.createMailbox('Parent/Child');
    await other.append('Sent', await mail(user, 'sent before'));
    const refusals = [
      [Events.MailboxDelete, { mailbox: 'INBOX' }, ErrorCode.BadRequest, /Inbox cannot/],
      [Events.MailboxRename, { mailbox: 'inbox', name: 'Mine' }, ErrorCode.BadRequest, /Inbox/],
      [Events.MailboxDelete, { mailbox: 'Sent' }, ErrorCode.BadRequest, /special folder \(sent\)/],
      [Events.MailboxDelete, { mailbox: 'Trash' }, ErrorCode.BadRequest, /special folder/],
      [Events.MailboxRename, { mailbox: 'Drafts', name: 'D' }, ErrorCode.BadRequest, /special/],
      [Events.MailboxDelete, { mailbox: 'Parent' }, ErrorCode.BadRequest, /has subfolders/],
      [Events.MailboxDelete, { mailbox: 'Gone' }, ErrorCode.MailboxNotFound, /no folder "Gone"/],
      [Events.MailboxRename, { mailbox: 'Parent', name: 'Sent' }, ErrorCode.BadRequest, /exists/],
    ] as const;
    for (const [event, payload, code, reason] of refusals) {
      const res = await request(a.socket, event, payload as never);
      const shown = `${event} ${JSON.stringify(payload)}`;
      expect(res, shown).toMatchObject({ ok: false, error: { code } });
      if (!res.ok) expect(res.error.message, shown).toMatch(reason);
    }
    expect(await other.folders()).toEqual(
      expect.arrayContaining(['INBOX', 'Sent', 'Trash', 'Drafts', 'Parent', 'Parent/Child']),
    );
    expect(await other.uids('Sent')).toHaveLength(1);
  });
});
