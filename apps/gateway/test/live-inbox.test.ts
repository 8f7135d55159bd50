import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, ErrorCode, Events, HttpPath, hasFlag } from '@tidings/protocol';
import { buildMessage, MailClient, startDovecot, type Dovecot } from '@tidings/testkit';
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

const alice = { email: 'alice@example.test', password: 'alice-secret-Pa55' };
const bob = { email: 'bob@example.test', password: 'bob-secret-Pa55' };

let dovecot: Dovecot;
let gw: TestGateway;
let other: MailClient; // "another mail client" acting on alice's mailbox
const sockets: ClientSocket[] = [];

function track(socket: ClientSocket): ClientSocket {
  sockets.push(socket);
  return socket;
}

async function message(subject: string): Promise<Buffer> {
  return buildMessage({
    from: 'Carol <carol@example.test>',
    to: [alice.email],
    subject,
    text: `Body of ${subject}`,
  });
}

beforeAll(async () => {
  dovecot = await startDovecot({ users: [alice, bob] });
  other = await MailClient.connect(dovecot, alice);
  for (let i = 1; i <= 5; i++)
    await other.append('INBOX', await message(`Seed ${i}`), i % 2 ? ['\\Seen'] : []);
  gw = await startTestGateway(dovecot);
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await other?.close();
  await gw?.close();
  await dovecot?.stop();
});

