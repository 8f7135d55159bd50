import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, Events, hasFlag, PROTOCOL_VERSION } from '@tidings/protocol';
import {
  buildMessage,
  MailClient,
  startDovecot,
  type Dovecot,
  type MailUser,
} from '@tidings/testkit';
import {
  connected,
  EventLog,
  openSocket,
  request,
  signIn,
  sleep,
  startTestGateway,
  unwrap,
  type ClientSocket,
  type TestGateway,
} from './harness.ts';
import { accountIdFor } from '../src/http/session-routes.ts';

/** Short enough to keep the suite fast, long enough that a healthy connection never trips it. */
const DEAD_CONNECTION_MS = 3_000;

let dovecot: Dovecot;
let gw: TestGateway;
const sockets: ClientSocket[] = [];
const clients: MailClient[] = [];
let counter = 0;

async function newUser(): Promise<MailUser> {
  const user = {
    email: `r${++counter}-${Date.now()}@example.test`,
    password: `pw-${counter}-secret`,
  };
  await dovecot.addUser(user);
  return user;
}

async function otherClient(user: MailUser): Promise<MailClient> {
  const client = await MailClient.connect(dovecot, user);
  clients.push(client);
  return client;
}

async function mail(user: MailUser, subject: string): Promise<Buffer> {
  return buildMessage({
    from: 'Carol <carol@example.test>',
    to: [user.email],
    subject,
    text: subject,
  });
}

async function tab(user: MailUser, auth: object = { protocolVersion: PROTOCOL_VERSION }) {
  const { cookie } = await signIn(gw, user.email, user.password);
  const socket = openSocket(gw, cookie, auth);
  sockets.push(socket);
  const events = new EventLog(socket);
  await connected(socket);
  return { socket, events, cookie };
}

/** The pid of the imap process that is IDLE for `email` (Dovecot's verbose proctitle says so). */
async function idlingPid(email: string): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    for (const pid of await dovecot.imapPids(email)) {
      const title = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      if (title.includes('IDLE')) return pid;
    }
    await sleep(100);
  }
  throw new Error(`no idling imap process for ${email}`);
}

/**
 * A tab on INBOX whose account's command connection rests, and that connection's imap process.
 * A first session of the user comes and goes before, so that Dovecot's report of its
 * auto-created folders (about half a second after the first LIST) cannot land in the test.
 */
async function tabWithRestingCommand(user: MailUser) {
  {
    const first = await tab(user);
    unwrap(await request(first.socket, Events.MailboxOpen, { mailbox: 'INBOX' }));
    unwrap(await request(first.socket, Events.MailboxList, {}));
    await first.events.next(Events.MailboxListChanged, () => true, 5_000).catch(() => undefined);
    first.socket.disconnect();
    await gw.gateway.accounts.close(accountIdFor(user.email));
  }
  const { socket, events } = await tab(user);
  const opened = unwrap(await request(socket, Events.MailboxOpen, { mailbox: 'INBOX' }));
  await events.next(Events.AccountStatus, (s) => s.imap === 'live');
  // Queued behind the catch-up sweep on the command connection: once answered, it rests.
  unwrap(await request(socket, Events.MailboxList, {}));
  const idler = await idlingPid(user.email);
  const resting = (await dovecot.imapPids(user.email)).filter((pid) => pid !== idler);
  expect(resting).toHaveLength(1);
  return { socket, events, opened, resting: resting[0]! };
}

beforeAll(async () => {
  dovecot = await startDovecot();
  gw = await startTestGateway(dovecot, { deadConnectionMs: DEAD_CONNECTION_MS });
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const c of clients) await c.close().catch(() => undefined);
  await gw?.close();
  await dovecot?.stop();
});

