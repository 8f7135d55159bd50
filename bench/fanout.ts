/**
 * The two fan-outs many-accounts times (many-accounts.ts sets the scene): one LMTP delivery to
 * every measured account, paired with bare IMAP clients on some of the same INBOXes, and one
 * account's flag change to as many sockets of that account.
 */
import { Events } from '@tidings/protocol';
import { buildMessage, deliverByLmtp, type Dovecot, type MailUser } from '@tidings/testkit';
import { monotonicMs } from './clock.ts';
import { instanceCpuMs } from './dovecot-instance.ts';
import type { FloorClient, FloorKind } from './floor-clients.ts';
import type { ExistsTrace } from './gateway-probe.ts';
import { mainThreadSchedMs, type GatewayProcess } from './gateway-process.ts';
import { round2, summarize } from './stats.ts';
import { ask, localPortOf, ok, signInCookie, tabSocket, type TabSocket } from './tab-client.ts';
import { startWireCapture, type WireCapture } from './wire-capture.ts';
import { gatewayTail, wireTimes } from './wire-timing.ts';

/** Rounds of each fan-out (`BENCH_FANOUT_ROUNDS`; 0 skips them). */
export const FANOUT_ROUNDS = Number(process.env.BENCH_FANOUT_ROUNDS ?? 5);
/**
 * Rounds a fresh gateway relays first, reported apart (`BENCH_FANOUT_FIRST_ROUNDS`). Nothing
 * before them ran the path a pushed row takes (NOTIFY's FETCH to message:added), so V8 runs it
 * interpreted and compiles it as they go: in one profile the first two rounds cost the gateway
 * about twice the JavaScript time of the three after them. A gateway that has been up a while
 * has relayed mail before.
 */
export const FIRST_ROUNDS = Number(process.env.BENCH_FANOUT_FIRST_ROUNDS ?? 2);
const FANOUT_RECIPIENTS_PER_SESSION = 100;
/** Past Dovecot's 500 ms notify timer, so every connection starts each round at rest. */
const ROUND_SPACING_MS = 2_000;
const ROUND_TIMEOUT_MS = 60_000;
/** Sockets connecting at once in the one-account fan-out. */
const CONNECT_CONCURRENCY = 64;

const now = monotonicMs;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface AccountTab {
  user: MailUser;
  socket: TabSocket;
  /** Arrival time of every `message:added` on this tab. */
  added: number[];
}

/**
 * One LMTP delivery to every measured account per round. Dovecot stores the message for one
 * recipient after another, and each of their idling processes waits its own 500 ms before
 * telling: the floor grows along the recipient list, so the floor clients sit at even steps of
 * it and each is paired with the tab of the same account.
 */
