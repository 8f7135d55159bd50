import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCode, Events, hasFlag, TAGS } from '@tidings/protocol';
import { buildMessage, MailClient, type MailUser } from '@tidings/testkit';
import { connected, EventLog, fileWorld, openSocket, request, signIn, unwrap } from './harness.ts';

// Tags are the keywords $label1…$label5 (protocol/src/tags.ts): set by a tab or by another
// client, pushed, searched, and refused where the server would not keep them.
// The folder "Locked" lets its owner read, mark read, add and delete, but set no other flag
// (Dovecot's acl plugin, a global ACL file): as a shared or archived folder may. Its SELECT then
// answers PERMANENTFLAGS (\Deleted \Seen), without `\*`.
const aclDir = mkdtempSync(join(tmpdir(), 'tidings-acl-'));
chmodSync(aclDir, 0o755); // read by Dovecot's imap processes, which run as the mail user
writeFileSync(join(aclDir, 'global-acl'), 'Locked owner lrsit\n');
afterAll(() => rmSync(aclDir, { recursive: true, force: true }));
const world = fileWorld({
  extraConfig: [
    'protocol imap {',
    '  mail_plugins = $mail_plugins acl',
    '}',
    'plugin {',
    `  acl = vfile:${join(aclDir, 'global-acl')}`,
    '}',
  ].join('\n'),
});
let counter = 0;
const [important, work] = TAGS;

async function account(subjects: string[]) {
  const user: MailUser = { email: `tag${++counter}@example.test`, password: `tag-${counter}-pw` };
  await world.dovecot.addUser(user);
  const other = await MailClient.connect(world.dovecot, user);
  world.clients.push(other);
  const uids: number[] = [];
  for (const subject of subjects) {
    const raw = await buildMessage({ from: 'fay@example.test', to: [user.email], subject });
    uids.push((await other.append('INBOX', raw)).uid);
  }
  const { cookie } = await signIn(world.gw, user.email, user.password);
  const tab = async () => {
    const socket = openSocket(world.gw, cookie);
    world.sockets.push(socket);
    const events = new EventLog(socket);
    await connected(socket);
    const window = unwrap(await request(socket, Events.MailboxOpen, { mailbox: 'INBOX' }));
    return { socket, events, uidValidity: window.uidValidity, rows: window.messages };
  };
  return { other, uids, tab };
}

