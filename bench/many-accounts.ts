import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { Events, ImapLinkState, type AccountStatusEvent } from '@tidings/protocol';
import {
  buildMessage,
  deliverByLmtp,
  startDovecot,
  type Dovecot,
  type MailUser,
} from '@tidings/testkit';
import { monotonicMs } from './clock.ts';
import { cpuOf, imapProcessCount, instanceCpuMs, instancePids } from './dovecot-instance.ts';
import { FLOOR_KINDS, startFloors, type FloorClient, type FloorKind } from './floor-clients.ts';
import type { ExistsTrace } from './gateway-probe.ts';
import {
  mainThreadSchedMs,
  startGatewayProcess,
  type GatewayMemory,
  type GatewayProcess,
} from './gateway-process.ts';
import { raiseCpuWeight, type CpuGroup } from './cpu-weight.ts';
import { ensureHostLimits } from './host-limits.ts';
import { summarize } from './stats.ts';
import { ask, ok, signInCookie, signInSocket, tabSocket, type TabSocket } from './tab-client.ts';

/** Signed-in accounts measured, each with one tab (`BENCH_ACCOUNTS`; ~100 while developing). */
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 1_000);
/** Accounts signed in before the baseline, so that it includes code paths loaded once. */
const WARMUP_ACCOUNTS = 10;
const SEED_MESSAGES = 10;
/** Sign-ins in flight at once: a crowd arriving, not a login storm against Dovecot. */
const SIGN_IN_CONCURRENCY = 16;
/** Recipients per LMTP transaction while seeding. */
const SEED_RECIPIENTS_PER_DELIVERY = 100;
const LIVE_TIMEOUT_MS = 120_000;
/** Quiet time after the last account went live, before memory is read. */
const SETTLE_MS = 15_000;
/** The CPU-at-rest window (`BENCH_REST_MS`). */
const REST_MS = Number(process.env.BENCH_REST_MS ?? 60_000);
const FANOUT_ROUNDS = Number(process.env.BENCH_FANOUT_ROUNDS ?? 5);
/**
 * Accounts spread over the recipient list that get floor clients besides their tab: bare
 * imapflow clients on the same INBOX, one of each FloorKind.
 */
const FLOOR_ACCOUNTS = 50;
const FANOUT_RECIPIENTS_PER_SESSION = 100;
/**
 * The To of the fan-out message in its usual shape: a mailing list's address, the accounts
 * being its members (LMTP RCPT TO). The worst case names every account in To as well.
 */
const LIST_ADDRESS = 'all-staff@example.test';
/** Past Dovecot's 500 ms notify timer, so every connection starts each round at rest. */
const ROUND_SPACING_MS = 2_000;
const ROUND_TIMEOUT_MS = 60_000;
/** Every IMAP connection an account makes: the idle one, the command one, a sign-in check. */
const CONNECTIONS_PER_ACCOUNT = 3;

const KIB = 1024;
const now = monotonicMs;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface AccountTab {
  user: MailUser;
  socket: TabSocket;
  /** Arrival time of every `message:added` on this tab. */
  added: number[];
}

export interface ManyAccountsOptions {
  /**
   * The gateway's CPU weight as a multiple of everything else's (cpu-weight.ts); unset: it
   * shares the machine's cores on equal terms, as on any box, which is the headline.
   */
  gatewayCpuWeight?: number;
}

