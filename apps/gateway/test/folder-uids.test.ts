import { describe, expect, it } from 'vitest';
import { ErrorCode, Events, uidsOfSequenceSet } from '@tidings/protocol';
import { buildMessage, fillMailbox, MailClient, type MailUser } from '@tidings/testkit';
import { fileWorld, inboxTab, request, unwrap } from './harness.ts';

/**
 * `mailbox:uids`, "select all" past the rows a tab has loaded, against a real Dovecot: every
 * message the folder holds now, the open one or another, as a sequence set.
 */

const COUNT = 12_000;

describe('mailbox:uids', () => {
  const world = fileWorld();

  it('names every message of a folder, open or not, and nothing that went', async () => {
    const user: MailUser = { email: 'uids@example.test', password: 'uids-pw' };
    await world.dovecot.addUser(user);
    await fillMailbox(world.dovecot, user, { count: COUNT, seed: 9 });
    const other = await MailClient.connect(world.dovecot, user);
    world.clients.push(other);
    await other.createMailbox('Projects');
    for (const subject of ['One', 'Two', 'Three']) {
      await other.append(
        'Projects',
        await buildMessage({ from: 'fay@example.test', to: [user.email], subject }),
      );
    }
    const { socket, window } = await inboxTab(world, user);
    expect(window.messages.length).toBeLessThan(COUNT);

    const inbox = unwrap(await request(socket, Events.MailboxUids, { mailbox: 'INBOX' }));
    const all = (await other.uids('INBOX')).sort((a, b) => a - b);
    expect(inbox).toMatchObject({
      mailbox: 'INBOX',
      uidValidity: window.uidValidity,
      total: COUNT,
    });
    expect(uidsOfSequenceSet(inbox.uids)).toEqual(all);
    // Written as ranges, not 12,000 numbers.
    expect(inbox.uids.length).toBeLessThan(100);

    // Some deleted elsewhere: no longer named.
    const gone = all.filter((_, i) => i % 7 === 0);
    await other.expunge('INBOX', gone);
    const after = unwrap(await request(socket, Events.MailboxUids, { mailbox: 'INBOX' }));
    const goneSet = new Set(gone);
    expect(uidsOfSequenceSet(after.uids)).toEqual(all.filter((uid) => !goneSet.has(uid)));
    expect(after.total).toBe(COUNT - gone.length);

    // A folder the tab does not have open.
    const projects = unwrap(await request(socket, Events.MailboxUids, { mailbox: 'Projects' }));
    expect(uidsOfSequenceSet(projects.uids)).toEqual(
      (await other.uids('Projects')).sort((a, b) => a - b),
    );
    expect(projects.total).toBe(3);

    // One that is not there: a reason, and the tab goes on.
    const missing = await request(socket, Events.MailboxUids, { mailbox: 'Nowhere' });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.code).toBe(ErrorCode.MailboxNotFound);
    const again = unwrap(await request(socket, Events.MailboxUids, { mailbox: 'INBOX' }));
    expect(again.total).toBe(COUNT - gone.length);
  });
});
