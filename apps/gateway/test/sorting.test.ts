import { describe, expect, it } from 'vitest';
import {
  ErrorCode,
  Events,
  hasFlag,
  LOCAL_SORT_LIMIT,
  type MessageWindow,
  type SortKey,
  type SortOrder,
} from '@tidings/protocol';
import { buildMessage, fillMailbox, MailClient, type MailUser } from '@tidings/testkit';
import { connected, EventLog, fileWorld, openSocket, request, signIn, unwrap } from './harness.ts';

let counter = 0;

/**
 * Appended in this order (so UID order is A, B, C, D). Display names and addresses disagree
 * (Zoe's address sorts first), two subjects carry what RFC 5256's base subject strips, Ann
 * wrote twice (ties come newest first), and the bodies make the sizes differ.
 */
const MESSAGES = {
  A: { from: 'Zoe Adams <a@example.test>', subject: 'Re: banana', day: 3, body: 100 },
  B: { from: 'Ann Young <zz@example.test>', subject: 'apple', day: 5, body: 5_000 },
  C: { from: 'Mia Brown <m@example.test>', subject: 'Cherry', day: 1, body: 2_000 },
  D: { from: 'Ann Young <zz@example.test>', subject: '[list] date', day: 7, body: 10 },
} as const;
type Name = keyof typeof MESSAGES | 'E';

async function account(world: ReturnType<typeof fileWorld>) {
  const user: MailUser = { email: `sort${++counter}@example.test`, password: `sort-${counter}-pw` };
  await world.dovecot.addUser(user);
  const other = await MailClient.connect(world.dovecot, user);
  world.clients.push(other);
  const uidOf = new Map<Name, number>();
  for (const [name, spec] of Object.entries(MESSAGES)) {
    const raw = await buildMessage({
      from: spec.from,
      to: [user.email],
      subject: spec.subject,
      date: new Date(Date.UTC(2026, 0, spec.day, 9)),
      text: 'x'.repeat(spec.body),
    });
    uidOf.set(name as Name, (await other.append('INBOX', raw)).uid);
  }
  const { cookie } = await signIn(world.gw, user.email, user.password);
  const socket = openSocket(world.gw, cookie);
  world.sockets.push(socket);
  const events = new EventLog(socket);
  await connected(socket);
  const opened = unwrap(await request(socket, Events.MailboxOpen, { mailbox: 'INBOX' }));
  const names = (window: MessageWindow) =>
    window.messages.map((row) => [...uidOf].find(([, uid]) => uid === row.uid)?.[0] ?? row.uid);
  const list = (by: SortKey, reverse: boolean, offset = 0, limit = 50) =>
    request(socket, Events.MessageList, {
      mailbox: 'INBOX',
      uidValidity: opened.uidValidity,
      offset,
      limit,
      sort: { by, reverse },
    });
  return { user, other, socket, events, uidOf, opened, names, list };
}