/** Memory per account, CPU at rest and the fan-out of one delivery, on one gateway process. */
export async function manyAccounts(options: ManyAccountsOptions = {}) {
  const host = await ensureHostLimits(
    2 * (ACCOUNTS + WARMUP_ACCOUNTS) + FLOOR_ACCOUNTS * FLOOR_KINDS.length,
  );
  const total = ACCOUNTS + WARMUP_ACCOUNTS;
  const dovecot = await startDovecot({
    maxConnections: CONNECTIONS_PER_ACCOUNT * total + FLOOR_ACCOUNTS * FLOOR_KINDS.length,
  });
  const users = await createUsers(dovecot, total);
  await seed(dovecot, users);
  const gateway = await startGatewayProcess({
    IMAP_HOST: dovecot.host,
    IMAP_PORT: String(dovecot.imapPort),
    IMAP_SECURE: 'none',
  });
  let cpuGroup: CpuGroup | null = null;
  const tabs: AccountTab[] = [];
  const floors: FloorClient[] = [];
  try {
    if (options.gatewayCpuWeight) {
      cpuGroup = await raiseCpuWeight(gateway.pid, options.gatewayCpuWeight);
    }
    tabs.push(...(await openTabs(gateway.url, users.slice(0, WARMUP_ACCOUNTS))));
    await sleep(SETTLE_MS);
    // Twice: the first collection after start-up frees what loading the code left behind, and
    // the allocator hands pages back to the kernel only some time after.
    await gateway.memory();
    await sleep(SETTLE_MS / 3);
    const before = await gateway.memory();

    const signInStarted = now();
    const measured = await openTabs(gateway.url, users.slice(WARMUP_ACCOUNTS));
    const allLiveMs = now() - signInStarted;
    tabs.push(...measured);
    await sleep(SETTLE_MS);
    const after = await gateway.memory();
    const imapConnections = await imapProcessCount(dovecot);
    const openFiles = (await readdir(`/proc/${gateway.pid}/fd`)).length;

    // CPU at rest: nothing happens on any account; whatever the gateway spends is its own doing.
    const dovecotPids = await instancePids(dovecot);
    await gateway.startProfile();
    const restStart = {
      gateway: await gateway.cpuMs(),
      mainThread: await mainThreadSchedMs(gateway.pid),
      dovecot: await cpuOf(dovecotPids),
    };
    await sleep(REST_MS);
    const restEnd = {
      gateway: await gateway.cpuMs(),
      mainThread: await mainThreadSchedMs(gateway.pid),
      dovecot: await cpuOf(dovecotPids),
    };
    const restProfile = await gateway.stopProfile();
    if (restProfile) console.error(`gateway CPU profile at rest: ${restProfile}`);
    let dovecotRestMs = 0;
    for (const [pid, start] of restStart.dovecot) {
      // A process that ended during the window took its count with it: count survivors only.
      const end = restEnd.dovecot.get(pid);
      if (end !== undefined && end >= start) dovecotRestMs += end - start;
    }

    const floorUsers = spread(measured, FLOOR_ACCOUNTS);
    for (const kind of FLOOR_KINDS) floors.push(...(await startFloors(dovecot, floorUsers, kind)));
    // Memory and CPU are kept even when the fan-out fails.
    const fanout =
      FANOUT_ROUNDS > 0
        ? {
            mailingList: await measureFanout(dovecot, gateway, measured, floors, [
              LIST_ADDRESS,
            ]).catch(failed),
            everyoneInTo: await measureFanout(dovecot, gateway, measured, floors, null).catch(
              failed,
            ),
          }
        : null;
    const oneAccount =
      FANOUT_ROUNDS > 0
        ? await measureOneAccountFanout(gateway.url, users[0]!).catch(failed)
        : null;

    return {
      accounts: ACCOUNTS,
      config: {
        imapCompress: process.env.IMAP_COMPRESS ?? 'default',
        deadConnectionMs: process.env.DEAD_CONNECTION_MS ?? 'default',
        gatewayCpu: cpuGroup
          ? `a cgroup of its own: ${cpuGroup.description}`
          : 'shared on equal terms with Dovecot and this bench',
      },
      host: { ...host, gatewayOpenFiles: openFiles, dovecotImapProcesses: imapConnections },
      signInAllLiveMs: Math.round(allLiveMs),
      memory: memoryReport(before, after),
      cpuAtRest: {
        windowMs: REST_MS,
        gatewayPercentOfOneCore: round2(((restEnd.gateway - restStart.gateway) / REST_MS) * 100),
        // The rest of the gateway's share ran on V8's helper threads (garbage collection).
        gatewayMainThreadPercentOfOneCore:
          restStart.mainThread && restEnd.mainThread
            ? round2(
                ((restEnd.mainThread.runningMs - restStart.mainThread.runningMs) / REST_MS) * 100,
              )
            : null,
        dovecotPercentOfOneCore: round2((dovecotRestMs / REST_MS) * 100),
        target: 'about 0: nothing polls',
        profiled: restProfile !== null,
        note: "utime+stime from /proc/PID/stat over a quiet window; Dovecot: every process of the instance. Profiled (BENCH_GATEWAY_PROFILE): the profiler's own sampling is in the gateway's share",
      },
      fanout,
      oneAccountFanout: oneAccount,
    };
  } finally {
    for (const tab of tabs) tab.socket.disconnect();
    for (const floor of floors) await floor.close();
    await gateway.stop();
    await cpuGroup?.remove();
    await dovecot.stop();
  }
}