describe('dead connections', () => {
  it('detects a half-open IDLE connection (server process frozen) and converges', async () => {
    const user = await newUser();
    const other = await otherClient(user);
    await other.append('INBOX', await mail(user, 'before'));
    const { socket, events } = await tab(user);
    unwrap(await request(socket, Events.MailboxOpen, { mailbox: 'INBOX' }));
    await events.next(Events.AccountStatus, (s) => s.imap === 'live');
    const frozen = await idlingPid(user.email);
    process.kill(frozen, 'SIGSTOP');
    try {
      const { uid } = await other.append('INBOX', await mail(user, 'while frozen'));
      // Nothing can arrive over the frozen connection; the watchdog must notice the silence.
      await events.next(
        Events.AccountStatus,
        (s) => s.imap === 'reconnecting',
        DEAD_CONNECTION_MS * 3,
      );
      const added = await events.next(
        Events.MessageAdded,
        (e) => e.messages.some((m) => m.uid === uid),
        DEAD_CONNECTION_MS * 4,
      );
      expect(added.messages.find((m) => m.uid === uid)?.subject).toBe('while frozen');
      expect(events.all(Events.AccountStatus).at(-1)?.imap).toBe('live');
    } finally {
      process.kill(frozen, 'SIGCONT');
    }
  });

  it('leaves a resting command connection alone; the next request finds it half-open and still gets its answer', async () => {
    const user = await newUser();
    const setup = await MailClient.connect(dovecot, user);
    const { uid } = await setup.append('INBOX', await mail(user, 'flag me'));
    await setup.close();
    const { socket, events, opened, resting } = await tabWithRestingCommand(user);
    const flag = () =>
      request(socket, Events.MessageSetFlags, {
        mailbox: 'INBOX',
        uidValidity: opened.uidValidity,
        uids: [uid],
        add: ['\\Flagged'],
      });

    const statusBefore = events.all(Events.AccountStatus).length;
    process.kill(resting, 'SIGSTOP');
    try {
      // Nothing is outstanding on it, so nothing probes it: the push chain stays Live.
      await sleep(DEAD_CONNECTION_MS * 1.5);
      expect(events.all(Events.AccountStatus).slice(statusBefore)).toEqual([]);
      // A request waits on it; the watchdog notices and the request is answered, done on a
      // new connection or refused with a reason, instead of hanging for imapflow's 5 minutes.
      const answer = await flag();
      if (!answer.ok) expect(answer.error.message).not.toBe('');
    } finally {
      process.kill(resting, 'SIGCONT');
    }
    unwrap(await flag());
    const check = await otherClient(user);
    expect((await check.flags('INBOX')).get(uid)).toContain('\\Flagged');
  });

  it('shows new mail while the command connection is stuck: its row comes with the EXISTS', async () => {
    const user = await newUser();
    const { events, resting } = await tabWithRestingCommand(user);
    const statusBefore = events.all(Events.AccountStatus).length;
    process.kill(resting, 'SIGSTOP');
    try {
      const phone = await otherClient(user);
      const { uid } = await phone.append('INBOX', await mail(user, 'pushed with its row'));
      const added = await events.next(Events.MessageAdded, (e) =>
        e.messages.some((m) => m.uid === uid),
      );
      expect(added.messages.find((m) => m.uid === uid)).toMatchObject({
        subject: 'pushed with its row',
        from: [{ name: 'Carol', address: 'carol@example.test' }],
        preview: 'pushed with its row',
      });
      // Nothing waited on the frozen connection, so the watchdog had no cause to look at it.
      await sleep(DEAD_CONNECTION_MS * 1.5);
      expect(events.all(Events.AccountStatus).slice(statusBefore)).toEqual([]);
    } finally {
      process.kill(resting, 'SIGCONT');
    }
  });

  it('survives a Dovecot restart: Reconnecting, then Live with what changed meanwhile', async () => {
    const user = await newUser();
    const other = await otherClient(user);
    const kept = await other.append('INBOX', await mail(user, 'kept'));
    const doomed = await other.append('INBOX', await mail(user, 'doomed'));
    const { socket, events } = await tab(user);
    unwrap(await request(socket, Events.MailboxOpen, { mailbox: 'INBOX' }));
    await events.next(Events.AccountStatus, (s) => s.imap === 'live');
    const liveCount = events.all(Events.AccountStatus).length;

    await dovecot.restart();
    await events.next(Events.AccountStatus, (s) => s.imap === 'reconnecting');
    const phone = await MailClient.connect(dovecot, user);
    clients.push(phone);
    const { uid: fresh } = await phone.append('INBOX', await mail(user, 'while away'));
    await phone.addFlags('INBOX', [kept.uid], ['\\Seen']);
    await phone.expunge('INBOX', [doomed.uid]);

    await events.next(Events.MessageAdded, (e) => e.messages.some((m) => m.uid === fresh), 20_000);
    await events.next(Events.MessageExpunged, (e) => e.removed.some((r) => r.uid === doomed.uid));
    await events.next(Events.MessageFlagsChanged, (e) =>
      e.changes.some((c) => c.uid === kept.uid && hasFlag(c.flags, '\\Seen')),
    );
    const statuses = events.all(Events.AccountStatus).slice(liveCount);
    expect(statuses.at(-1)?.imap).toBe('live');
    const window = unwrap(await request(socket, Events.MailboxOpen, { mailbox: 'INBOX' }));
    expect(window.messages.map((m) => m.uid).sort()).toEqual((await phone.uids('INBOX')).sort());
  });
});

