import { readdir, readFile } from 'node:fs/promises';
import { allExited, signal, waitFor } from './dovecot-processes.ts';

export interface PostfixProcess {
  pid: number;
  commandLine: string;
}

const STOP_TIMEOUT_MS = 5_000;
const KILL_TIMEOUT_MS = 2_000;

/**
 * Every live process of one instance. Their command lines name no directory ("master -w",
 * "smtpd -n 127.0.0.1:2525 -t inet -u"), but `postfix -c` exports MAIL_CONFIG and the master
 * passes it on to every child (import_environment), so the environment tells instances apart.
 */
export async function postfixProcesses(configDir: string): Promise<PostfixProcess[]> {
  const marker = `MAIL_CONFIG=${configDir}`;
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const found = await Promise.all(
    pids.map(async (pid) => {
      try {
        // A zombie's environ reads empty, so it never matches.
        const environment = (await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0');
        if (!environment.includes(marker)) return undefined;
        const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8');
        return { pid, commandLine: commandLine.replace(/\0+$/, '').replaceAll('\0', ' ') };
      } catch {
        return undefined; // gone between readdir and read
      }
    }),
  );
  return found.filter(
    (info): info is PostfixProcess => info !== undefined && info.pid !== process.pid,
  );
}

/**
 * Stops the instance the way `postfix stop` does, by SIGTERM to the master, which takes its
 * process group along, then waits until no process of the instance is left, escalating to
 * SIGTERM and SIGKILL for each straggler. `postfix stop` itself polls for the master's exit
 * with `sleep 1`, which made every other stop take a second longer.
 */
export async function stopPostfixProcesses(configDir: string): Promise<void> {
  const processes = () => postfixProcesses(configDir);
  const running = await processes();
  const allGone = allExited(processes, running);
  if (running.length === 0) return;
  for (const { pid, commandLine } of running) {
    // The daemon keeps the argv of `master -w`: "/usr/lib/postfix/sbin/master -w".
    if (/(^|\/)master$/.test(commandLine.split(' ')[0] ?? '')) signal(pid, 'SIGTERM');
  }
  if (await waitFor(allGone, STOP_TIMEOUT_MS)) return;
  // No master (it crashed or was killed) or it hung: end its children one by one.
  for (const { pid } of await processes()) signal(pid, 'SIGTERM');
  if (await waitFor(allGone, STOP_TIMEOUT_MS)) return;
  for (const { pid } of await processes()) signal(pid, 'SIGKILL');
  if (!(await waitFor(allGone, KILL_TIMEOUT_MS))) {
    const left = (await processes()).map((info) => `${info.pid} ${info.commandLine}`);
    throw new Error(`postfix (${configDir}) would not stop: ${left.join('; ')}`);
  }
}
