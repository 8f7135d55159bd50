import type { Dovecot, MailUser } from './dovecot.ts';
import { buildMessage } from './build-message.ts';
import { MailClient } from './mail-client.ts';
import { createRng, pick, type Rng } from './rng.ts';

/** What another client, the network and the operator do to a mailbox, with relative weights. */
export const CHAOS_OPERATIONS = {
  append: 28,
  expunge: 12,
  markSeen: 14,
  markUnseen: 8,
  flag: 9,
  unflag: 7,
  move: 12,
  /** SIGKILL every imap process serving the user: the gateway's connections die mid-flight. */
  killImap: 3,
  restartDovecot: 1,
  /** The browser's socket drops and reconnects (the caller's hook). */
  dropSocket: 4,
} as const;
export type ChaosOperation = keyof typeof CHAOS_OPERATIONS;

export interface ChaosOptions {
  dovecot: Dovecot;
  user: MailUser;
  seed: number;
  operations: number;
  /** Folders to act in; the first is the one the client under test has open. */
  folders: string[];
  /** Drops and restores the client's live channel. */
  dropSocket?: () => Promise<void>;
  /** Each step, for the failure report. */
  onStep?: (line: string) => void;
}

export interface ChaosReport {
  counts: Record<ChaosOperation, number>;
}

const RETRIES = 5;

/**
 * Runs a seeded random script of mailbox changes and faults against a private Dovecot: the
 * same seed gives the same script, so a failing run can be replayed. The acting client
 * reconnects by itself after the kills and restarts it causes.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const rng = createRng(options.seed);
  const counts = Object.fromEntries(Object.keys(CHAOS_OPERATIONS).map((k) => [k, 0])) as Record<
    ChaosOperation,
    number
  >;
  const weighted = Object.entries(CHAOS_OPERATIONS) as [ChaosOperation, number][];
  const totalWeight = weighted.reduce((sum, [, w]) => sum + w, 0);
  let client = await MailClient.connect(options.dovecot, options.user);
  const withClient = async <T>(run: (c: MailClient) => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run(client);
      } catch (error) {
        if (attempt >= RETRIES) throw error;
        await client.close().catch(() => undefined);
        await new Promise((r) => setTimeout(r, 100 * attempt));
        client = await MailClient.connect(options.dovecot, options.user).catch(() => client);
      }
    }
  };
  try {
    for (let step = 0; step < options.operations; step++) {
      let roll = rng() * totalWeight;
      const [operation] = weighted.find(([, w]) => (roll -= w) < 0) ?? weighted[0]!;
      counts[operation] += 1;
      const folder = pick(rng, options.folders);
      const line = await perform(operation, folder, rng, options, withClient, step);
      options.onStep?.(`${step} ${operation} ${line}`);
      // Changes in bursts and alone: 0–40 ms apart.
      await new Promise((r) => setTimeout(r, Math.floor(rng() * 40)));
    }
  } finally {
    await client.close().catch(() => undefined);
  }
  return { counts };
}

async function perform(
  operation: ChaosOperation,
  folder: string,
  rng: Rng,
  options: ChaosOptions,
  withClient: <T>(run: (c: MailClient) => Promise<T>) => Promise<T>,
  step: number,
): Promise<string> {
  const someUid = async (): Promise<number | null> => {
    const uids = await withClient((c) => c.uids(folder));
    return uids.length ? pick(rng, uids) : null;
  };
  switch (operation) {
    case 'append': {
      const raw = await buildMessage({
        from: `Chaos ${step} <chaos${step}@example.test>`,
        to: [options.user.email],
        subject: `Chaos step ${step}`,
        text: `Seed ${options.seed}, step ${step}.`,
      });
      const flags = rng() < 0.3 ? ['\\Seen'] : [];
      const { uid } = await withClient((c) => c.append(folder, raw, flags));
      return `${folder} uid ${uid}`;
    }
    case 'expunge':
    case 'markSeen':
    case 'markUnseen':
    case 'flag':
    case 'unflag':
    case 'move': {
      const uid = await someUid();
      if (uid === null) return `${folder} empty`;
      if (operation === 'expunge') await withClient((c) => c.expunge(folder, [uid]));
      if (operation === 'markSeen') await withClient((c) => c.addFlags(folder, [uid], ['\\Seen']));
      if (operation === 'markUnseen')
        await withClient((c) => c.removeFlags(folder, [uid], ['\\Seen']));
      if (operation === 'flag') await withClient((c) => c.addFlags(folder, [uid], ['\\Flagged']));
      if (operation === 'unflag')
        await withClient((c) => c.removeFlags(folder, [uid], ['\\Flagged']));
      if (operation === 'move') {
        const destination = pick(
          rng,
          options.folders.filter((f) => f !== folder),
        );
        await withClient((c) => c.move(folder, [uid], destination));
        return `${folder} uid ${uid} → ${destination}`;
      }
      return `${folder} uid ${uid}`;
    }
    case 'killImap': {
      const pids = await options.dovecot.imapPids(options.user.email);
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      return `${pids.length} processes`;
    }
    case 'restartDovecot':
      await options.dovecot.restart();
      return 'restarted';
    case 'dropSocket':
      await options.dropSocket?.();
      return 'dropped';
  }
}