describe('live inbox', () => {
  let tab: ClientSocket;
  let tabEvents: EventLog;
  let bobEvents: EventLog;
  let uidValidity: number;

  beforeAll(async () => {
    const { cookie } = await signIn(gw, alice.email, alice.password);
    tab = track(openSocket(gw, cookie));
    tabEvents = new EventLog(tab);
    await connected(tab);
    const bobSession = await signIn(gw, bob.email, bob.password);
    const bobTab = track(openSocket(gw, bobSession.cookie));
    bobEvents = new EventLog(bobTab);
    await connected(bobTab);
    unwrap(await request(bobTab, Events.MailboxOpen, { mailbox: 'INBOX' }));
  });

  it('lists folders with special-use roles and unread counts', async () => {
    const { mailboxes } = unwrap(await request(tab, Events.MailboxList, {}));
    const inbox = mailboxes.find((m) => m.path === 'INBOX');
    expect(inbox).toMatchObject({ role: 'inbox', total: 5, unread: 2 });
    const roles = mailboxes.map((m) => m.role);
    for (const role of ['sent', 'drafts', 'trash', 'junk', 'archive'])
      expect(roles).toContain(role);
  });

  it('opens INBOX with its count and the newest window, newest first', async () => {
    const window = unwrap(await request(tab, Events.MailboxOpen, { mailbox: 'INBOX', limit: 3 }));
    uidValidity = window.uidValidity;
    expect(window.total).toBe(5);
    expect(window.unread).toBe(2);
    expect(window.messages.map((m) => m.subject)).toEqual(['Seed 5', 'Seed 4', 'Seed 3']);
    expect(window.messages[0]!.from[0]).toEqual({ name: 'Carol', address: 'carol@example.test' });
    // Dovecot offers PREVIEW (RFC 8970): the list shows the start of the body.
    expect(window.messages[0]!.preview).toBe('Body of Seed 5');
    const next = unwrap(
      await request(tab, Events.MessageList, {
        mailbox: 'INBOX',
        uidValidity,
        offset: 3,
        limit: 3,
      }),
    );
    expect(next.messages.map((m) => m.subject)).toEqual(['Seed 2', 'Seed 1']);
    const beyond = unwrap(
      await request(tab, Events.MessageList, {
        mailbox: 'INBOX',
        uidValidity,
        offset: 50,
        limit: 3,
      }),
    );
    expect(beyond.messages).toEqual([]);
    const stale = await request(tab, Events.MessageList, {
      mailbox: 'INBOX',
      uidValidity: uidValidity + 1,
      offset: 0,
      limit: 3,
    });
    expect(stale).toMatchObject({ ok: false, error: { code: ErrorCode.UidValidityChanged } });
  });

  it("another client's APPEND arrives as message:added with the right UID and subject", async () => {
    const { uid } = await other.append('INBOX', await message('Fresh news'));
    const added = await tabEvents.next(Events.MessageAdded, (e) =>
      e.messages.some((m) => m.uid === uid),
    );
    expect(added.messages[0]).toMatchObject({
      uid,
      subject: 'Fresh news',
      preview: 'Body of Fresh news',
    });
    // The folder list's counts come with it: one push per change, no mailbox:countsChanged.
    expect(added).toMatchObject({ total: 6, unread: 3, uidValidity });
  });

  it('an action on a message the moment it arrives reaches the server', async () => {
    // The idle connection hears of it; the command connection acts on it, and must not do so
    // from an older view of the mailbox, where that UID does not exist yet and a STORE finds
    // nothing (RFC 3501 §6.4.8).
    for (const subject of ['Just in 1', 'Just in 2']) {
      const { uid } = await other.append('INBOX', await message(subject));
      await tabEvents.next(Events.MessageAdded, (e) => e.messages.some((m) => m.uid === uid));
      const ack = unwrap(
        await request(tab, Events.MessageSetFlags, {
          mailbox: 'INBOX',
          uidValidity,
          uids: [uid],
          add: ['\\Seen'],
        }),
      );
      expect(ack.changes).toEqual([{ uid, flags: expect.arrayContaining(['\\Seen']) }]);
      expect(await other.flags('INBOX').then((f) => f.get(uid))).toContain('\\Seen');
      await other.expunge('INBOX', [uid]);
      await tabEvents.next(Events.MessageExpunged, (e) => e.removed.some((r) => r.uid === uid));
    }
  });

  it("another client's \\Seen arrives as message:flagsChanged by UID", async () => {
    const uids = await other.uids('INBOX');
    const target = uids[uids.length - 1]!;
    await other.addFlags('INBOX', [target], ['\\Seen']);
    const change = await tabEvents.next(Events.MessageFlagsChanged, (e) =>
      e.changes.some((c) => c.uid === target && hasFlag(c.flags, '\\Seen')),
    );
    expect(change).toMatchObject({ mailbox: 'INBOX', total: 6, unread: 2 });
  });

  it("another client's expunge arrives as message:expunged by UID", async () => {
    const uids = await other.uids('INBOX');
    const target = uids[1]!;
    const unreadLeft = [...(await other.flags('INBOX'))].filter(
      ([uid, flags]) => uid !== target && !hasFlag(flags, '\\Seen'),
    ).length;
    await other.expunge('INBOX', [target]);
    const expunged = await tabEvents.next(Events.MessageExpunged, (e) =>
      e.removed.some((r) => r.uid === target),
    );
    expect(expunged).toMatchObject({ total: 5, unread: unreadLeft });
    expect(expunged.removed).toEqual([{ uid: target, position: 4 }]);
    // Every change of the open mailbox came as one push, its counts inside.
    expect(tabEvents.all(Events.MailboxCountsChanged).filter((e) => e.mailbox === 'INBOX')).toEqual(
      [],
    );
  });

  it("a tab's own flag change reaches the other tabs once, echo not applied twice", async () => {
    const { cookie } = await signIn(gw, alice.email, alice.password);
    const second = track(openSocket(gw, cookie));
    const secondEvents = new EventLog(second);
    await connected(second);
    const [newest] = unwrap(
      await request(tab, Events.MailboxOpen, { mailbox: 'INBOX', limit: 1 }),
    ).messages;
    const ack = unwrap(
      await request(tab, Events.MessageSetFlags, {
        mailbox: 'INBOX',
        uidValidity,
        uids: [newest!.uid],
        add: ['\\Flagged'],
      }),
    );
    expect(ack.changes).toEqual([
      { uid: newest!.uid, flags: expect.arrayContaining(['\\Flagged']) },
    ]);
    await secondEvents.next(Events.MessageFlagsChanged, (e) =>
      e.changes.some((c) => c.uid === newest!.uid),
    );
    await sleep(1_500); // past Dovecot's 500 ms notify delay: the echo has come and gone
    const flagged = secondEvents
      .all(Events.MessageFlagsChanged)
      .filter((e) => e.changes.some((c) => c.uid === newest!.uid));
    expect(flagged).toHaveLength(1);
    expect(await other.flags('INBOX').then((f) => f.get(newest!.uid))).toContain('\\Flagged');
  });

  it('events carry an increasing seq', () => {
    const seqs = tabEvents.events
      .map((e) => (e.payload as { seq?: number }).seq)
      .filter((s): s is number => s !== undefined);
    expect(seqs.length).toBeGreaterThan(3);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it("never shows account A's events to account B", () => {
    // Bob's own folder list may change (Dovecot creates his special-use folders on first
    // login); nothing of Alice's mailbox may reach him.
    const aliceShaped = [
      Events.MessageAdded,
      Events.MessageExpunged,
      Events.MessageFlagsChanged,
      Events.MailboxCountsChanged,
      Events.MailboxReset,
    ];
    expect(
      bobEvents.events.filter((e) => aliceShaped.includes(e.name as (typeof aliceShaped)[number])),
    ).toEqual([]);
    expect(tabEvents.all(Events.MessageAdded).length).toBeGreaterThan(0);
  });

  it('answers malformed requests with BAD_REQUEST and keeps serving', async () => {
    const emitRaw = (event: string, payload: unknown) =>
      new Promise<{ ok: boolean; error?: { code: string } }>((resolve) =>
        (tab.emit as (...a: unknown[]) => void)(event, payload, resolve),
      );
    for (const payload of [
      null,
      'INBOX',
      { mailbox: '' },
      { mailbox: 'INBOX', limit: -5 },
      { mailbox: { $gt: '' } },
    ]) {
      expect(await emitRaw(Events.MailboxOpen, payload)).toMatchObject({
        ok: false,
        error: { code: ErrorCode.BadRequest },
      });
    }
    expect(
      await emitRaw(Events.MessageSetFlags, {
        mailbox: 'INBOX',
        uidValidity,
        uids: [1],
        add: ['\\Seen) UID EXPUNGE 1:*'],
      }),
    ).toMatchObject({
      ok: false,
      error: { code: ErrorCode.BadRequest },
    });
    const missing = await request(tab, Events.MailboxOpen, { mailbox: 'No Such Folder' });
    expect(missing).toMatchObject({ ok: false, error: { code: ErrorCode.MailboxNotFound } });
    const back = unwrap(await request(tab, Events.MailboxOpen, { mailbox: 'INBOX' }));
    expect(back.total).toBe(5);
  });

  it('sign-out ends the session and its sockets', async () => {
    const session = await signIn(gw, bob.email, bob.password);
    const socket = track(openSocket(gw, session.cookie));
    const events = new EventLog(socket);
    await connected(socket);
    const disconnected = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    const res = await fetch(new URL(HttpPath.Session, gw.url), {
      method: 'DELETE',
      headers: { cookie: session.cookie, [CSRF_HEADER]: session.csrfToken, origin: gw.origin },
    });
    expect(res.status).toBe(204);
    await events.next(Events.SessionEnded);
    await disconnected;
    const again = track(openSocket(gw, session.cookie));
    await expect(connected(again)).rejects.toMatchObject({
      data: { code: ErrorCode.Unauthenticated },
    });
  });

  it('never writes a password to the log', () => {
    expect(gw.logs.text.length).toBeGreaterThan(0);
    expect(gw.logs.text).not.toContain(alice.password);
    expect(gw.logs.text).not.toContain(bob.password);
  });
});

describe('previews', () => {
  it('shows a preview with 8-bit text, which the server sends as a literal, listed and pushed', async () => {
    const dana = { email: 'dana@example.test', password: 'dana-secret-Pa55' };
    await dovecot.addUser(dana);
    const danaClient = await MailClient.connect(dovecot, dana);
    const receipt = (text: string) =>
      buildMessage({
        from: 'Shop <shop@example.test>',
        to: [dana.email],
        subject: 'Receipt',
        text,
      });
    try {
      const before = 'Total paid: €139.87, signed Søren Ødegård';
      const listed = await danaClient.append('INBOX', await receipt(before));
      const { cookie } = await signIn(gw, dana.email, dana.password);
      const danaTab = track(openSocket(gw, cookie));
      const danaEvents = new EventLog(danaTab);
      await connected(danaTab);
      // Read from the server by the window's FETCH (the message came before the sign-in).
      const window = unwrap(await request(danaTab, Events.MailboxOpen, { mailbox: 'INBOX' }));
      expect(window.messages.find((m) => m.uid === listed.uid)?.preview).toBe(before);

      const after = 'Noch offen: 12,50 € für Çağrı';
      const { uid } = await danaClient.append('INBOX', await receipt(after));
      const added = await danaEvents.next(Events.MessageAdded, (e) =>
        e.messages.some((m) => m.uid === uid),
      );
      expect(added.messages[0]!.preview).toBe(after);
    } finally {
      await danaClient.close();
    }
  });
});

describe('grace period', () => {
  it("ends an account's IMAP connections after its last tab closes", async () => {
    const quick = await startTestGateway(dovecot, { sessionGraceMs: 300 });
    try {
      const { cookie } = await signIn(quick, bob.email, bob.password);
      const socket = track(openSocket(quick, cookie));
      await connected(socket);
      unwrap(await request(socket, Events.MailboxOpen, { mailbox: 'INBOX' }));
      expect(quick.gateway.accounts.get(bob.email)).toBeDefined();
      socket.disconnect();
      await sleep(1_000);
      expect(quick.gateway.accounts.get(bob.email)).toBeUndefined();
    } finally {
      await quick.close();
    }
  });
});