describe('sorted windows against the private Dovecot', () => {
  const world = fileWorld();

  it('answers every order the server can sort by, echoing it, with paging', async () => {
    const acc = await account(world);
    const sorted = async (by: SortKey, reverse: boolean) => {
      const window = unwrap(await acc.list(by, reverse));
      expect(window.sort).toEqual({ by, reverse });
      expect(window.total).toBe(4);
      expect(window.unread).toBe(4);
      expect(window.seq).toBeGreaterThanOrEqual(acc.opened.seq);
      return acc.names(window);
    };
    // Display names (SORT=DISPLAY), not addresses; Ann's two newest first.
    expect(await sorted('from', false)).toEqual(['D', 'B', 'C', 'A']);
    expect(await sorted('from', true)).toEqual(['A', 'C', 'D', 'B']);
    // Base subjects: "Re:" and "[list]" do not count, nor does case.
    expect(await sorted('subject', false)).toEqual(['B', 'A', 'C', 'D']);
    expect(await sorted('subject', true)).toEqual(['D', 'C', 'A', 'B']);
    expect(await sorted('size', true)).toEqual(['B', 'C', 'A', 'D']);
    expect(await sorted('size', false)).toEqual(['D', 'A', 'C', 'B']);
    // The Date header, not the order of arrival.
    expect(await sorted('date', true)).toEqual(['D', 'B', 'A', 'C']);
    expect(await sorted('received', false)).toEqual(['A', 'B', 'C', 'D']);
    // The live order is the same with or without asking for it, and echoes nothing.
    const live = unwrap(await acc.list('received', true));
    expect(acc.names(live)).toEqual(['D', 'C', 'B', 'A']);
    expect(live.sort).toBeUndefined();

    expect(acc.names(unwrap(await acc.list('from', false, 1, 2)))).toEqual(['B', 'C']);
    expect(acc.names(unwrap(await acc.list('received', false, 3, 5)))).toEqual(['D']);
    expect(unwrap(await acc.list('size', true, 9, 5)).messages).toEqual([]);

    const opened = unwrap(
      await request(acc.socket, Events.MailboxOpen, {
        mailbox: 'INBOX',
        limit: 2,
        sort: { by: 'subject', reverse: false },
      }),
    );
    expect(acc.names(opened)).toEqual(['B', 'A']);
    expect(opened.sort).toEqual({ by: 'subject', reverse: false });
  });

  it('keeps an order right as mail arrives, leaves and changes flags', async () => {
    const acc = await account(world);
    const byFrom = async (offset = 0, limit = 50) =>
      unwrap(await acc.list('from', false, offset, limit));
    expect(acc.names(await byFrom())).toEqual(['D', 'B', 'C', 'A']);

    const raw = await buildMessage({
      from: 'Nora Ng <aaa@example.test>',
      to: [acc.user.email],
      subject: 'new',
      date: new Date(Date.UTC(2026, 0, 2, 9)),
    });
    acc.uidOf.set('E', (await acc.other.append('INBOX', raw)).uid);
    const added = await acc.events.next(Events.MessageAdded);
    const withNew = await byFrom();
    // Between Mia and Zoe: placed by a new SORT, not put on top as an unplaced arrival.
    expect(acc.names(withNew)).toEqual(['D', 'B', 'C', 'E', 'A']);
    expect(withNew.total).toBe(5);
    expect(withNew.seq).toBeGreaterThanOrEqual(added.seq);
    expect(acc.names(await byFrom(2, 2))).toEqual(['C', 'E']);

    await acc.other.expunge('INBOX', [acc.uidOf.get('B')!]);
    await acc.events.next(Events.MessageExpunged);
    const without = await byFrom();
    expect(acc.names(without)).toEqual(['D', 'C', 'E', 'A']);
    expect(without.total).toBe(4);

    await acc.other.addFlags('INBOX', [acc.uidOf.get('C')!], ['\\Seen']);
    await acc.events.next(Events.MessageFlagsChanged);
    const read = await byFrom();
    expect(read.unread).toBe(3);
    expect(read.messages.map((row) => hasFlag(row.flags, '\\Seen'))).toEqual([
      false,
      true,
      false,
      false,
    ]);
  });

  it('sorts on a connection of its own: a stalled SORT holds up nothing else of the account', async () => {
    const acc = await account(world);
    const uidValidity = acc.opened.uidValidity;
    const uid = acc.uidOf.get('C')!;
    const readC = async () =>
      unwrap(await request(acc.socket, Events.MessageGet, { mailbox: 'INBOX', uidValidity, uid }));
    // The command connection starts after the sign-in's login and may still be logging in:
    // a read on it first, so that only the sort connection is new below.
    await readC();
    const before = await world.dovecot.imapPids(acc.user.email);
    expect(acc.names(unwrap(await acc.list('from', false)))).toEqual(['D', 'B', 'C', 'A']);
    const sorter = (await world.dovecot.imapPids(acc.user.email)).filter(
      (pid) => !before.includes(pid),
    );
    expect(sorter).toHaveLength(1);
    // The server process of that connection stops, as a first SORT of a big folder would keep
    // it busy for seconds; another order is asked for, and waits.
    process.kill(sorter[0]!, 'SIGSTOP');
    try {
      let answered = false;
      const bySubject = acc.list('subject', false).finally(() => (answered = true));
      unwrap(
        await request(acc.socket, Events.MessageSetFlags, {
          mailbox: 'INBOX',
          uidValidity,
          uids: [uid],
          add: ['\\Flagged'],
        }),
      );
      expect((await readC()).subject).toBe('Cherry');
      expect(answered).toBe(false);
      process.kill(sorter[0]!, 'SIGCONT');
      expect(acc.names(unwrap(await bySubject))).toEqual(['B', 'A', 'C', 'D']);
    } finally {
      process.kill(sorter[0]!, 'SIGCONT');
    }
  });

  it('opens another folder straight in an order (its SORT runs while it loads)', async () => {
    const acc = await account(world);
    await acc.other.createMailbox('Sorted');
    for (const spec of Object.values(MESSAGES)) {
      const raw = await buildMessage({
        from: spec.from,
        to: [acc.user.email],
        subject: spec.subject,
        date: new Date(Date.UTC(2026, 0, spec.day, 9)),
        text: 'x'.repeat(spec.body),
      });
      await acc.other.append('Sorted', raw);
    }
    for (const [sort, subjects] of [
      [{ by: 'from', reverse: false }, ['[list] date', 'apple', 'Cherry', 'Re: banana']],
      [{ by: 'size', reverse: true }, ['apple', 'Cherry', 'Re: banana', '[list] date']],
    ] as const) {
      // Back to the Inbox first, so that Sorted is not the folder loaded already.
      unwrap(await request(acc.socket, Events.MailboxOpen, { mailbox: 'INBOX', limit: 1 }));
      const opened = unwrap(
        await request(acc.socket, Events.MailboxOpen, { mailbox: 'Sorted', sort }),
      );
      expect(opened.sort).toEqual(sort);
      expect(opened.messages.map((m) => m.subject)).toEqual(subjects);
    }
  });

  it('refuses what it cannot answer, and the gateway carries on', async () => {
    const acc = await account(world);
    const wrongValidity = await request(acc.socket, Events.MessageList, {
      mailbox: 'INBOX',
      uidValidity: acc.opened.uidValidity + 1,
      offset: 0,
      limit: 10,
      sort: { by: 'from', reverse: false },
    });
    expect(wrongValidity.ok || wrongValidity.error.code).toBe(ErrorCode.UidValidityChanged);
    const badSort = await request(acc.socket, Events.MessageList, {
      mailbox: 'INBOX',
      uidValidity: acc.opened.uidValidity,
      offset: 0,
      limit: 10,
      sort: { by: 'cc', reverse: false } as unknown as SortOrder,
    });
    expect(badSort.ok || badSort.error.code).toBe(ErrorCode.BadRequest);
    expect(acc.names(unwrap(await acc.list('size', false)))).toEqual(['D', 'A', 'C', 'B']);
  });
});

