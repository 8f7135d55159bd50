import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Events,
  HttpPath,
  MessageHttpPath,
  PROTOCOL_VERSION,
  hasFlag,
  type MessageWindow,
  type SessionInfo,
} from '@tidings/protocol';
import {
  buildMessage,
  MailClient,
  startDovecot,
  startNginx,
  startRedis,
  UPSTREAM_HEADER,
  type Dovecot,
  type Nginx,
  type Redis,
} from '@tidings/testkit';
import { connected, EventLog, request, unwrap, type ClientSocket } from './harness.ts';

/**
 * Two gateway processes (real child processes, so that one can die by SIGKILL) behind a
 * private nginx, sharing a private Redis, in front of a private Dovecot: issue #6, part 3.
 */

const GATEWAY_DIR = fileURLToPath(new URL('..', import.meta.url));
/** The limit for another process to take a dead owner's accounts over. */
const TAKEOVER_LIMIT_MS = 10_000;
const START_TIMEOUT_MS = 20_000;
const POLL_MS = 50;
const alice = { email: 'alice@example.test', password: 'alice-cluster-Pa55' };
const accountId = alice.email;

interface GatewayProcess {
  nodeId: string;
  child: ChildProcess;
  port: number;
  origin: string;
  output: () => string;
}

let dovecot: Dovecot;
let redis: Redis;
let nginx: Nginx;
let bus: ReturnType<typeof createClient>;
let other: MailClient;
const gateways: GatewayProcess[] = [];
const sockets: ClientSocket[] = [];

