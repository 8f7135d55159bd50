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
import { cpuOf, imapProcessCount, instancePids } from './dovecot-instance.ts';
import { FLOOR_KINDS, startFloors, type FloorClient } from './floor-clients.ts';
import {
  mainThreadSchedMs,
  processStatusBytes,
  startGatewayProcess,
  type GatewayMemory,
} from './gateway-process.ts';
import { groupAtDefaultWeight, raiseCpuWeight, type CpuGroup } from './cpu-weight.ts';
import {
  FANOUT_ROUNDS,
  FIRST_ROUNDS,
  measureFanout,
  measureOneAccountFanout,
  type AccountTab,
} from './fanout.ts';
import { ensureHostLimits } from './host-limits.ts';
import { autogroupEnabled, groupsOf, schedulingGroupOf } from './sched-groups.ts';
import { round2 } from './stats.ts';
import { ask, ok, signInSocket } from './tab-client.ts';

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
/**
 * Quiet time between the memory reading and the CPU-at-rest window. The reading forces a full
 * collection of the whole heap, and V8 then sweeps it and lets its memory reducer run a few
 * more on its helper threads: the bench's doing and the sign-in's aftermath, not rest. Started
 * right after the reading, the window measured 3.3% of one core; 30 s later, 1.9%. The
 * reducer's last two full collections came 17 to 29 s after the reading, but 34 to 37 s after
 * it once the young generation may not shrink below a floor (`--min-semi-space-size`, in
 * `--trace-gc` runs of 2026-12-08): inside a window starting at 30 s, they alone made 0.7 to
 * 0.9% of a core. So the window starts 50 s after the reading.
 */
const REST_SETTLE_MS = 50_000;
/**
 * Accounts spread over the recipient list that get floor clients besides their tab: bare
 * imapflow clients on the same INBOX, one of each FloorKind.
 */
const FLOOR_ACCOUNTS = 50;
/**
 * The To of the fan-out message in its usual shape: a mailing list's address, the accounts
 * being its members (LMTP RCPT TO). The worst case names every account in To as well.
 */
const LIST_ADDRESS = 'all-staff@example.test';
/** Every IMAP connection an account makes: the idle one, the command one, a sign-in check. */
const CONNECTIONS_PER_ACCOUNT = 3;

const KIB = 1024;
const now = monotonicMs;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ManyAccountsOptions {
  /**
   * The gateway's CPU weight as a multiple of everything else's (cpu-weight.ts); unset: it
   * shares the machine's cores on equal terms, in a session of its own as a service runs
   * (gateway-process.ts), which is the headline.
   */
  gatewayCpuWeight?: number;
}

