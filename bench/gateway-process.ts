import { fork, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  EXISTS_PORTS_REQUEST,
  EXISTS_REQUEST,
  EXISTS_START_REQUEST,
  LOOP_DELAY_REQUEST,
  MEMORY_REQUEST,
  PROFILE_START_REQUEST,
  PROFILE_STOP_REQUEST,
  type ExistsPorts,
  type ExistsTrace,
  type LoopDelay,
} from './gateway-probe.ts';
import { gatewayStartFlags } from './start-script.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const GATEWAY_MAIN = fileURLToPath(new URL('../apps/gateway/src/main.ts', import.meta.url));
const PROBE = fileURLToPath(new URL('./gateway-probe.ts', import.meta.url));
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;
const PROBE_TIMEOUT_MS = 30_000;
/** Lines of the gateway's output kept for an error message. */
const OUTPUT_TAIL_LINES = 30;

export interface GatewayMemory {
  /** Resident set (VmRSS from /proc/PID/status), bytes. */
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

/** The gateway as `pnpm start` runs it (apps/gateway/src/main.ts, configured by environment). */
export interface GatewayProcess {
  readonly pid: number;
  readonly url: string;
  /** The node flags it runs with: its start script's, then BENCH_GATEWAY_NODE_ARGS. */
  readonly nodeFlags: string[];
  /** Memory after a full GC in the gateway. */
  memory(): Promise<GatewayMemory>;
  /** Starts (again) recording when each IMAP user's connections read an EXISTS. */
  startExistsTrace(): Promise<void>;
  /** When each IMAP user's connections read an EXISTS since the start, by user. */
  existsTrace(): Promise<ExistsTrace>;
  /** The local ports of the IMAP connections that read those EXISTS, per user. */
  existsPorts(): Promise<ExistsPorts>;
  /** How late the gateway's event loop ran since the previous call. */
  loopDelay(): Promise<LoopDelay>;
  /** Starts a CPU profile of the gateway where `BENCH_GATEWAY_PROFILE` names a folder. */
  startProfile(): Promise<boolean>;
  /** Stops it and writes it into that folder: the file's path, or null. */
  stopProfile(): Promise<string | null>;
  /** user + system CPU time consumed so far, in ms (/proc/PID/stat utime + stime). */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

const CLOCK_TICKS_PER_SECOND = Number(
  execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim(),
);

/** utime + stime of a process in ms; 0 when it is gone. */
export async function processCpuMs(pid: number): Promise<number> {
  return cpuFieldsMs(pid, 11); // fields 14 and 15 of proc(5)
}

/** cutime + cstime: the CPU of the process's children that ended and were waited for. */
export async function endedChildrenCpuMs(pid: number): Promise<number> {
  return cpuFieldsMs(pid, 13); // fields 16 and 17 of proc(5)
}

/**
 * The main thread's time on a CPU and its time runnable but waiting for one, from
 * /proc/PID/task/PID/schedstat (sched_info: nanoseconds); null where the kernel keeps none.
 * The main thread is the event loop: its waiting is the gateway being late for want of a core.
 */
export async function mainThreadSchedMs(
  pid: number,
): Promise<{ runningMs: number; waitingMs: number } | null> {
  const line = await readFile(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').catch(() => '');
  const [running, waiting] = line.trim().split(' ').map(Number);
  if (!running || waiting === undefined || Number.isNaN(waiting)) return null;
  return { runningMs: running / 1e6, waitingMs: waiting / 1e6 };
}

async function cpuFieldsMs(pid: number, first: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  if (!stat) return 0;
  // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[first]) + Number(fields[first + 1]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** A field of /proc/PID/status in bytes (VmRSS, VmHWM…). */
export async function processStatusBytes(pid: number, field: string): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  // What `pnpm start` gives it (V8's heap settings), then the bench's own extras:
  // BENCH_GATEWAY_NODE_ARGS, e.g. "--cpu-prof" to see where its time goes (NODE_OPTIONS
  // refuses some of them).
  const nodeFlags = [
    ...(await gatewayStartFlags()),
    ...(process.env.BENCH_GATEWAY_NODE_ARGS ?? '').split(' ').filter(Boolean),
  ];
  const child = fork(GATEWAY_MAIN, [], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    execArgv: ['--import', 'tsx', '--import', PROBE, '--expose-gc', ...nodeFlags],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // A session of its own (setsid), as the gateway has when run as a service and as Dovecot's
    // master takes when it forks into the background. Where the kernel shares CPU time out by
    // session (sched-groups.ts), the gateway, Dovecot and this bench are then three groups of
    // equal weight. Left in this bench's session, the gateway would share one group's time
    // with the 1,000 tabs and floor clients measuring it, load it never shares with its browsers
    // in use. BENCH_GATEWAY_SESSION=bench leaves it there, to compare.
    detached: process.env.BENCH_GATEWAY_SESSION !== 'bench',
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    output.splice(0, Math.max(0, output.length - OUTPUT_TAIL_LINES));
  };
  child.stderr!.on('data', keep);
  // BENCH_GATEWAY_LOG: a file that gets all the gateway printed (with BENCH_GATEWAY_NODE_ARGS
  // such as --trace-gc, V8's own lines too); otherwise only the tail is kept, for errors.
  const log = process.env.BENCH_GATEWAY_LOG;
  if (log) {
    const whole = createWriteStream(log, { flags: 'a' });
    child.stdout!.pipe(whole);
    child.stderr!.pipe(whole);
  }
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail('did not start in time'), START_TIMEOUT_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`gateway ${why}:\n${output.join('\n')}`));
    };
    child.once('exit', (code) => fail(`exited (${code})`));
    child.stdout!.on('data', (chunk: Buffer) => {
      keep(chunk);
      const running = /Tidings is running at (\S+)/.exec(chunk.toString('utf8'));
      if (!running) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve(running[1]!);
    });
  });
  const pid = child.pid!;
  return {
    pid,
    url,
    nodeFlags,
    async memory() {
      const usage = await askProbe<NodeJS.MemoryUsage>(child, MEMORY_REQUEST);
      return {
        rss: await processStatusBytes(pid, 'VmRSS'),
        heapUsed: usage.heapUsed,
        heapTotal: usage.heapTotal,
        external: usage.external,
        arrayBuffers: usage.arrayBuffers,
      };
    },
    startExistsTrace: async () => void (await askProbe<boolean>(child, EXISTS_START_REQUEST)),
    existsTrace: () => askProbe<ExistsTrace>(child, EXISTS_REQUEST),
    existsPorts: () => askProbe<ExistsPorts>(child, EXISTS_PORTS_REQUEST),
    loopDelay: () => askProbe<LoopDelay>(child, LOOP_DELAY_REQUEST),
    startProfile: () => askProbe<boolean>(child, PROFILE_START_REQUEST),
    stopProfile: () => askProbe<string | null>(child, PROFILE_STOP_REQUEST),
    cpuMs: () => processCpuMs(pid),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** One request to the preloaded probe (gateway-probe.ts) and its answer. */
function askProbe<T>(child: ChildProcess, request: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', listener);
      reject(new Error(`gateway did not answer the probe's ${request} request`));
    }, PROBE_TIMEOUT_MS);
    const listener = (message: unknown) => {
      clearTimeout(timer);
      child.off('message', listener);
      resolve(message as T);
    };
    child.on('message', listener);
    child.send(request);
  });
}
