import { describe, expect, it } from 'vitest';
import { Events, type SearchQuery } from '@tidings/protocol';
import { buildMessage, MailClient, type MailUser } from '@tidings/testkit';
import { fileWorld, inboxTab, request, unwrap } from './harness.ts';

/**
 * The command connection answers the tabs' requests about folders it may have selected for a
 * while. Dovecot answers a command on a selected folder from that connection's view, which
 * takes in other clients' new messages only after it: the first search after the phone filed
 * one there would miss it (read marks and deletions, the first test shows, it answers at
 * once). Against a real Dovecot.
 */

const world = fileWorld();
let counter = 0;

async function account() {
  const user: MailUser = { email: `view${++counter}@example.test`, password: `view-${counter}-pw` };
  await world.dovecot.addUser(user);
  const other = await MailClient.connect(world.dovecot, user);
  world.clients.push(other);
  const put = async (mailbox: string, subject: string, flags: string[] = []) => {
    const raw = await buildMessage({ from: 'fay@example.test', to: [user.email], subject });
    return (await other.append(mailbox, raw, flags)).uid;
  };
  await other.createMailbox('Projects');
  const { socket, events } = await inboxTab(world, user);
  const search = async (mailbox: string, query: SearchQuery) => {
    const result = unwrap(await request(socket, Events.MessageSearch, { mailbox, query }));
    return { total: result.total, uids: result.messages.map((m) => m.uid).sort((a, b) => a - b) };
  };
  return { other, put, events, search };
}

describe("the command connection's view of a folder", () => {
  it('a search in the open folder follows a read mark and a deletion made elsewhere', async () => {
    const { other, put, events, search } = await account();
    const [a, b, c] = [
      await put('INBOX', 'Plan a'),
      await put('INBOX', 'Plan b'),
      await put('INBOX', 'Plan c'),
    ];
    await events.next(Events.MessageAdded, (e) => e.messages.some((m) => m.uid === c));
    expect(await search('INBOX', { unread: true })).toEqual({ total: 3, uids: [a, b, c] });

    await other.addFlags('INBOX', [a!], ['\\Seen']);
    await events.next(Events.MessageFlagsChanged, (e) => e.changes.some((x) => x.uid === a));
    expect(await search('INBOX', { unread: true })).toEqual({ total: 2, uids: [b, c] });

    await other.expunge('INBOX', [b!]);
    await events.next(Events.MessageExpunged, (e) => e.removed.some((x) => x.uid === b));
    expect(await search('INBOX', { text: 'plan' })).toEqual({ total: 2, uids: [a, c] });
  });

  it('a search in another folder follows mail filed and read there', async () => {
    const { other, put, events, search } = await account();
    const first = await put('Projects', 'Budget 1');
    expect(await search('Projects', { unread: true })).toEqual({ total: 1, uids: [first] });

    const second = await put('Projects', 'Budget 2');
    await events.next(
      Events.MailboxCountsChanged,
      (e) => e.mailbox === 'Projects' && e.total === 2,
    );
    expect(await search('Projects', { unread: true })).toEqual({ total: 2, uids: [first, second] });

    await other.addFlags('Projects', [first], ['\\Seen']);
    await events.next(
      Events.MailboxCountsChanged,
      (e) => e.mailbox === 'Projects' && e.unread === 1,
    );
    expect(await search('Projects', { unread: true })).toEqual({ total: 1, uids: [second] });
  });
});
