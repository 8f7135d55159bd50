/**
 * The processes of one private Dovecot instance, found by their titles, and what they cost:
 * bench many-accounts counts its IMAP processes and charges it CPU.
 */
import { readdir, readFile } from 'node:fs/promises';
import type { Dovecot } from '@tidings/testkit';
import { endedChildrenCpuMs, processCpuMs } from './gateway-process.ts';

/** Every process of this Dovecot instance (titles "dovecot-<instance_name>/…") and its master. */
export async function instancePids(dovecot: Dovecot): Promise<number[]> {
  const instance = await instanceName(dovecot);
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (
      cmdline.startsWith(`dovecot-${instance}/`) ||
      cmdline.includes(`${dovecot.dir}/dovecot.conf`)
    )
      pids.push(Number(entry));
  }
  return pids;
}

export async function imapProcessCount(dovecot: Dovecot): Promise<number> {
  const instance = await instanceName(dovecot);
  let count = 0;
  for (const pid of await instancePids(dovecot)) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.startsWith(`dovecot-${instance}/imap [`)) count++;
  }
  return count;
}

async function instanceName(dovecot: Dovecot): Promise<string> {
  const conf = await readFile(`${dovecot.dir}/dovecot.conf`, 'utf8');
  const name = /^instance_name = (\S+)$/m.exec(conf)?.[1];
  if (!name) throw new Error(`no instance_name in ${dovecot.dir}/dovecot.conf`);
  return name;
}

/** CPU ms so far of every process still alive, by pid. */
export async function cpuOf(pids: number[]): Promise<Map<number, number>> {
  const cpu = new Map<number, number>();
  for (const pid of pids) {
    const ms = await processCpuMs(pid);
    if (ms > 0 || (await readFile(`/proc/${pid}/stat`).catch(() => null))) cpu.set(pid, ms);
  }
  return cpu;
}

/** CPU ms so far of the whole instance: live processes, and through the master those ended. */
export async function instanceCpuMs(dovecot: Dovecot): Promise<number> {
  const pids = await instancePids(dovecot);
  let ms = 0;
  for (const [, live] of await cpuOf(pids)) ms += live;
  // The master waits for every process of the instance, so it holds the CPU of those that ended.
  for (const pid of pids) ms += await endedChildrenCpuMs(pid);
  return ms;
}
