/**
 * CPU weights for many-accounts-own-cpu, with cgroups. The gateway goes in a group of its own
 * with a larger weight than everything else: whenever it is runnable it gets a core, and it
 * takes only what it uses, so the rest of the cores stay shared by everything else. The mail
 * server's processes go together in one group of the default weight. Left at the top level,
 * they are one group only where the kernel groups tasks by session (autogroup,
 * sched-groups.ts); without that, each would weigh as much as one process: during a delivery to
 * 1,000 accounts hundreds of Dovecot processes are runnable at once and the gateway's share
 * would shrink to a few percent, however large its own weight. That is the nearest a one-box
 * bench comes to a gateway host whose cores the mail server does not use. Pinning the gateway
 * to a core instead would also leave Dovecot and the bench's floor clients one core fewer, and
 * so make the floor later. Needs root and a cpu controller: cgroup v1's `cpu` hierarchy or
 * v2's unified one.
 */
import { access, mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';

const V1_ROOT = '/sys/fs/cgroup/cpu';
const V1_DEFAULT_SHARES = 1024;
const V2_ROOT = '/sys/fs/cgroup';
const V2_DEFAULT_WEIGHT = 100;
const REMOVE_ATTEMPTS = 50;
const REMOVE_RETRY_MS = 100;

export interface CpuGroup {
  /** Where and how much, for the record: e.g. "cgroup v1 cpu.shares 8192 (default 1024)". */
  readonly description: string;
  /** Removes the group; call after its processes ended (a group with tasks cannot go). */
  remove(): Promise<void>;
}

/** `pid` alone in a group `times` the default weight. */
export function raiseCpuWeight(pid: number, times: number): Promise<CpuGroup> {
  return weightedGroup(`tidings-bench-${pid}`, [pid], times);
}

/**
 * `pids` together in one group of the default weight, however many of them are runnable. The
 * children they start later are born in it (a cgroup is inherited at fork).
 */
export function groupAtDefaultWeight(name: string, pids: number[]): Promise<CpuGroup> {
  return weightedGroup(`tidings-bench-${name}-${process.pid}`, pids, 1);
}

async function weightedGroup(name: string, pids: number[], times: number): Promise<CpuGroup> {
  if (await exists(`${V1_ROOT}/cpu.shares`)) {
    const shares = V1_DEFAULT_SHARES * times;
    const description = `cgroup v1 cpu.shares ${shares} (default ${V1_DEFAULT_SHARES})`;
    return createGroup(`${V1_ROOT}/${name}`, 'cpu.shares', shares, pids, description);
  }
  const controllers = await readFile(`${V2_ROOT}/cgroup.controllers`, 'utf8').catch(() => '');
  if (controllers.split(/\s+/).includes('cpu')) {
    await writeFile(`${V2_ROOT}/cgroup.subtree_control`, '+cpu');
    const weight = V2_DEFAULT_WEIGHT * times;
    const description = `cgroup v2 cpu.weight ${weight} (default ${V2_DEFAULT_WEIGHT})`;
    return createGroup(`${V2_ROOT}/${name}`, 'cpu.weight', weight, pids, description);
  }
  throw new Error(
    `no cpu cgroup controller for a CPU weight (looked for ${V1_ROOT} and ${V2_ROOT}/cgroup.controllers)`,
  );
}

async function createGroup(
  dir: string,
  weightFile: string,
  weight: number,
  pids: number[],
  description: string,
): Promise<CpuGroup> {
  await mkdir(dir);
  try {
    await writeFile(`${dir}/${weightFile}`, String(weight));
    // cgroup.procs moves every thread of a process; threads started later stay in the group.
    // A process that ended since it was listed is no loss (ESRCH).
    for (const pid of pids) {
      await writeFile(`${dir}/cgroup.procs`, String(pid)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ESRCH') throw error;
      });
    }
  } catch (error) {
    await rmdir(dir).catch(() => undefined);
    throw error;
  }
  return { description, remove: () => removeWhenEmpty(dir) };
}

/** Processes that were told to stop can take a moment to be gone; a group with tasks stays. */
async function removeWhenEmpty(dir: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await rmdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EBUSY' || attempt >= REMOVE_ATTEMPTS)
        throw error;
      await new Promise((resolve) => setTimeout(resolve, REMOVE_RETRY_MS));
    }
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