/** Starts `src/main.ts` as its own process in cluster mode; resolves once it listens. */
function startGateway(nodeId: string): Promise<GatewayProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: GATEWAY_DIR,
    env: {
      ...process.env,
      IMAP_HOST: dovecot.host,
      IMAP_PORT: String(dovecot.imapPort),
      IMAP_SECURE: 'none',
      REDIS_URL: redis.url,
      CLUSTER_NODE_ID: nodeId,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: process.env.TIDINGS_TEST_LOG ?? 'warn',
      SESSION_GRACE_MS: '60000',
      // API and socket.io only: this test needs no SPA (and `pnpm test` runs before the build).
      SERVE_WEB: 'off',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gateway ${nodeId} did not start:\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = () => {
      const match = /Tidings is running at (http:\/\/127\.0\.0\.1:(\d+))\//.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolve({
        nodeId,
        child,
        port: Number(match[2]),
        origin: match[1] as string,
        output: () => output,
      });
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway ${nodeId} exited (${code}) during start-up:\n${output}`));
    });
  });
}

function stopGateway(gateway: GatewayProcess): Promise<void> {
  const { child } = gateway;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** A tab: a socket.io client with the session cookie, to `origin` (a gateway, or nginx). */
function openTab(origin: string, cookie: string, lastSeq?: number): ClientSocket {
  const socket: ClientSocket = connectSocket(origin, {
    transports: ['websocket'],
    // nginx passes the Host on, so a page served by either is same-origin to the gateway.
    extraHeaders: { origin, cookie },
    auth:
      lastSeq === undefined
        ? { protocolVersion: PROTOCOL_VERSION }
        : { protocolVersion: PROTOCOL_VERSION, lastSeq },
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  return socket;
}

async function waitFor<T>(
  what: string,
  deadlineMs: number,
  check: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

const ownerNow = async () => (await bus.get(`tidings:lease:${accountId}`)) ?? undefined;

/** UID → sorted flags, as a tab's window shows them. */
function flagsOf(window: MessageWindow): Record<number, string[]> {
  return Object.fromEntries(window.messages.map((m) => [m.uid, [...m.flags].sort()]));
}

async function serverFlags(): Promise<Record<number, string[]>> {
  const flags = await other.flags('INBOX');
  return Object.fromEntries([...flags].map(([uid, list]) => [uid, [...list].sort()]));
}

async function deliver(subject: string): Promise<void> {
  const raw = await buildMessage({
    from: 'Carol <carol@example.test>',
    to: [alice.email],
    subject,
    text: `Body of ${subject}`,
  });
  await other.append('INBOX', raw, []);
}

beforeAll(async () => {
  dovecot = await startDovecot({ users: [alice] });
  redis = await startRedis();
  bus = createClient({ url: redis.url });
  bus.on('error', () => undefined);
  await bus.connect();
  other = await MailClient.connect(dovecot, alice);
  for (let i = 1; i <= 3; i++) await deliver(`Seed ${i}`);
  gateways.push(await startGateway('g1'), await startGateway('g2'));
  nginx = await startNginx({ upstreams: gateways.map((g) => g.port) });
}, 60_000);

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await Promise.all(gateways.map(stopGateway));
  await other?.close();
  await bus?.quit().catch(() => undefined);
  await nginx?.stop();
  await redis?.stop();
  await dovecot?.stop();
});

describe('two gateway processes behind nginx', () => {
  it('share one account: one owner, pushes to every tab, failover without reload', async () => {
    // Sign in once, through the load balancer.
    const signIn = await fetch(new URL(HttpPath.Session, nginx.origin), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: nginx.origin },
      body: JSON.stringify(alice),
    });
    expect(signIn.status, await nginx.log()).toBe(200);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await signIn.json()) as SessionInfo;
    expect(csrfToken).toMatch(/^[\w-]{20,}$/); // the cluster's session carries its CSRF token
    const signedInAt = signIn.headers.get(UPSTREAM_HEADER);
    expect(gateways.map((g) => `127.0.0.1:${g.port}`)).toContain(signedInAt);

    // Exactly one process owns the account: the lease names it.
    const ownerId = await waitFor('no process took the account', 5_000, ownerNow);
    const owner = gateways.find((g) => g.nodeId === ownerId)!;
    const follower = gateways.find((g) => g.nodeId !== ownerId)!;
    expect(owner).toBeDefined();
    expect(follower).toBeDefined();

    // Redis never holds the password, not even inside the session record.
    for (const key of await bus.keys('tidings:*')) {
      const type = await bus.type(key);
      const value =
        type === 'string' ? await bus.get(key) : JSON.stringify(await bus.sMembers(key));
      expect(value ?? '').not.toContain(alice.password);
    }

    // One tab on each process (direct, so that each lands where the test wants it).
    let tabA = openTab(owner.origin, cookie);
    const tabB = openTab(follower.origin, cookie);
    let logA = new EventLog(tabA);
    const logB = new EventLog(tabB);
    await Promise.all([connected(tabA), connected(tabB)]);
    const [windowA, windowB] = await Promise.all([
      request(tabA, Events.MailboxOpen, { mailbox: 'INBOX' }).then(unwrap),
      // Served by the owner: the follower forwards it.
      request(tabB, Events.MailboxOpen, { mailbox: 'INBOX' }).then(unwrap),
    ]);
    expect(windowB.total).toBe(3);
    expect(flagsOf(windowB)).toEqual(flagsOf(windowA));

    // Searches on the follower stay live as on the owner: new mail that matches joins one,
    // and a message flagged later joins a search for flagged mail.
    const search = async (query: object) =>
      unwrap(await request(tabB, Events.MessageSearch, { mailbox: 'INBOX', query }));
    const [helloSearch, flaggedSearch] = [
      await search({ subject: 'hello' }),
      await search({ flagged: true }),
    ];
    expect([helloSearch.total, flaggedSearch.total]).toEqual([0, 0]);

    // A delivery reaches both tabs.
    await deliver('Hello cluster');
    const [addedA, addedB] = await Promise.all([
      logA.next(Events.MessageAdded, (e) => e.messages.some((m) => m.subject === 'Hello cluster')),
      logB.next(Events.MessageAdded, (e) => e.messages.some((m) => m.subject === 'Hello cluster')),
    ]);
    expect(addedB.seq).toBe(addedA.seq);
    const helloUid = addedA.messages[0]!.uid;
    const helloMatched = await logB.next(
      Events.SearchMatched,
      (e) => e.searchId === helloSearch.searchId,
    );
    expect(helloMatched.messages.map((m) => m.subject)).toEqual(['Hello cluster']);

    // A window in another order, asked of the follower: the owner sorts (the sort travels).
    const bySubject = unwrap(
      await request(tabB, Events.MessageList, {
        mailbox: 'INBOX',
        uidValidity: windowB.uidValidity,
        offset: 0,
        limit: 10,
        sort: { by: 'subject', reverse: true },
      }),
    );
    expect(bySubject.sort).toEqual({ by: 'subject', reverse: true });
    expect(bySubject.messages.map((m) => m.subject)).toEqual([
      'Seed 3',
      'Seed 2',
      'Seed 1',
      'Hello cluster',
    ]);

    // Recipient suggestions asked of the follower: the owner reads the mail.
    const suggested = unwrap(await request(tabB, Events.RecipientSuggest, { query: 'car' }));
    expect(suggested.suggestions).toEqual([{ name: 'Carol', address: 'carol@example.test' }]);

    // A flag change asked of the follower runs on the owner and reaches both tabs.
    const changed = unwrap(
      await request(tabB, Events.MessageSetFlags, {
        mailbox: 'INBOX',
        uidValidity: windowB.uidValidity,
        uids: [helloUid],
        add: ['\\Flagged'],
      }),
    );
    expect(hasFlag(changed.changes[0]!.flags, '\\Flagged')).toBe(true);
    const isFlagged = (e: { changes: { uid: number; flags: string[] }[] }) =>
      e.changes.some((c) => c.uid === helloUid && hasFlag(c.flags, '\\Flagged'));
    await Promise.all([
      logA.next(Events.MessageFlagsChanged, isFlagged),
      logB.next(Events.MessageFlagsChanged, isFlagged),
    ]);
    const flaggedMatched = await logB.next(
      Events.SearchMatched,
      (e) => e.searchId === flaggedSearch.searchId,
    );
    expect(flaggedMatched.messages.map((m) => m.uid)).toEqual([helloUid]);
    expect(hasFlag((await other.flags('INBOX')).get(helloUid) ?? [], '\\Flagged')).toBe(true);

    // A top-level folder asked of the follower is created by the owner (the absent parent
    // travels to it as null), and both tabs hear that the folder list changed.
    const created = unwrap(await request(tabB, Events.MailboxCreate, { name: 'Cluster notes' }));
    expect(created.path).toBe('Cluster notes');
    const listChanged = (e: { seq: number }) => e.seq > addedA.seq;
    await Promise.all([
      logA.next(Events.MailboxListChanged, listChanged),
      logB.next(Events.MailboxListChanged, listChanged),
    ]);
    expect(await other.folders()).toContain('Cluster notes');
    // Renamed where it is, then moved into Archive: both run on the owner.
    const renamed = await request(tabB, Events.MailboxRename, {
      mailbox: 'Cluster notes',
      name: 'Notes',
    });
    expect(unwrap(renamed).path).toBe('Notes');
    const moved = await request(tabB, Events.MailboxRename, {
      mailbox: 'Notes',
      name: 'Notes',
      parent: 'Archive',
    });
    expect(unwrap(moved).path).toBe('Archive/Notes');

    // A download asked of the follower is passed to the owner, which holds the IMAP session.
    const source = await fetch(
      new URL(
        `${MessageHttpPath.Source}?mailbox=INBOX&uidValidity=${windowB.uidValidity}&uid=${helloUid}`,
        follower.origin,
      ),
      { headers: { cookie } },
    );
    expect(source.status).toBe(200);
    expect(await source.text()).toContain('Subject: Hello cluster');

    // The owner dies without a word.
    const lastSeqA = addedA.seq;
    const killedAt = Date.now();
    owner.child.kill('SIGKILL');
    await new Promise((resolve) => owner.child.once('exit', resolve));

    // The follower takes over within the limit; its tab is told to reload.
    const newOwner = await waitFor(
      `the surviving process did not take the account over (issue limit ${TAKEOVER_LIMIT_MS} ms)`,
      TAKEOVER_LIMIT_MS,
      async () => {
        const now = await ownerNow();
        return now === follower.nodeId ? now : undefined;
      },
    );
    const resyncB = await logB.next(Events.AccountResync, () => true, TAKEOVER_LIMIT_MS);
    const takeoverMs = Date.now() - killedAt;
    console.log(JSON.stringify({ cluster: { takeoverMs, newOwner } }));
    expect(resyncB.seq).toBeGreaterThan(lastSeqA);

    // The dead process's tab comes back through nginx, which routes around the dead upstream.
    tabA.disconnect();
    tabA = openTab(nginx.origin, cookie, lastSeqA);
    logA = new EventLog(tabA);
    await connected(tabA);
    const resyncA = await logA.next(Events.AccountResync);
    expect(resyncA.seq).toBeGreaterThan(lastSeqA);

    // Both tabs converge, without reload, to what the server has.
    const expected = await serverFlags();
    const [afterA, afterB] = await Promise.all([
      request(tabA, Events.MailboxOpen, { mailbox: 'INBOX' }).then(unwrap),
      request(tabB, Events.MailboxOpen, { mailbox: 'INBOX' }).then(unwrap),
    ]);
    expect(flagsOf(afterA)).toEqual(expected);
    expect(flagsOf(afterB)).toEqual(expected);
    expect(afterA.seq).toBeGreaterThanOrEqual(resyncB.seq);

    // And mail keeps arriving at both.
    await deliver('After takeover');
    const [lateA, lateB] = await Promise.all([
      logA.next(Events.MessageAdded, (e) => e.messages.some((m) => m.subject === 'After takeover')),
      logB.next(Events.MessageAdded, (e) => e.messages.some((m) => m.subject === 'After takeover')),
    ]);
    expect(lateA.seq).toBe(lateB.seq);
    expect(lateA.seq).toBeGreaterThan(resyncB.seq);
    expect(lateA.total).toBe(5);
  }, 90_000);
});
