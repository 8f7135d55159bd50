import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { autogroupEnabled, cpuCgroupOf, groupsOf, schedulingGroupOf } from './sched-groups.ts';

describe('cpuCgroupOf', () => {
  it('reads the cpu hierarchy of cgroup v1, wherever cpu sits among its controllers', () => {
    const text = ['4:memory:/box', '2:cpu,cpuacct:/tidings-bench-7', '0::/'].join('\n');
    expect(cpuCgroupOf(text)).toBe('/tidings-bench-7');
  });

  it('does not take cpuacct or cpuset for cpu', () => {
    expect(cpuCgroupOf('3:cpuset:/pinned\n2:cpuacct:/counted\n0::/unified')).toBe('/unified');
  });

  it('falls back to the unified hierarchy of cgroup v2', () => {
    expect(cpuCgroupOf('0::/system.slice/dovecot.service\n')).toBe('/system.slice/dovecot.service');
  });

  it('is null for a text without cgroups', () => {
    expect(cpuCgroupOf('')).toBeNull();
  });
});

describe('schedulingGroupOf', () => {
  it('is null for a process that is gone, and groupsOf leaves it out', async () => {
    const child = spawn('true', [], { stdio: 'ignore' });
    await once(child, 'exit');
    expect(await schedulingGroupOf(child.pid!, await autogroupEnabled())).toBeNull();
    expect(await groupsOf([child.pid!], await autogroupEnabled())).toEqual([]);
  });

  // A task in a cpu cgroup other than the root stays in its cgroup's group, whatever its session.
  // In the root cgroup with autogroup on, a new session is a new autogroup. Ours may be the
  // root group itself ("root": a session the kernel never gave an autogroup, as in a container
  // whose init started us), which no new session shares.
  it('puts a process started in a new session in a group apart from ours when autogroup is on', async () => {
    const autogroup = await autogroupEnabled();
    const child = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    try {
      await once(child, 'spawn');
      const ours = await schedulingGroupOf(process.pid, autogroup);
      const its = await schedulingGroupOf(child.pid!, autogroup);
      if (ours?.startsWith('cgroup ')) expect(its).toBe(ours);
      else if (autogroup) {
        expect(its).toMatch(/^\/autogroup-\d+$/);
        expect(its).not.toBe(ours);
      } else expect(its).toBe('root');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