describe('replay and resync', () => {
  it('replays what a reconnecting tab missed, in order, and orders a resync when it cannot', async () => {
    const user = await newUser();
    const other = await otherClient(user);
    const first = await tab(user);
    unwrap(await request(first.socket, Events.MailboxOpen, { mailbox: 'INBOX' }));
    const { uid } = await other.append('INBOX', await mail(user, 'one'));
    const added = await first.events.next(Events.MessageAdded, (e) =>
      e.messages.some((m) => m.uid === uid),
    );
    const lastSeq = added.seq - 1; // pretend the tab never saw this push

    const { cookie } = await signIn(gw, user.email, user.password);
    const again = openSocket(gw, cookie, { protocolVersion: PROTOCOL_VERSION, lastSeq });
    sockets.push(again);
    const againEvents = new EventLog(again);
    await connected(again);
    const replayed = await againEvents.next(Events.MessageAdded);
    expect(replayed.seq).toBe(added.seq);
    expect(replayed.messages[0]!.uid).toBe(uid);

    const future = openSocket(gw, cookie, {
      protocolVersion: PROTOCOL_VERSION,
      lastSeq: added.seq + 1_000,
    });
    sockets.push(future);
    const futureEvents = new EventLog(future);
    await connected(future);
    await futureEvents.next(Events.AccountResync);
  });

  it('resets the mailbox in the browser when its UIDVALIDITY changes', async () => {
    const user = await newUser();
    const other = await otherClient(user);
    await other.createMailbox('Projects');
    await other.append('Projects', await mail(user, 'old project'));
    const { socket, events } = await tab(user);
    const opened = unwrap(await request(socket, Events.MailboxOpen, { mailbox: 'Projects' }));
    await other.deleteMailbox('Projects');
    // Dovecot derives a new mailbox's UIDVALIDITY from the clock in seconds: recreated within
    // the same second, the folder would keep its old value.
    await sleep(1_100);
    await other.createMailbox('Projects');
    await other.append('Projects', await mail(user, 'new project'));
    // The reset may come as soon as the folder goes (a load it interrupted had answered the
    // first rows early) or once the new one is seen; either way, reopening shows the new folder.
    await events.next(Events.MailboxReset, (e) => e.mailbox === 'Projects', 20_000);
    const reopenedAck = await request(socket, Events.MailboxOpen, { mailbox: 'Projects' });
    const reopened = unwrap(reopenedAck);
    expect(reopened.uidValidity).not.toBe(opened.uidValidity);
    expect(reopened.messages.map((m) => m.subject)).toEqual(['new project']);
  });
});

describe('many tabs', () => {
  it("a tab's action reaches the other tab without the server's echo", async () => {
    const user = await newUser();
    const other = await otherClient(user);
    const { uid } = await other.append('INBOX', await mail(user, 'shared'));
    const a = await tab(user);
    const b = await tab(user);
    const opened = unwrap(await request(a.socket, Events.MailboxOpen, { mailbox: 'INBOX' }));
    unwrap(await request(b.socket, Events.MailboxOpen, { mailbox: 'INBOX' }));
    // Freeze the idling connection's server process: no echo can come back over it.
    const idler = await idlingPid(user.email);
    process.kill(idler, 'SIGSTOP');
    try {
      unwrap(
        await request(a.socket, Events.MessageSetFlags, {
          mailbox: 'INBOX',
          uidValidity: opened.uidValidity,
          uids: [uid],
          add: ['\\Flagged'],
        }),
      );
      const change = await b.events.next(Events.MessageFlagsChanged, (e) =>
        e.changes.some((c) => c.uid === uid),
      );
      expect(change.changes[0]!.flags).toContain('\\Flagged');
      unwrap(
        await request(a.socket, Events.MessageMove, {
          mailbox: 'INBOX',
          uidValidity: opened.uidValidity,
          uids: [uid],
          destination: 'Archive',
        }),
      );
      const gone = await b.events.next(Events.MessageExpunged, (e) =>
        e.removed.some((r) => r.uid === uid),
      );
      expect(gone.total).toBe(0);
    } finally {
      process.kill(idler, 'SIGCONT');
    }
    expect(await other.uids('Archive')).toHaveLength(1);
    await sleep(1_500); // the echoes arrive now, and must not be pushed a second time
    expect(
      b.events.all(Events.MessageExpunged).filter((e) => e.removed.some((r) => r.uid === uid)),
    ).toHaveLength(1);
    expect(
      b.events.all(Events.MessageFlagsChanged).filter((e) => e.changes.some((c) => c.uid === uid)),
    ).toHaveLength(1);
  });

  it('a move into a folder that does not exist fails with a clear error and changes nothing', async () => {
    const user = await newUser();
    const other = await otherClient(user);
    const { uid } = await other.append('INBOX', await mail(user, 'stays'));
    const { socket } = await tab(user);
    const opened = unwrap(await request(socket, Events.MailboxOpen, { mailbox: 'INBOX' }));
    const res = await request(socket, Events.MessageMove, {
      mailbox: 'INBOX',
      uidValidity: opened.uidValidity,
      uids: [uid],
      destination: 'Gone',
    });
    expect(res).toMatchObject({ ok: false, error: { code: ErrorCode.CommandFailed } });
    expect(await other.uids('INBOX')).toEqual([uid]);
  });
});