export async function measureFanout(
  dovecot: Dovecot,
  gateway: GatewayProcess,
  tabs: AccountTab[],
  floors: FloorClient[],
  /** The To header; null: every recipient. */
  toHeader: string[] | null,
  rounds = FANOUT_ROUNDS,
) {
  const byEmail = new Map(tabs.map((tab) => [tab.user.email, tab]));
  const tidingsMs: number[] = [];
  const floorMs: Record<FloorKind, number[]> = { idle: [], notify: [] };
  const differenceMs: Record<FloorKind, number[]> = { idle: [], notify: [] };
  /** Per account with floor clients: its NOTIFY floor − its plain IDLE floor, same round. */
  const floorToFloorMs: number[] = [];
  const lmtpMs: number[] = [];
  /** Per round: when it was sent (also on the wall clock) and when each tab heard of it. */
  const timed: { sentAt: number; sentAtWall: number; heardAt: number[] }[] = [];
  await sleep(ROUND_SPACING_MS);
  await gateway.loopDelay();
  await gateway.startExistsTrace();
  const capture = await startWireCapture([dovecot.imapPort, portOf(gateway.url)]).catch(
    (error: Error) => error,
  );
  await gateway.startProfile();
  const cpuBefore = await cpuNow(dovecot, gateway);
  try {
    for (let round = 0; round < rounds; round++) {
      const seenBefore = tabs.map((tab) => tab.added.length);
      const floorsBefore = floors.map((floor) => floor.exists.length);
      const to = tabs.map((tab) => tab.user.email);
      const raw = await buildMessage({
        from: 'fanout@example.test',
        to: toHeader ?? to,
        subject: `Fan-out ${round}`,
      });
      const sentAtWall = Date.now();
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
      timed.push({ sentAt, sentAtWall, heardAt });
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
  } catch (error) {
    // tcpdump would outlive this process.
    if (!(capture instanceof Error)) await capture.stop().catch(() => undefined);
    throw error;
  }
  const cpuAfter = await cpuNow(dovecot, gateway);
  const profile = await gateway.stopProfile();
  if (profile) console.error(`gateway CPU profile over the rounds: ${profile}`);
  const loopDelayMs = await gateway.loopDelay();
  const hops = gatewayHops(await gateway.existsTrace(), tabs, floors, timed);
  const wire = await onTheWire(capture, dovecot, gateway, tabs, floors, timed);
  return {
    rounds,
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
      (cpuAfter.gateway - cpuBefore.gateway) / (rounds * tabs.length),
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
    wire,
  };
}

/**
 * The same deliveries timed on the loopback wire (wire-capture.ts): each time is when a
 * sender's write put the bytes there, so neither the bench's event loop (which reads every
 * tab and floor client) nor the gateway's read is in it.
 */
async function onTheWire(
  capture: WireCapture | Error,
  dovecot: Dovecot,
  gateway: GatewayProcess,
  tabs: AccountTab[],
  floors: FloorClient[],
  rounds: { sentAtWall: number }[],
) {
  if (capture instanceof Error) return { failed: capture.message };
  const stopped = await capture.stop().catch((error: Error) => error);
  if (stopped instanceof Error) return { failed: stopped.message };
  const { segments, droppedByKernel } = stopped;
  const ports = await gateway.existsPorts();
  const times = wireTimes(segments, {
    imapPort: dovecot.imapPort,
    gatewayPort: portOf(gateway.url),
    rounds: rounds.map((round, i) => ({
      fromMs: round.sentAtWall,
      toMs: rounds[i + 1]?.sentAtWall ?? round.sentAtWall + ROUND_TIMEOUT_MS,
    })),
    accounts: tabs.map((tab) => ({
      email: tab.user.email,
      tabPort: localPortOf(tab.socket),
      gatewayImapPorts: ports[tab.user.email] ?? [],
      floorPorts: Object.fromEntries(
        floors.filter((f) => f.email === tab.user.email).map((f) => [f.kind, f.localPort]),
      ),
    })),
  });
  return {
    segments: segments.length,
    droppedByKernel,
    differenceMs: {
      ...summarize(times.differenceMs.idle),
      target: { p99: 100 },
      note: "per account with floor clients: the gateway's send of the tab's message:added − Dovecot's send of the EXISTS to the plain IDLE floor client",
    },
    differenceFromNotifyFloorMs: summarize(times.differenceMs.notify),
    floorToFloorMs: {
      ...summarize(times.floorToFloorMs),
      note: "per account with floor clients: Dovecot's send of the EXISTS to the NOTIFY floor − to the plain IDLE floor: how far apart the server tells two connections of one account",
    },
    serverSpreadMs: {
      ...summarize(times.serverSpreadMs),
      note: "per account with floor clients: Dovecot's send of the EXISTS to the gateway's connection − to the plain IDLE floor client",
    },
    gatewayMs: {
      ...summarize(times.gatewayMs),
      target: { p99: 100 },
      note: "every tab: the gateway's send of its message:added − Dovecot's send of the EXISTS to the gateway: all the gateway adds (the bytes' wait in its kernel buffer while its loop is busy or off a core, the parse, the push)",
      tail: gatewayTail(times.gatewayByRound),
    },
    unmatched: times.unmatched,
  };
}

function portOf(url: string): number {
  return Number(new URL(url).port);
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
 * The gateway's own fan-out, without the mail server in the way: `count` sockets of one
 * account (one sign-in, as many tabs), one of them flags a message, and the time until each
 * socket hears `message:flagsChanged` (sent before the server's echo). The clocks are this
 * process's, which also runs every socket: its own event loop is part of the number.
 */
export async function measureOneAccountFanout(baseUrl: string, user: MailUser, count: number) {
  const cookie = await signInCookie(baseUrl, user);
  const heard: number[][] = [];
  const sockets: TabSocket[] = [];
  try {
    for (const batch of chunks(
      Array.from({ length: count }, (_, i) => i),
      CONNECT_CONCURRENCY,
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
      sockets: count,
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
