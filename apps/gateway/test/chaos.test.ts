import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Events, type SortOrder } from '@tidings/protocol';
import { fetchSortedUids, sortCriteria } from '../src/imap/sort-command.ts';
import { buildMessage, MailClient, runChaos, startDovecot, type Dovecot } from '@tidings/testkit';
import { ChaosTab } from './chaos-tab.ts';
import { request, signIn, sleep, startTestGateway, unwrap, type TestGateway } from './harness.ts';

/** Seeds run in CI; `CHAOS_SEEDS=7,8 pnpm test` replays or widens them. */
const SEEDS = (process.env.CHAOS_SEEDS ?? '11,23,42').split(',').map(Number);
const OPERATIONS = Number(process.env.CHAOS_OPERATIONS ?? 300);
const FOLDERS = ['INBOX', 'Archive', 'Projects'];
/** Past Dovecot's 500 ms notify delay and our reconnect backoff: then nothing may be in flight. */
const QUIET_MS = 2_500;

let dovecot: Dovecot;
let gw: TestGateway;

beforeAll(async () => {
  dovecot = await startDovecot();
  // Faults come every few seconds here; a production backoff would wait a minute between them.
  gw = await startTestGateway(dovecot, {
    deadConnectionMs: 3_000,
    reconnectBackoff: { baseMs: 200, capMs: 2_000, healthyAfterMs: 5_000 },
  });
});

afterAll(async () => {
  await gw?.close();
  await dovecot?.stop();
});

async function serverTruth(user: { email: string; password: string }) {
  const client = await MailClient.connect(dovecot, user);
  try {
    const flags = await client.flags('INBOX');
    const counts = new Map<string, { total: number; unread: number }>();
    for (const folder of FOLDERS) {
      const status = await client.status(folder);
      counts.set(folder, { total: status.messages, unread: status.unseen });
    }
    return { flags, counts };
  } finally {
    await client.close();
  }
}

const normalise = (flags: string[]) => flags.filter((f) => f !== '\\Recent').sort();

const BY_SUBJECT = { by: 'subject', reverse: false } as const satisfies SortOrder;

/** INBOX by subject as the server sorts it now, with the criteria the gateway sends. */
async function serverSorted(user: { email: string; password: string }): Promise<number[]> {
  const client = await MailClient.connect(dovecot, user);
  const lock = await client.imap.getMailboxLock('INBOX');
  try {
    return Array.from(
      await fetchSortedUids(client.imap, sortCriteria(BY_SUBJECT, client.imap.capabilities)!),
    );
  } finally {
    lock.release();
    await client.close();
  }
}

/**
 * Asks for the tab's mailbox by subject all through the run, so that the order the gateway
 * keeps lives through every addition, expunge, reconnect and restart; returns the stop.
 */
function keepSorting(tab: ChaosTab): () => Promise<void> {
  let running = true;
  const loop = (async () => {
    while (running) {
      // A request on a socket the chaos drops is never answered: wait a while, not forever.
      await Promise.race([tab.sorted(BY_SUBJECT).catch(() => undefined), sleep(5_000)]);
      await sleep(200);
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

describe.each(SEEDS)('chaos convergence, seed %i', (seed) => {
  it(`after ${OPERATIONS} operations with kills, restarts and dropped sockets, the tab equals the server`, async () => {
    const user = { email: `chaos-${seed}@example.test`, password: `chaos-${seed}-pw` };
    await dovecot.addUser(user);
    const setup = await MailClient.connect(dovecot, user);
    await setup.createMailbox('Projects');
    for (let i = 0; i < 10; i++) {
      const raw = await buildMessage({
        from: 'seed@example.test',
        to: [user.email],
        subject: `Start ${i}`,
      });
      await setup.append(FOLDERS[i % FOLDERS.length]!, raw, i % 2 ? ['\\Seen'] : []);
    }
    await setup.close();

    const { cookie } = await signIn(gw, user.email, user.password);
    const tab = new ChaosTab(gw, cookie, 'INBOX');
    await tab.connect();
    const steps: string[] = [];
    const stopSorting = keepSorting(tab);
    try {
      const report = await runChaos({
        dovecot,
        user,
        seed,
        operations: OPERATIONS,
        folders: FOLDERS,
        dropSocket: () => tab.drop(),
        onStep: (line) => steps.push(line),
      });
      // Let the system come to rest: Live again, and no push for a while.
      const deadline = Date.now() + 60_000;
      while (
        Date.now() < deadline &&
        (tab.imapState !== 'live' || tab.stale || Date.now() - tab.lastPushAt < QUIET_MS)
      ) {
        await sleep(100);
        await tab.settled();
      }
      await stopSorting();
      expect(tab.imapState).toBe('live');
      const truth = await serverTruth(user);
      const shown = new Map([...tab.messages].map(([uid, flags]) => [uid, normalise(flags)]));
      const expected = new Map([...truth.flags].map(([uid, flags]) => [uid, normalise(flags)]));
      expect(tab.duplicates).toEqual([]);
      expect([...shown.keys()].sort((a, b) => a - b)).toEqual(
        [...expected.keys()].sort((a, b) => a - b),
      );
      expect(shown).toEqual(expected);
      for (const folder of FOLDERS)
        expect({ folder, ...tab.counts.get(folder) }).toEqual({
          folder,
          ...truth.counts.get(folder),
        });
      // The order kept through it all is the one the server gives now.
      const sorted = unwrap(await tab.sorted(BY_SUBJECT));
      expect(sorted.messages.map((m) => m.uid)).toEqual(await serverSorted(user));
      expect(report.counts.append).toBeGreaterThan(0);
      expect(
        report.counts.killImap + report.counts.restartDovecot + report.counts.dropSocket,
      ).toBeGreaterThan(0);
      console.log(`chaos seed ${seed}: ${JSON.stringify(report.counts)}`);
    } catch (error) {
      const fresh = await request(tab.socket, Events.MailboxOpen, {
        mailbox: 'INBOX',
        limit: 500,
      }).catch(() => null);
      console.error(
        `gateway's own view: ${JSON.stringify(fresh && fresh.ok ? fresh.data.messages.map((m) => m.uid).sort((a, b) => a - b) : fresh)}`,
      );
      console.error(
        `chaos seed ${seed} FAILED (replay: CHAOS_SEEDS=${seed}); last steps:\n${steps.slice(-25).join('\n')}`,
      );
      throw error;
    } finally {
      await stopSorting();
      tab.close();
    }
  }, 180_000);
});
