import { beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, Events, ThreadMethod, ThreadSource, type ThreadPage } from '@tidings/protocol';
import { buildMessage, MailClient, type MailUser, type MessageSpec } from '@tidings/testkit';
import { connected, fileWorld, openSocket, request, signIn, unwrap } from './harness.ts';

const world = fileWorld();
let counter = 0;

const id = (name: string) => `<${name}@conversations.example.test>`;

/**
 * Real threads, appended oldest first (UID order): a reply chain linked by In-Reply-To and
 * References, two replies to a message that is not in the mailbox, a message on its own, and
 * two messages that share a subject and nothing else (two conversations: THREAD=REFS and the
 * header grouping never join mail by subject; RFC 5256 REFERENCES would).
 */
const THREADED: (Omit<MessageSpec, 'from' | 'to'> & { name: string })[] = [
  { name: 'trip1', subject: 'Trip to Lisbon', messageId: id('trip1') },
  { name: 'lost1', subject: 'Re: Minutes', messageId: id('lost1'), references: [id('gone')] },
  {
    name: 'trip2',
    subject: 'Re: Trip to Lisbon',
    messageId: id('trip2'),
    inReplyTo: id('trip1'),
    references: [id('trip1')],
  },
  { name: 'menu1', subject: 'Menu', messageId: id('menu1') },
  { name: 'solo', subject: 'Parking permit', messageId: id('solo') },
  { name: 'lost2', subject: 'Re: Minutes', messageId: id('lost2'), inReplyTo: id('gone') },
  { name: 'menu2', subject: 'Menu', messageId: id('menu2') },
  {
    name: 'trip3',
    subject: 'Re: Trip to Lisbon',
    messageId: id('trip3'),
    inReplyTo: id('trip2'),
    references: [id('trip1'), id('trip2')],
  },
];

async function account() {
  const user: MailUser = { email: `conv${++counter}@example.test`, password: `conv-${counter}-pw` };
  await world.dovecot.addUser(user);
  const other = await MailClient.connect(world.dovecot, user);
  world.clients.push(other);
  const uidOf = new Map<string, number>();
  for (const spec of THREADED) {
    const raw = await buildMessage({ from: 'Ana <ana@example.test>', to: [user.email], ...spec });
    uidOf.set(spec.name, (await other.append('INBOX', raw)).uid);
  }
  const { cookie } = await signIn(world.gw, user.email, user.password);
  const socket = openSocket(world.gw, cookie);
  world.sockets.push(socket);
  await connected(socket);
  const window = unwrap(await request(socket, Events.MailboxOpen, { mailbox: 'INBOX' }));
  const uids = (...names: string[]) => names.map((name) => uidOf.get(name)!).sort((a, b) => b - a);
  return { other, socket, uids, uidValidity: window.uidValidity };
}

type Account = Awaited<ReturnType<typeof account>>;

function threads(acc: Account, source: ThreadSource, offset = 0, limit = 50): Promise<ThreadPage> {
  return request(acc.socket, Events.MessageThreads, {
    mailbox: 'INBOX',
    uidValidity: acc.uidValidity,
    offset,
    limit,
    source,
  }).then(unwrap);
}

/** What both ways of threading must find, newest activity first, each newest message first. */
function expectedGroups(acc: Account): number[][] {
  return [
    acc.uids('trip1', 'trip2', 'trip3'),
    acc.uids('menu2'),
    acc.uids('lost1', 'lost2'),
    acc.uids('solo'),
    acc.uids('menu1'),
  ];
}

describe('conversations against the private Dovecot', () => {
  let acc: Account;
  beforeAll(async () => {
    acc = await account();
  });

  it('Dovecot offers THREAD=REFS and the gateway uses it', async () => {
    const page = await threads(acc, ThreadSource.Auto);
    expect(page.method).toBe(ThreadMethod.Server);
    expect(page.threads.map((t) => t.uids)).toEqual(expectedGroups(acc));
    expect(page).toMatchObject({ total: 8, threaded: 8, totalThreads: 5, offset: 0 });
  });

  it('grouping by headers (forced) finds the same threads', async () => {
    const page = await threads(acc, ThreadSource.Headers);
    expect(page.method).toBe(ThreadMethod.Headers);
    expect(page.threads.map((t) => t.uids)).toEqual(expectedGroups(acc));
    expect(page).toMatchObject({ total: 8, threaded: 8, totalThreads: 5 });
  });

  it('answers rows, unread counts and flags per thread, and pages', async () => {
    await acc.other.addFlags('INBOX', acc.uids('trip1', 'menu2'), ['\\Seen']);
    await acc.other.addFlags('INBOX', acc.uids('solo'), ['\\Flagged']);
    const [trip, menu, lost, solo, firstMenu] = (await threads(acc, ThreadSource.Auto)).threads;
    expect(trip!.messages.map((m) => m.subject)).toEqual([
      'Re: Trip to Lisbon',
      'Re: Trip to Lisbon',
      'Trip to Lisbon',
    ]);
    expect(trip!.messages.map((m) => m.uid)).toEqual(trip!.uids);
    const all = [trip!, menu!, lost!, solo!, firstMenu!];
    expect(all.map((thread) => thread.unread)).toEqual([2, 0, 2, 1, 1]);
    expect(all.map((thread) => thread.flagged)).toEqual([false, false, false, true, false]);

    const second = await threads(acc, ThreadSource.Auto, 1, 2);
    expect(second.threads.map((t) => t.uids)).toEqual(expectedGroups(acc).slice(1, 3));
    expect(second).toMatchObject({ offset: 1, totalThreads: 5 });
  });

  it.each([ThreadSource.Auto, ThreadSource.Headers])(
    'a new reply joins its thread, which moves to the top (%s)',
    async (source) => {
      const fresh = await account();
      const raw = await buildMessage({
        from: 'Bo <bo@example.test>',
        to: ['x@example.test'],
        subject: 'Re: Minutes',
        messageId: id(`late-${source}`),
        inReplyTo: id('lost1'),
        references: [id('gone'), id('lost1')],
      });
      const late = (await fresh.other.append('INBOX', raw)).uid;
      const page = await threads(fresh, source);
      expect(page.threads[0]!.uids).toEqual([late, ...fresh.uids('lost1', 'lost2')]);
      expect(page.totalThreads).toBe(5);

      await fresh.other.expunge('INBOX', fresh.uids('solo'));
      const after = await threads(fresh, source);
      expect(after.totalThreads).toBe(4);
      expect(after.threads.flatMap((t) => t.uids)).not.toContain(fresh.uids('solo')[0]);
    },
  );

  it('refuses a stale uidValidity and an unknown folder', async () => {
    const stale = await request(acc.socket, Events.MessageThreads, {
      mailbox: 'INBOX',
      uidValidity: acc.uidValidity + 1,
      offset: 0,
      limit: 10,
    });
    expect(stale).toMatchObject({ ok: false, error: { code: ErrorCode.UidValidityChanged } });
    const missing = await request(acc.socket, Events.MessageThreads, {
      mailbox: 'Nowhere',
      uidValidity: acc.uidValidity,
      offset: 0,
      limit: 10,
    });
    expect(missing).toMatchObject({ ok: false, error: { code: ErrorCode.MailboxNotFound } });
    const malformed = await request(acc.socket, Events.MessageThreads, {
      mailbox: 'INBOX',
      uidValidity: acc.uidValidity,
      offset: 0,
      limit: 10_000,
    });
    expect(malformed).toMatchObject({ ok: false, error: { code: ErrorCode.BadRequest } });
  });
});
