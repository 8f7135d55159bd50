/**
 * Puts one process in a cgroup of its own with a larger CPU weight than everything else on the
 * machine. Whenever it is runnable it gets a core, and it takes only what it uses: the rest of
 * the cores stay shared by everything else. That is the nearest a one-box bench comes to a
 * gateway host whose cores the mail server does not use. Pinning the gateway to a core instead
 * would also leave Dovecot and the bench's floor clients one core fewer, and so make the floor
 * later. Needs root and a cpu controller: cgroup v1's `cpu` hierarchy or v2's unified one.
 */
import { access, mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';

const V1_ROOT = '/sys/fs/cgroup/cpu';
const V1_DEFAULT_SHARES = 1024;
const V2_ROOT = '/sys/fs/cgroup';
const V2_DEFAULT_WEIGHT = 100;

export interface CpuGroup {
  /** Where and how much, for the record: e.g. "cgroup v1 cpu.shares 8192 (default 1024)". */
  readonly description: string;
  /** Removes the group; call after the process ended (a group with tasks cannot go). */
  remove(): Promise<void>;
}

export async function raiseCpuWeight(pid: number, times: number): Promise<CpuGroup> {
  const name = `tidings-bench-${pid}`;
  if (await exists(`${V1_ROOT}/cpu.shares`)) {
    const shares = V1_DEFAULT_SHARES * times;
    const description = `cgroup v1 cpu.shares ${shares} (default ${V1_DEFAULT_SHARES})`;
    return weightedGroup(`${V1_ROOT}/${name}`, 'cpu.shares', shares, pid, description);
  }
  const controllers = await readFile(`${V2_ROOT}/cgroup.controllers`, 'utf8').catch(() => '');
  if (controllers.split(/\s+/).includes('cpu')) {
    await writeFile(`${V2_ROOT}/cgroup.subtree_control`, '+cpu');
    const weight = V2_DEFAULT_WEIGHT * times;
    const description = `cgroup v2 cpu.weight ${weight} (default ${V2_DEFAULT_WEIGHT})`;
    return weightedGroup(`${V2_ROOT}/${name}`, 'cpu.weight', weight, pid, description);
  }
  throw new Error(
    `no cpu cgroup controller to give process ${pid} a weight of its own (looked for ${V1_ROOT} and ${V2_ROOT}/cgroup.controllers)`,
  );
}

async function weightedGroup(
  dir: string,
  weightFile: string,
  weight: number,
  pid: number,
  description: string,
): Promise<CpuGroup> {
  await mkdir(dir);
  try {
    await writeFile(`${dir}/${weightFile}`, String(weight));
    // cgroup.procs moves every thread of the process; threads started later stay in the group.
    await writeFile(`${dir}/cgroup.procs`, String(pid));
  } catch (error) {
    await rmdir(dir).catch(() => undefined);
    throw error;
  }
  return { description, remove: () => rmdir(dir) };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