function memoryReport(before: GatewayMemory, after: GatewayMemory) {
  const perAccount = (key: keyof GatewayMemory) =>
    Math.round(((after[key] - before[key]) / ACCOUNTS / KIB) * 10) / 10;
  const mib = (bytes: number) => Math.round((bytes / KIB / KIB) * 10) / 10;
  return {
    rssPerAccountKiB: perAccount('rss'),
    heapUsedPerAccountKiB: perAccount('heapUsed'),
    externalPerAccountKiB: perAccount('external'),
    targetRssPerAccountKiB: 256,
    beforeRssMiB: mib(before.rss),
    afterRssMiB: mib(after.rss),
    beforeHeapUsedMiB: mib(before.heapUsed),
    afterHeapUsedMiB: mib(after.heapUsed),
    note: `(after − before) / accounts, each reading after a full GC; the baseline already has ${WARMUP_ACCOUNTS} accounts live`,
  };
}

async function createUsers(dovecot: Dovecot, count: number): Promise<MailUser[]> {
  const users: MailUser[] = [];
  for (let i = 0; i < count; i++) {
    const user = {
      email: `many${i}-${randomBytes(3).toString('hex')}@example.test`,
      password: randomBytes(9).toString('base64url'),
    };
    await dovecot.addUser(user);
    users.push(user);
  }
  return users;
}

/** A few messages in every INBOX, so that opening it loads a window like a real one. */
async function seed(dovecot: Dovecot, users: MailUser[]): Promise<void> {
  for (let i = 0; i < SEED_MESSAGES; i++) {
    for (let start = 0; start < users.length; start += SEED_RECIPIENTS_PER_DELIVERY) {
      const to = users.slice(start, start + SEED_RECIPIENTS_PER_DELIVERY).map((u) => u.email);
      const raw = await buildMessage({ from: 'seed@example.test', to, subject: `Seed ${i}` });
      await deliverByLmtp(dovecot, { from: 'seed@example.test', to, raw });
    }
  }
}

async function openTabs(url: string, users: MailUser[]): Promise<AccountTab[]> {
  const tabs: AccountTab[] = new Array(users.length);
  let next = 0;
  const worker = async () => {
    while (next < users.length) {
      const index = next++;
      tabs[index] = await openLiveTab(url, users[index]!);
    }
  };
  await Promise.all(Array.from({ length: SIGN_IN_CONCURRENCY }, worker));
  return tabs;
}

/**
 * What the app does on load: sign in over HTTP, open the socket, wait for `live`, open INBOX.
 * Listeners go on before the socket connects: the first `account:status` follows the handshake.
 */
