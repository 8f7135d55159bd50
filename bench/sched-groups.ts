/**
 * Which group the kernel's CPU scheduler shares time between, for the processes of a bench.
 * CFS/EEVDF divides a core fairly between groups first and only then between the tasks of a
 * group. A process in a cpu cgroup other than the root is in that cgroup's group. In the root
 * cgroup, with `sched_autogroup` on (the default in many distributions' kernels), every session
 * (setsid) is a group: a daemon that forks into the background, as Dovecot's master does, takes
 * all its children into a group of its own, however many of them are runnable. With autogroup
 * off, every task in the root cgroup weighs the same as any other.
 */
import { readFile } from 'node:fs/promises';

const AUTOGROUP_SWITCH = '/proc/sys/kernel/sched_autogroup_enabled';

/** On (true), off (false), or not built into this kernel (null). */
export async function autogroupEnabled(): Promise<boolean | null> {
  const value = await readFile(AUTOGROUP_SWITCH, 'utf8').catch(() => null);
  return value === null ? null : value.trim() === '1';
}

/**
 * The scheduling group `pid` is in: its cpu cgroup when that is not the root, else its
 * autogroup ("/autogroup-7") when autogroup is on, else "root": a task among all others, as
 * with autogroup off, or in the root group's own session (init's, which /proc/PID/autogroup
 * leaves blank; a container's processes may all be in it). Null for a process that is gone.
 */
export async function schedulingGroupOf(
  pid: number,
  autogroup: boolean | null,
): Promise<string | null> {
  const cgroups = await readFile(`/proc/${pid}/cgroup`, 'utf8').catch(() => null);
  if (cgroups === null) return null;
  const cpuCgroup = cpuCgroupOf(cgroups);
  if (cpuCgroup && cpuCgroup !== '/') return `cgroup ${cpuCgroup}`;
  if (autogroup) {
    const line = await readFile(`/proc/${pid}/autogroup`, 'utf8').catch(() => '');
    const name = line.trim().split(/\s+/)[0];
    if (name) return name;
  }
  return 'root';
}

/**
 * The cpu controller's path in a /proc/PID/cgroup text: cgroup v1's `N:...cpu...:/path` line,
 * or v2's unified `0::/path` when no v1 hierarchy has the cpu controller.
 */
export function cpuCgroupOf(cgroups: string): string | null {
  let unified: string | null = null;
  for (const line of cgroups.split('\n')) {
    const [, controllers, path] = /^\d+:([^:]*):(.*)$/.exec(line.trim()) ?? [];
    if (controllers === undefined || path === undefined) continue;
    if (controllers === '') unified = path;
    else if (controllers.split(',').includes('cpu')) return path;
  }
  return unified;
}

/** The scheduling groups of some processes, each once, in the order first met (gone: none). */
export async function groupsOf(pids: number[], autogroup: boolean | null): Promise<string[]> {
  const groups = new Set<string>();
  for (const pid of pids) {
    const group = await schedulingGroupOf(pid, autogroup);
    if (group !== null) groups.add(group);
  }
  return [...groups];
}
