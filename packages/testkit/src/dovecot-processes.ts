import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { open, readdir, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ProcessInfo {
  pid: number;
  /** argv joined by spaces; Dovecot overwrites it with its process title. */
  commandLine: string;
  /** Single-letter state from /proc/<pid>/stat: R, S, T (stopped), Z (zombie), ... */
  state: string;
}

const POLL_INTERVAL_MS = 15;
const SESSION_END_TIMEOUT_MS = 2_000;
const STOP_TIMEOUT_MS = 5_000;
const KILL_TIMEOUT_MS = 2_000;

/**
 * The services that live as long as the master and end when it does. Everything else (imap,
 * imap-login, lmtp, ...) serves one client or request.
 */
const CORE_SERVICES = new Set(['anvil', 'log', 'config', 'stats', 'auth']);

async function readProcess(pid: number): Promise<ProcessInfo | undefined> {
  const commandLine = await readCommandLine(pid);
  return commandLine === undefined ? undefined : withState(pid, commandLine);
}

async function readCommandLine(pid: number): Promise<string | undefined> {
  try {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.replace(/\0+$/, '').replaceAll('\0', ' ');
  } catch {
    return undefined; // gone between readdir and read
  }
}

async function withState(pid: number, commandLine: string): Promise<ProcessInfo | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name in stat is parenthesised and may itself contain ") ".
    const close = stat.lastIndexOf(')');
    return { pid, commandLine, state: stat.slice(close + 2, close + 3) };
  } catch {
    return undefined;
  }
}

/** Live (non-zombie) processes whose command line satisfies `match`. */
export async function findProcesses(
  match: (commandLine: string) => boolean,
): Promise<ProcessInfo[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const found = await Promise.all(
    pids.map(async (pid) => {
      const commandLine = await readCommandLine(pid);
      // A zombie's cmdline is empty, so it never matches.
      if (commandLine === undefined || commandLine === '' || !match(commandLine)) return undefined;
      return withState(pid, commandLine);
    }),
  );
  return found.filter((info): info is ProcessInfo => info !== undefined && info.state !== 'Z');
}

/** Every process of one instance except the master: titles start with "dovecot-<instance>/". */
export function instanceChildren(instanceName: string): Promise<ProcessInfo[]> {
  const prefix = `dovecot-${instanceName}/`;
  return findProcesses((commandLine) => commandLine.startsWith(prefix));
}

/** The master's command line is its real argv: `dovecot -c <confPath>`. */
export async function isMasterAlive(pid: number, confPath: string): Promise<boolean> {
  const info = await readProcess(pid);
  return info !== undefined && info.state !== 'Z' && info.commandLine.includes(confPath);
}

export async function readMasterPid(baseDir: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt(await readFile(`${baseDir}/master.pid`, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Has `pid` finished exiting: gone, or a zombie? A process on its way out stops showing its
 * command line and environment (its memory goes first, in the kernel's do_exit) a moment
 * before it closes its files, listening sockets included. Waiting for this as well as for the
 * name to vanish means the ports are free when a stop returns.
 */
export async function hasExited(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X';
  } catch {
    return true;
  }
}

/**
 * `find` (a snapshot of a server's live processes) has none left, and each process it ever
 * listed, and each of `known`, has finished exiting (`hasExited`).
 */
export function allExited(
  find: () => Promise<{ pid: number }[]>,
  known: { pid: number }[] = [],
): () => Promise<boolean> {
  const seen = new Set(known.map(({ pid }) => pid));
  return async () => {
    const live = await find();
    for (const { pid } of live) seen.add(pid);
    if (live.length > 0) return false;
    return (await Promise.all([...seen].map(hasExited))).every(Boolean);
  };
}

export function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** Polls `check` until it returns true; false when `timeoutMs` passed first. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(POLL_INTERVAL_MS);
  }
}

/**
 * Runs a command that forks a daemon and exits. Its output goes to a file, not a pipe: the
 * daemon inherits the descriptors and would hold a pipe open for as long as it lives.
 */
export async function runDaemonizing(
  command: string,
  args: string[],
  outputPath: string,
): Promise<number> {
  const output = await open(outputPath, 'w');
  try {
    const child = spawn(command, args, { stdio: ['ignore', output.fd, output.fd] });
    const [code, signalName] = (await once(child, 'exit')) as [number | null, string | null];
    return code ?? (signalName ? 128 : 1);
  } finally {
    await output.close();
  }
}

/**
 * Stops one instance and waits until none of its processes is left: the master (when known)
 * and every process titled "dovecot-<instanceName>/...". Escalates to SIGKILL on a timeout.
 */
export async function stopInstance({
  instanceName,
  confPath,
  masterPid,
}: {
  instanceName: string;
  confPath: string;
  masterPid: number | undefined;
}): Promise<void> {
  const prefix = `dovecot-${instanceName}/`;
  const serviceOf = (child: ProcessInfo) => child.commandLine.slice(prefix.length).split(' ')[0];
  const isCore = (child: ProcessInfo) => CORE_SERVICES.has(serviceOf(child) ?? '');
  const children = () => instanceChildren(instanceName);
  const masterAlive = () =>
    masterPid === undefined ? Promise.resolve(false) : isMasterAlive(masterPid, confPath);
  const running = await children();
  // A pid file's pid that is not this master (left from a crash) may belong to anything now.
  const master = (await masterAlive()) ? [{ pid: masterPid as number }] : [];
  const allGone = allExited(
    async () => [...((await masterAlive()) ? master : []), ...(await children())],
    [...master, ...running],
  );

  for (const child of running) {
    // A SIGSTOPped process (fault tests) would sit on any signal but SIGKILL.
    if (child.state === 'T') signal(child.pid, 'SIGCONT');
    // The master leaves processes that serve a client running after it exits (it only
    // closes their listeners), so end those first, as `doveadm kick` would.
    if (!isCore(child)) signal(child.pid, 'SIGTERM');
  }
  // Let them go before the master looks: any child not yet reaped when it shuts down costs
  // a fixed, uninterruptible 1 s sleep (services_monitor_wait_and_kill in
  // master/service-monitor.c). Its core services can still race it, so a stop takes ~0.15 s
  // usually and ~1.05 s now and then.
  await waitFor(async () => (await children()).every(isCore), SESSION_END_TIMEOUT_MS);
  if (masterPid !== undefined && (await masterAlive())) signal(masterPid, 'SIGTERM');

  // The log process lingers for about a second after everything else to catch late
  // lines: end it once it is the only process left.
  const onlyLogLeft = async () => (await children()).every((child) => serviceOf(child) === 'log');
  if (await waitFor(onlyLogLeft, STOP_TIMEOUT_MS)) {
    for (const child of await children()) signal(child.pid, 'SIGTERM');
  }
  if (await waitFor(allGone, STOP_TIMEOUT_MS)) return;

  if (masterPid !== undefined && (await masterAlive())) signal(masterPid, 'SIGKILL');
  for (const child of await children()) signal(child.pid, 'SIGKILL');
  if (!(await waitFor(allGone, KILL_TIMEOUT_MS))) {
    throw new Error(`dovecot instance ${instanceName} (${confPath}) would not stop`);
  }
}
