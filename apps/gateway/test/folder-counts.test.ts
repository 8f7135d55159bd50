import { describe, expect, it } from 'vitest';
import { Events } from '@tidings/protocol';
import { buildMessage, MailClient, type MailUser } from '@tidings/testkit';
import { fileWorld, inboxTab, request, unwrap } from './harness.ts';

/**
 * The counts of folders other than the open one, against a real Dovecot: NOTIFY tells the
 * gateway of a change, and a later folder list must not take it back.
 */

const world = fileWorld();

async function mail(user: MailUser, subject: string): Promise<Buffer> {
  return buildMessage({ from: 'Fay <fay@example.test>', to: [user.email], subject, text: subject });
}

describe('counts of the folders not open', () => {
  it('a folder the command connection has selected is listed with the changes made elsewhere since', async () => {
    const user: MailUser = { email: 'counts@example.test', password: 'counts-pw-1' };
    await world.dovecot.addUser(user);
    const other = await MailClient.connect(world.dovecot, user);
    world.clients.push(other);
    await other.createMailbox('Clients');
    await other.append('Clients', await mail(user, 'Invoice 1'), ['\\Seen']);

    const { socket, events } = await inboxTab(world, user);
    // A search in Clients leaves it selected on the gateway's command connection (a search in
    // all folders does the same for the last folder it looks in).
    const found = unwrap(
      await request(socket, Events.MessageSearch, {
        mailbox: 'Clients',
        query: { text: 'invoice' },
      }),
    );
    expect(found.total).toBe(1);

    // Another device files a second message there: NOTIFY tells the tab.
    await other.append('Clients', await mail(user, 'Invoice 2'), ['\\Seen']);
    await events.next(Events.MailboxCountsChanged, (e) => e.mailbox === 'Clients' && e.total === 2);

    // The tab lists its folders: Dovecot's STATUS of the selected folder answers from that
    // connection's own view, which has not seen the second message unless it caught up first.
    const { mailboxes } = unwrap(await request(socket, Events.MailboxList, {}));
    expect(mailboxes.find((m) => m.path === 'Clients')).toMatchObject({ total: 2 });
    expect(events.all(Events.MailboxCountsChanged).filter((e) => e.mailbox === 'Clients')).toEqual([
      expect.objectContaining({ total: 2 }),
    ]);

    // And a message deleted there later is heard of, since the gateway's counts are right.
    const [second] = (await other.uids('Clients')).slice(-1);
    await other.expunge('Clients', [second!]);
    await events.next(Events.MailboxCountsChanged, (e) => e.mailbox === 'Clients' && e.total === 1);
  });
});