describe('password changed elsewhere', () => {
  it('ends the session in every tab with a clear message, without a retry loop', async () => {
    const user = await newUser();
    const a = await tab(user);
    const b = await tab(user);
    unwrap(await request(a.socket, Events.MailboxOpen, { mailbox: 'INBOX' }));
    await dovecot.addUser({ ...user, password: 'changed-elsewhere' });
    await sleep(1_100); // Dovecot re-reads a passwd-file at most once a second
    await dovecot.kick(user.email);
    for (const t of [a, b]) {
      const ended = await t.events.next(Events.SessionEnded, () => true, 15_000);
      expect(ended.code).toBe(ErrorCode.AuthenticationFailed);
      expect(ended.message).toMatch(/no longer accepts your password/);
    }
    const res = await fetch(new URL('/api/session', gw.url), { headers: { cookie: a.cookie } });
    expect(res.status).toBe(401);
  });
});

describe('every folder live', () => {
  for (const folderWatch of ['auto', 'status'] as const) {
    it(`counts of other folders and new folders reach the tab (${folderWatch === 'auto' ? 'NOTIFY' : 'STATUS fallback'})`, async () => {
      const gateway =
        folderWatch === 'auto'
          ? gw
          : await startTestGateway(dovecot, { folderWatch, statusSweepMs: 60_000 });
      try {
        const user = await newUser();
        const other = await otherClient(user);
        const { cookie } = await signIn(gateway, user.email, user.password);
        const socket = openSocket(gateway, cookie);
        sockets.push(socket);
        const events = new EventLog(socket);
        await connected(socket);
        unwrap(await request(socket, Events.MailboxOpen, { mailbox: 'INBOX' }));
        unwrap(await request(socket, Events.MailboxList, {}));
        await events.next(Events.AccountStatus, (s) => s.imap === 'live');
        await other.append('Archive', await mail(user, 'archived elsewhere'));
        await other.createMailbox('Created Elsewhere');
        // With NOTIFY the server tells us; the fallback learns it when a tab regains focus.
        if (folderWatch === 'status') unwrap(await request(socket, Events.MailboxRefresh, {}));
        const counts = await events.next(
          Events.MailboxCountsChanged,
          (e) => e.mailbox === 'Archive',
        );
        expect(counts).toMatchObject({ total: 1, unread: 1 });
        await events.next(Events.MailboxListChanged);
        const { mailboxes } = unwrap(await request(socket, Events.MailboxList, {}));
        expect(mailboxes.map((m) => m.path)).toContain('Created Elsewhere');
      } finally {
        if (gateway !== gw) await gateway.close();
      }
    });
  }

  it('a burst of folder changes elsewhere reaches the tab as one mailbox:listChanged', async () => {
    const user = await newUser();
    const { socket, events } = await tab(user);
    unwrap(await request(socket, Events.MailboxOpen, { mailbox: 'INBOX' }));
    unwrap(await request(socket, Events.MailboxList, {}));
    // A user's first session hears of the auto-created folders (one burst of ten): let it pass.
    await events.next(Events.MailboxListChanged, () => true, 5_000).catch(() => undefined);
    await sleep(600);
    const before = events.all(Events.MailboxListChanged).length;
    const lastSeq = events.all(Events.MailboxListChanged).at(-1)?.seq ?? 0;
    const other = await otherClient(user);
    for (const name of ['Burst 1', 'Burst 2', 'Burst 3']) await other.createMailbox(name);
    await events.next(Events.MailboxListChanged, (e) => e.seq > lastSeq, 5_000);
    await sleep(600); // Dovecot's NOTIFY delay is 500 ms: a second push would have come by now
    expect(events.all(Events.MailboxListChanged).length - before).toBe(1);
  });
});