/** How the gateway shares the cores, in words, from the scheduling groups the kernel uses. */
function sharing(groups: { gateway: string | null; bench: string | null }): string {
  if (groups.gateway === 'root')
    return "shared task by task (no scheduling groups): the gateway's threads weigh as much as any one of Dovecot's processes";
  if (groups.gateway === groups.bench)
    return "shared: the gateway in this bench's group, splitting its time with the tabs and floor clients (BENCH_GATEWAY_SESSION=bench)";
  return 'shared on equal terms: the gateway in a scheduling group of its own, as a service runs, beside those of Dovecot and this bench';
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
  let dovecotGroup: CpuGroup | null = null;
  const tabs: AccountTab[] = [];
  const floors: FloorClient[] = [];
  try {
    if (options.gatewayCpuWeight) {
      cpuGroup = await raiseCpuWeight(gateway.pid, options.gatewayCpuWeight);
      dovecotGroup = await groupAtDefaultWeight('dovecot', await instancePids(dovecot));
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
    // Again later, as for the baseline: what the allocator holds on to only for a while.
    await sleep(SETTLE_MS / 3);
    const afterSettled = await gateway.memory();
    const imapConnections = await imapProcessCount(dovecot);
    const openFiles = (await readdir(`/proc/${gateway.pid}/fd`)).length;

    // CPU at rest: nothing happens on any account; whatever the gateway spends is its own doing.
    const dovecotPids = await instancePids(dovecot);
    await sleep(REST_SETTLE_MS);
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

    const autogroup = await autogroupEnabled();
    const schedulingGroups = {
      autogroup,
      gateway: await schedulingGroupOf(gateway.pid, autogroup),
      dovecot: (await groupsOf(dovecotPids, autogroup)).join(', '),
      bench: await schedulingGroupOf(process.pid, autogroup),
      note: 'where the kernel shares CPU time out first (bench/sched-groups.ts): a cpu cgroup, else the session (autogroup on), else each task on its own ("root")',
    };
    const floorUsers = spread(measured, FLOOR_ACCOUNTS);
    for (const kind of FLOOR_KINDS) floors.push(...(await startFloors(dovecot, floorUsers, kind)));
    // Memory and CPU are kept even when the fan-out fails.
    const fanout =
      FANOUT_ROUNDS > 0
        ? {
            mailingListFirstRounds:
              FIRST_ROUNDS > 0
                ? await measureFanout(
                    dovecot,
                    gateway,
                    measured,
                    floors,
                    [LIST_ADDRESS],
                    FIRST_ROUNDS,
                  ).catch(failed)
                : null,
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
        ? await measureOneAccountFanout(gateway.url, users[0]!, ACCOUNTS).catch(failed)
        : null;
    // The most the process held at any moment: the sign-ins, and the heap the rounds grew
    // before a collection (the per-account readings above are each taken after a full one).
    const peakRss = await processStatusBytes(gateway.pid, 'VmHWM');

    return {
      accounts: ACCOUNTS,
      config: {
        imapCompress: process.env.IMAP_COMPRESS ?? 'default',
        deadConnectionMs: process.env.DEAD_CONNECTION_MS ?? 'default',
        gatewayNodeFlags: gateway.nodeFlags.join(' '),
        gatewayCpu: cpuGroup
          ? `a cgroup of its own: ${cpuGroup.description}; Dovecot's processes together in one of the default weight`
          : sharing(schedulingGroups),
        schedulingGroups,
      },
      host: { ...host, gatewayOpenFiles: openFiles, dovecotImapProcesses: imapConnections },
      signInAllLiveMs: Math.round(allLiveMs),
      memory: {
        ...memoryReport(before, after, afterSettled),
        peakRssMiB: Math.round((peakRss / KIB / KIB) * 10) / 10,
        peakRssNote: 'VmHWM at the end of the fan-out: the whole process at its largest so far',
      },
      cpuAtRest: {
        windowMs: REST_MS,
        startsAfterMemoryReadingMs: REST_SETTLE_MS,
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
    await dovecotGroup?.remove();
  }
}

function memoryReport(before: GatewayMemory, after: GatewayMemory, afterSettled: GatewayMemory) {
  const perAccount = (key: keyof GatewayMemory, reading = after) =>
    Math.round(((reading[key] - before[key]) / ACCOUNTS / KIB) * 10) / 10;
  const mib = (bytes: number) => Math.round((bytes / KIB / KIB) * 10) / 10;
  return {
    rssPerAccountKiB: perAccount('rss'),
    rssPerAccountKiBSettled: perAccount('rss', afterSettled),
    heapTotalPerAccountKiB: perAccount('heapTotal'),
    heapUsedPerAccountKiB: perAccount('heapUsed'),
    externalPerAccountKiB: perAccount('external'),
    targetRssPerAccountKiB: 256,
    beforeRssMiB: mib(before.rss),
    afterRssMiB: mib(after.rss),
    afterSettledRssMiB: mib(afterSettled.rss),
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

/** `count` items at even steps from first to last. */
function spread<T extends { user: MailUser }>(items: T[], count: number): MailUser[] {
  if (items.length <= count) return items.map((item) => item.user);
  return Array.from(
    { length: count },
    (_, k) => items[Math.round((k * (items.length - 1)) / (count - 1))]!.user,
  );
}