describe('a server without SORT', () => {
  // Dovecot advertising what it has except SORT (and THREAD, NOTIFY): the gateway must not
  // send a command the server did not offer, and sorts small folders itself.
  const world = fileWorld({
    extraConfig:
      'imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ NAMESPACE UIDPLUS MOVE ESEARCH SPECIAL-USE CONDSTORE',
  });

  it('sorts a folder of up to 5,000 messages itself, as the server would', async () => {
    const acc = await account(world);
    const sorted = async (by: SortKey, reverse: boolean) => {
      const window = unwrap(await acc.list(by, reverse));
      expect(window.sort).toEqual({ by, reverse });
      return acc.names(window);
    };
    // The same orders as Dovecot's own SORT gives above.
    expect(await sorted('from', false)).toEqual(['D', 'B', 'C', 'A']);
    expect(await sorted('subject', false)).toEqual(['B', 'A', 'C', 'D']);
    expect(await sorted('size', true)).toEqual(['B', 'C', 'A', 'D']);
    expect(await sorted('date', true)).toEqual(['D', 'B', 'A', 'C']);
    expect(await sorted('received', false)).toEqual(['A', 'B', 'C', 'D']);

    // New mail is sorted in too.
    const raw = await buildMessage({
      from: 'Nora Ng <aaa@example.test>',
      to: [acc.user.email],
      subject: 'new',
    });
    acc.uidOf.set('E', (await acc.other.append('INBOX', raw)).uid);
    await acc.events.next(Events.MessageAdded);
    expect(await sorted('from', false)).toEqual(['D', 'B', 'C', 'E', 'A']);
  });

  it('says so, with the numbers, for a bigger folder; newest and oldest first still work', async () => {
    const user: MailUser = { email: `sortbig@example.test`, password: 'sort-big-pw' };
    await world.dovecot.addUser(user);
    await fillMailbox(world.dovecot, user, { count: LOCAL_SORT_LIMIT + 1, seed: 5 });
    const { cookie } = await signIn(world.gw, user.email, user.password);
    const socket = openSocket(world.gw, cookie);
    world.sockets.push(socket);
    await connected(socket);
    const opened = unwrap(await request(socket, Events.MailboxOpen, { mailbox: 'INBOX' }));
    const list = (by: SortKey, reverse: boolean) =>
      request(socket, Events.MessageList, {
        mailbox: 'INBOX',
        uidValidity: opened.uidValidity,
        offset: 0,
        limit: 10,
        sort: { by, reverse },
      });
    const refused = await list('from', false);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe(ErrorCode.Unsupported);
      expect(refused.error.message).toMatch(/cannot sort.*up to 5,000.*has 5,001/);
    }
    const oldest = unwrap(await list('received', false));
    const uids = oldest.messages.map((m) => m.uid);
    expect(uids).toEqual([...uids].sort((a, b) => a - b));
    expect(oldest.total).toBe(LOCAL_SORT_LIMIT + 1);
    // Oldest first starts below the newest first window's last row.
    expect(uids[0]).toBeLessThan(opened.messages.at(-1)!.uid);
  });
});