async function openLiveTab(baseUrl: string, user: MailUser): Promise<AccountTab> {
  const socket = await signInSocket(baseUrl, user);
  const tab: AccountTab = { user, socket, added: [] };
  socket.on(Events.MessageAdded, () => tab.added.push(now()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${user.email} not live within ${LIVE_TIMEOUT_MS} ms`)),
      LIVE_TIMEOUT_MS,
    );
    socket.on(Events.AccountStatus, (status: AccountStatusEvent) => {
      if (status.imap !== ImapLinkState.Live) return;
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (error) => (clearTimeout(timer), reject(error)));
  });
  ok(await ask(socket, Events.MailboxOpen, { mailbox: 'INBOX' }));
  return tab;
}

function failed(error: unknown) {
  return { failed: error instanceof Error ? error.message : String(error) };
}

/**
 * One LMTP delivery to every measured account per round. Dovecot stores the message for one
 * recipient after another, and each of their idling processes waits its own 500 ms before
 * telling: the floor grows along the recipient list, so the floor clients sit at even steps of
 * it and each is paired with the tab of the same account.
 */
async function measureFanout(
  dovecot: Dovecot,
  gateway: GatewayProcess,
  tabs: AccountTab[],
  floors: FloorClient[],
  /** The To header; null: every recipient. */
  toHeader: string[] | null,
) {
  const byEmail = new Map(tabs.map((tab) => [tab.user.email, tab]));
  const tidingsMs: number[] = [];
  const floorMs: Record<FloorKind, number[]> = { idle: [], notify: [] };
  const differenceMs: Record<FloorKind, number[]> = { idle: [], notify: [] };
  /** Per account with floor clients: its NOTIFY floor − its plain IDLE floor, same round. */
  const floorToFloorMs: number[] = [];
  const lmtpMs: number[] = [];
  /** Per round: when it was sent and when each tab heard of it. */
  const rounds: { sentAt: number; heardAt: number[] }[] = [];
  await sleep(ROUND_SPACING_MS);
  await gateway.loopDelay();
  await gateway.startExistsTrace();
  await gateway.startProfile();
  const cpuBefore = await cpuNow(dovecot, gateway);
  for (let round = 0; round < FANOUT_ROUNDS; round++) {
    const seenBefore = tabs.map((tab) => tab.added.length);
    const floorsBefore = floors.map((floor) => floor.exists.length);
    const to = tabs.map((tab) => tab.user.email);
    const raw = await buildMessage({
      from: 'fanout@example.test',
      to: toHeader ?? to,
      subject: `Fan-out ${round}`,
    });
    const sentAt = now();
    // Parallel LMTP sessions of a slice of the recipients each: one transaction for all would
    // keep its first reply back until every mailbox was written (past the LMTP timeout at 1,000).
    await Promise.all(
      chunks(to, FANOUT_RECIPIENTS_PER_SESSION).map((slice) =>
        deliverByLmtp(dovecot, { from: 'fanout@example.test', to: slice, raw }),
      ),
    );
    lmtpMs.push(now() - sentAt);
    const deadline = Date.now() + ROUND_TIMEOUT_MS;
    while (
      tabs.some((tab, i) => tab.added.length <= seenBefore[i]!) ||
      floors.some((floor, i) => floor.exists.length <= floorsBefore[i]!)
    ) {
      if (Date.now() > deadline) {
        const missing = tabs.filter((tab, i) => tab.added.length <= seenBefore[i]!).length;
        throw new Error(`round ${round}: ${missing} tabs never heard of the delivery`);
      }
      await sleep(10);
    }
    const heardAt = tabs.map((tab, i) => tab.added[seenBefore[i]!]!);
    rounds.push({ sentAt, heardAt });
    heardAt.forEach((at) => tidingsMs.push(at - sentAt));
    const floorAtByKind: Record<FloorKind, Map<string, number>> = {
      idle: new Map(),
      notify: new Map(),
    };
    floors.forEach((floor, i) => {
      const floorAt = floor.exists[floorsBefore[i]!]!;
      const tab = byEmail.get(floor.email)!;
      floorMs[floor.kind].push(floorAt - sentAt);
      differenceMs[floor.kind].push(heardAt[tabs.indexOf(tab)]! - floorAt);
      floorAtByKind[floor.kind].set(floor.email, floorAt);
    });
    for (const [email, idleAt] of floorAtByKind.idle) {
      const notifyAt = floorAtByKind.notify.get(email);
      if (notifyAt !== undefined) floorToFloorMs.push(notifyAt - idleAt);
    }
    await sleep(ROUND_SPACING_MS);
  }
  const cpuAfter = await cpuNow(dovecot, gateway);
  const profile = await gateway.stopProfile();
  if (profile) console.error(`gateway CPU profile over the rounds: ${profile}`);
  const loopDelayMs = await gateway.loopDelay();
  const hops = gatewayHops(await gateway.existsTrace(), tabs, floors, rounds);
  return {
    rounds: FANOUT_ROUNDS,
    what: "one LMTP delivery to every account → each tab's message:added; floor: bare imapflow clients idling on some of the same INBOXes",
    toHeader: toHeader ? toHeader.join(', ') : `all ${tabs.length} recipients`,
    lmtpDeliveryMs: summarize(lmtpMs),
    tidingsMs: summarize(tidingsMs),
    floorMs: summarize(floorMs.idle),
    differenceMs: {
      ...summarize(differenceMs.idle),
      target: { p99: 100 },
      note: 'per account with floor clients: tab message:added − the plain IDLE floor EXISTS',
    },
    tailAboveFloorMs: round2(summarize(tidingsMs).p99 - summarize(floorMs.idle).p99),
    notifyFloorMs: summarize(floorMs.notify),
    differenceFromNotifyFloorMs: {
      ...summarize(differenceMs.notify),
      target: { p99: 100 },
      note: "per account with floor clients: tab message:added − the EXISTS of a floor client holding the gateway's NOTIFY session",
    },
    floorToFloorMs: {
      ...summarize(floorToFloorMs),
      absolute: summarize(floorToFloorMs.map(Math.abs)),
      note: "per account with floor clients: its NOTIFY floor's EXISTS − its plain IDLE floor's EXISTS, two bare clients read by this same process, no gateway between: how far apart two connections of one account hear of the same delivery at this load, a spread differenceMs cannot resolve below",
    },
    gatewayHopMs: {
      ...summarize(hops.gateway),
      note: "every tab: its message:added − the first EXISTS its account's IMAP connection read (the gateway's sockets, timed by the bench's probe)",
    },
    gatewayCpuMsPerDelivery: round2(
      (cpuAfter.gateway - cpuBefore.gateway) / (FANOUT_ROUNDS * tabs.length),
    ),
    cpuDuringRoundsMs: {
      gateway: Math.round(cpuAfter.gateway - cpuBefore.gateway),
      bench: Math.round(cpuAfter.bench - cpuBefore.bench),
      dovecot: Math.round(cpuAfter.dovecot - cpuBefore.dovecot),
      note: "CPU spent while the rounds ran, their spacing included, by the gateway, by this bench (every tab and floor client) and by Dovecot (every process of the instance, ended ones included): who shares the machine's cores during a delivery",
    },
    gatewayMainThreadMs: mainThreadDuring(cpuBefore.gatewayMainThread, cpuAfter.gatewayMainThread),
    gatewayLoopDelayMs: {
      ...loopDelayMs,
      note: "how late the gateway's event loop ran during the rounds: bytes wait this long in the kernel, unseen by gatewayHopMs",
    },
    serverSpreadMs: {
      idle: summarize(hops.server.idle),
      notify: summarize(hops.server.notify),
      note: "per account with floor clients: when the gateway read its connection's EXISTS − each floor client's EXISTS on the same mailbox (Dovecot's processes, and the gateway's loop when busy)",
    },
    unmatched: hops.unmatched,
  };
}

/**
 * Splits each delivery's way to a tab at the gateway's socket: the server's part ends when the
 * account's IMAP connection reads the EXISTS, the gateway's part when the tab hears of it.
 */
function gatewayHops(
  trace: ExistsTrace,
  tabs: AccountTab[],
  floors: FloorClient[],
  rounds: { sentAt: number; heardAt: number[] }[],
) {
  const gateway: number[] = [];
  const server: Record<FloorKind, number[]> = { idle: [], notify: [] };
  let unmatched = 0;
  const readAt = (email: string, from: number, to: number) =>
    trace[email]?.find((at) => at >= from && at <= to);
  for (const { sentAt, heardAt } of rounds) {
    tabs.forEach((tab, i) => {
      const at = readAt(tab.user.email, sentAt, heardAt[i]!);
      if (at === undefined) unmatched++;
      else gateway.push(heardAt[i]! - at);
    });
    for (const floor of floors) {
      const i = tabs.findIndex((tab) => tab.user.email === floor.email);
      const at = readAt(floor.email, sentAt, heardAt[i]!);
      const floorAt = floor.exists.find((t) => t >= sentAt);
      if (at !== undefined && floorAt !== undefined) server[floor.kind].push(at - floorAt);
    }
  }
  return { gateway, server, unmatched };
}

/**
 * The gateway's own fan-out, without the mail server in the way: ACCOUNTS sockets of one
 * account (one sign-in, as many tabs), one of them flags a message, and the time until each
 * socket hears `message:flagsChanged` (sent before the server's echo). The clocks are this
 * process's, which also runs every socket: its own event loop is part of the number.
 */
async function measureOneAccountFanout(baseUrl: string, user: MailUser) {
  const cookie = await signInCookie(baseUrl, user);
  const heard: number[][] = [];
  const sockets: TabSocket[] = [];
  try {
    for (const batch of chunks(
      Array.from({ length: ACCOUNTS }, (_, i) => i),
      SIGN_IN_CONCURRENCY * 4,
    )) {
      await Promise.all(
        batch.map(async (i) => {
          const socket = tabSocket(baseUrl, cookie);
          heard[i] = [];
          socket.on(Events.MessageFlagsChanged, () => heard[i]!.push(now()));
          sockets[i] = socket;
          await new Promise<void>((resolve, reject) => {
            socket.once('connect', resolve);
            socket.once('connect_error', reject);
          });
        }),
      );
    }
    const sender = sockets[0]!;
    const window = ok(await ask(sender, Events.MailboxOpen, { mailbox: 'INBOX', limit: 1 }));
    const uid = window.messages[0]!.uid;
    const perSocketMs: number[] = [];
    const lastSocketMs: number[] = [];
    await sleep(ROUND_SPACING_MS);
    for (let round = 0; round < FANOUT_ROUNDS * 2; round++) {
      const before = heard.map((times) => times.length);
      const flag = round % 2 === 0 ? { add: ['\\Flagged'] } : { remove: ['\\Flagged'] };
      const sentAt = now();
      ok(
        await ask(sender, Events.MessageSetFlags, {
          mailbox: 'INBOX',
          uidValidity: window.uidValidity,
          uids: [uid],
          ...flag,
        }),
      );
      const deadline = Date.now() + ROUND_TIMEOUT_MS;
      while (heard.some((times, i) => times.length <= before[i]!)) {
        if (Date.now() > deadline)
          throw new Error(`one-account round ${round}: a socket missed it`);
        await sleep(5);
      }
      const arrivals = heard.map((times, i) => times[before[i]!]! - sentAt);
      perSocketMs.push(...arrivals);
      lastSocketMs.push(Math.max(...arrivals));
      await sleep(ROUND_SPACING_MS);
    }
    return {
      sockets: ACCOUNTS,
      what: 'one account, one socket per measured account; a tab flags a message → every socket hears message:flagsChanged (the STORE round trip included)',
      perSocketMs: summarize(perSocketMs),
      lastSocketMs: { ...summarize(lastSocketMs), target: { p99: 100 } },
    };
  } finally {
    for (const socket of sockets) socket?.disconnect();
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    out.push(items.slice(start, start + size));
  return out;
}

/** `count` items at even steps from first to last. */
function spread<T extends { user: MailUser }>(items: T[], count: number): MailUser[] {
  if (items.length <= count) return items.map((item) => item.user);
  return Array.from(
    { length: count },
    (_, k) => items[Math.round((k * (items.length - 1)) / (count - 1))]!.user,
  );
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** The gateway's event-loop thread over the rounds: on a CPU, and runnable but kept off one. */
function mainThreadDuring(
  before: { runningMs: number; waitingMs: number } | null,
  after: { runningMs: number; waitingMs: number } | null,
) {
  if (!before || !after) return { note: 'this kernel keeps no schedstat' };
  return {
    running: Math.round(after.runningMs - before.runningMs),
    waitingForCpu: Math.round(after.waitingMs - before.waitingMs),
    note: "the gateway's main thread while the rounds ran (/proc/PID/task/PID/schedstat): time on a CPU, and time runnable but waiting for one while the machine's cores ran others (Dovecot, this bench)",
  };
}

/** CPU ms so far of the gateway, this process, and the Dovecot instance (ended processes too). */
async function cpuNow(dovecot: Dovecot, gateway: GatewayProcess) {
  const self = process.cpuUsage();
  return {
    gateway: await gateway.cpuMs(),
    gatewayMainThread: await mainThreadSchedMs(gateway.pid),
    bench: (self.user + self.system) / 1000,
    dovecot: await instanceCpuMs(dovecot),
  };
}