describe('tags', () => {
  it('a tag set in one tab is stored on the server and reaches the other tab', async () => {
    const { other, uids, tab } = await account(['Plan', 'Lunch']);
    const first = await tab();
    const second = await tab();
    const ack = unwrap(
      await request(first.socket, Events.MessageSetFlags, {
        mailbox: 'INBOX',
        uidValidity: first.uidValidity,
        uids: [uids[0]!],
        add: [work.keyword],
      }),
    );
    expect(ack.changes).toEqual([{ uid: uids[0], flags: expect.arrayContaining([work.keyword]) }]);
    const pushed = await second.events.next(Events.MessageFlagsChanged, (e) =>
      e.changes.some((c) => c.uid === uids[0] && hasFlag(c.flags, work.keyword)),
    );
    expect(pushed.mailbox).toBe('INBOX');
    expect((await other.flags('INBOX')).get(uids[0]!)).toContain(work.keyword);
    expect((await other.flags('INBOX')).get(uids[1]!)).not.toContain(work.keyword);
  });

  it("another client's tag arrives by push, and a list row carries it", async () => {
    const { other, uids, tab } = await account(['Report']);
    const { socket, events, uidValidity } = await tab();
    await other.addFlags('INBOX', [uids[0]!], [important.keyword]);
    await events.next(Events.MessageFlagsChanged, (e) =>
      e.changes.some((c) => c.uid === uids[0] && hasFlag(c.flags, important.keyword)),
    );
    const window = unwrap(
      await request(socket, Events.MessageList, {
        mailbox: 'INBOX',
        uidValidity,
        offset: 0,
        limit: 5,
      }),
    );
    expect(window.messages[0]!.flags).toContain(important.keyword);

    await other.removeFlags('INBOX', [uids[0]!], [important.keyword]);
    await events.next(Events.MessageFlagsChanged, (e) =>
      e.changes.some((c) => c.uid === uids[0] && !hasFlag(c.flags, important.keyword)),
    );
  });

  it('search finds the tagged messages by their keyword, in a folder and everywhere', async () => {
    const { other, uids, tab } = await account(['One', 'Two', 'Three']);
    const { socket, uidValidity } = await tab();
    // The command connection has INBOX open already when the phone makes the tag: Dovecot's
    // first SEARCH there would not know the keyword yet (message-search.ts).
    unwrap(
      await request(socket, Events.MessageSetFlags, {
        mailbox: 'INBOX',
        uidValidity,
        uids: [uids[1]!],
        add: ['\\Seen'],
      }),
    );
    await other.addFlags('INBOX', [uids[0]!, uids[2]!], [work.keyword]);
    await other.append(
      'Archive',
      await buildMessage({ from: 'fay@example.test', to: ['x@example.test'], subject: 'Old' }),
      [work.keyword],
    );
    const found = unwrap(
      await request(socket, Events.MessageSearch, {
        mailbox: 'INBOX',
        query: { keyword: work.keyword },
      }),
    );
    expect(found.messages.map((m) => m.subject)).toEqual(['Three', 'One']);
    const everywhere = unwrap(
      await request(socket, Events.SearchEverywhere, { query: { keyword: work.keyword } }),
    );
    expect(everywhere.matches.map((m) => [m.mailbox, m.message.subject]).sort()).toEqual([
      ['Archive', 'Old'],
      ['INBOX', 'One'],
      ['INBOX', 'Three'],
    ]);
  });

  it('a search for a tag gains a message tagged since, by push; a search for text does not', async () => {
    const { other, uids, tab } = await account(['Alpha', 'Beta', 'Gamma']);
    const { socket, events } = await tab();
    await other.addFlags('INBOX', [uids[0]!], [work.keyword]);
    await events.next(Events.MessageFlagsChanged, (e) =>
      e.changes.some((c) => c.uid === uids[0] && hasFlag(c.flags, work.keyword)),
    );
    const tagged = unwrap(
      await request(socket, Events.MessageSearch, {
        mailbox: 'INBOX',
        query: { keyword: work.keyword },
      }),
    );
    expect(tagged.messages.map((m) => m.subject)).toEqual(['Alpha']);
    const byText = unwrap(
      await request(socket, Events.MessageSearch, { mailbox: 'INBOX', query: { subject: 'a' } }),
    );

    // Tagged on the phone: the tag search hears of it, with the row.
    await other.addFlags('INBOX', [uids[2]!], [work.keyword]);
    const matched = await events.next(Events.SearchMatched, (e) => e.searchId === tagged.searchId);
    expect(matched.messages.map((m) => m.subject)).toEqual(['Gamma']);
    expect(matched.messages[0]!.flags).toContain(work.keyword);

    // Another flag on a message that does not carry the tag: no match to tell.
    await other.addFlags('INBOX', [uids[1]!], ['\\Flagged']);
    await events.next(Events.MessageFlagsChanged, (e) =>
      e.changes.some((c) => c.uid === uids[1] && hasFlag(c.flags, '\\Flagged')),
    );
    // New mail that matches comes as ever; it is the next match the tag search tells of.
    await other.append(
      'INBOX',
      await buildMessage({ from: 'fay@example.test', to: ['x@example.test'], subject: 'Delta' }),
      [work.keyword],
    );
    const next = await events.next(
      Events.SearchMatched,
      (e) => e.searchId === tagged.searchId && e.messages.some((m) => m.subject === 'Delta'),
    );
    expect(next.messages.map((m) => m.subject)).toEqual(['Delta']);
    await events.next(
      Events.SearchMatched,
      (e) => e.searchId === byText.searchId && e.messages.some((m) => m.subject === 'Delta'),
    );
    const told = events.all(Events.SearchMatched);
    expect(told.filter((e) => e.searchId === tagged.searchId)).toHaveLength(2);
    // The search for text heard only of the new mail, never of a flag change.
    expect(
      told
        .filter((e) => e.searchId === byText.searchId)
        .map((e) => e.messages.map((m) => m.subject)),
    ).toEqual([['Delta']]);
  });

  it('refuses, with a reason, a tag the folder cannot keep, and changes nothing', async () => {
    const { other, tab } = await account([]);
    await other.createMailbox('Locked');
    const { uid } = await other.append(
      'Locked',
      await buildMessage({ from: 'fay@example.test', to: ['x@example.test'], subject: 'Kept' }),
    );
    const { socket } = await tab();
    const { uidValidity } = unwrap(
      await request(socket, Events.MailboxOpen, { mailbox: 'Locked' }),
    );
    const refused = await request(socket, Events.MessageSetFlags, {
      mailbox: 'Locked',
      uidValidity,
      uids: [uid],
      add: [work.keyword],
    });
    // imapflow alone would have sent no STORE and answered as if it had.
    expect(refused).toMatchObject({ ok: false, error: { code: ErrorCode.Unsupported } });
    expect(!refused.ok && refused.error.message).toContain(work.keyword);
    expect((await other.flags('Locked')).get(uid)).not.toContain(work.keyword);
    // What the folder allows still works.
    const read = unwrap(
      await request(socket, Events.MessageSetFlags, {
        mailbox: 'Locked',
        uidValidity,
        uids: [uid],
        add: ['\\Seen'],
      }),
    );
    expect(read.changes[0]!.flags).toContain('\\Seen');
    expect((await other.flags('Locked')).get(uid)).toContain('\\Seen');
  });
});
