/**
 * Preloaded (`node --import`) into a gateway the bench runs as its own process. The gateway
 * itself runs unmodified; the probe answers the parent's requests over the fork IPC channel:
 *
 * - `memory`: `process.memoryUsage()` taken right after a full garbage collection
 *   (`--expose-gc`), so that two readings compare live memory, not whatever garbage happened to
 *   be waiting.
 * - `exists-start`, then `exists`: when each IMAP user's connections read an `EXISTS` from the
 *   server since the start, as the gateway's sockets received it. This is where the server's
 *   part of a delivery ends and the gateway's begins. The user of a connection is read from its
 *   own AUTHENTICATE PLAIN or LOGIN. Nothing is recorded before the start, so the memory the
 *   bench reads earlier holds no trace.
 * - `exists-ports`: the local ports of the connections that read those EXISTS, per user: where
 *   a capture of the wire (wire-capture.ts) finds the same bytes.
 * - `loop-delay`: how late the gateway's event loop ran since the last such request. Bytes that
 *   arrive while the loop is busy wait in the kernel and are timed only when read: the loop's
 *   delay bounds what `exists` cannot see.
 * - `profile-start`, then `profile-stop`: a V8 CPU profile of the gateway in between, and a
 *   sampling profile of what it allocated (garbage included: the young generation's churn is
 *   GC work on every core), written into the folder `BENCH_GATEWAY_PROFILE` names (the answer
 *   is the CPU profile's path; null where that is unset). `--cpu-prof` covers the whole life,
 *   sign-in storm included; this covers only what the bench wants to look at.
 *
 * When the channel closes (the bench ended), the gateway is told to stop (SIGTERM).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector';
import net from 'node:net';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { monotonicMs } from './clock.ts';

export const MEMORY_REQUEST = 'memory';
export const EXISTS_START_REQUEST = 'exists-start';
export const EXISTS_REQUEST = 'exists';
export const EXISTS_PORTS_REQUEST = 'exists-ports';
export const LOOP_DELAY_REQUEST = 'loop-delay';
export const PROFILE_START_REQUEST = 'profile-start';
export const PROFILE_STOP_REQUEST = 'profile-stop';
/** Microseconds between two samples of a CPU profile (V8's default: 1,000). */
const PROFILE_SAMPLING_US = 200;
/** Mean bytes between two allocation samples (V8's default: 32 KiB). */
const ALLOCATION_SAMPLING_BYTES = 4096;

/** Event-loop delay since the previous request, in ms. */
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

/** Times (`monotonicMs`) at which a connection of each user read an EXISTS. */
export type ExistsTrace = Record<string, number[]>;
/** The local ports of the connections of each user that read an EXISTS since the start. */
export type ExistsPorts = Record<string, number[]>;

const now = monotonicMs;
const EXISTS = ' EXISTS\r\n';
const LOGIN = /^\S+ LOGIN "?([^"\s]+)"? /;
const SASL_PLAIN_RESPONSE = /^[A-Za-z0-9+/]+=*\r\n$/;
/** Longest client line worth looking at for a user name: a command with credentials. */
const CREDENTIALS_MAX = 1024;
/**
 * Writes of a connection looked at for credentials: an IMAP client authenticates within its
 * first few commands; the gateway's other sockets (the tabs') are left alone after as many.
 */
const CREDENTIALS_WITHIN_WRITES = 8;

const userOf = new WeakMap<net.Socket, string>();
const writesSeen = new WeakMap<net.Socket, number>();
let trace: ExistsTrace | null = null;
let ports: ExistsPorts = {};

/** The user a client line authenticates as, if it is a LOGIN or a SASL PLAIN response. */
function userIn(line: string): string | undefined {
  const login = LOGIN.exec(line);
  if (login) return login[1];
  if (!SASL_PLAIN_RESPONSE.test(line)) return undefined;
  const parts = Buffer.from(line.trim(), 'base64').toString('utf8').split('\0');
  return parts.length === 3 && parts[1] ? parts[1] : undefined;
}

// Only a forked process has the channel (the bench imports this module for the constants).
if (process.send) {
  const write = net.Socket.prototype.write;
  net.Socket.prototype.write = function (this: net.Socket, chunk: unknown, ...rest: unknown[]) {
    const seen = writesSeen.get(this) ?? 0;
    if (seen < CREDENTIALS_WITHIN_WRITES) {
      writesSeen.set(this, userOf.has(this) ? CREDENTIALS_WITHIN_WRITES : seen + 1);
      const size = typeof chunk === 'string' ? chunk.length : (chunk as Buffer | undefined)?.length;
      const user = size !== undefined && size <= CREDENTIALS_MAX && userIn(String(chunk));
      if (user) userOf.set(this, user);
    }
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof write;

  const emit = net.Socket.prototype.emit;
  net.Socket.prototype.emit = function (
    this: net.Socket,
    event: string | symbol,
    ...args: unknown[]
  ) {
    if (event === 'data') {
      const user = userOf.get(this);
      const chunk = args[0];
      if (trace && user && Buffer.isBuffer(chunk) && chunk.includes(EXISTS)) {
        (trace[user] ??= []).push(now());
        const known = (ports[user] ??= []);
        if (this.localPort && !known.includes(this.localPort)) known.push(this.localPort);
      }
    }
    return (emit as (...a: unknown[]) => boolean).call(this, event, ...args);
  } as typeof emit;

  const resolutionMs = 10;
  const loopDelay = monitorEventLoopDelay({ resolution: resolutionMs });
  loopDelay.enable();
  // The histogram holds the time between two of its timer's turns: the delay is what exceeds
  // the interval it asked for.
  const ms = (ns: number) => Math.max(0, Math.round(ns / 1e4 - resolutionMs * 100) / 100);

  // The gateway runs in a session of its own (gateway-process.ts), out of reach of a terminal's
  // Ctrl-C: should the bench end without stopping it, the channel's close stops it instead.
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));

  process.on('message', (message) => {
    if (message === MEMORY_REQUEST) {
      (globalThis as { gc?: () => void }).gc?.();
      process.send!(process.memoryUsage());
    } else if (message === EXISTS_START_REQUEST) {
      trace = {};
      ports = {};
      process.send!(true);
    } else if (message === EXISTS_REQUEST) {
      process.send!(trace ?? {});
    } else if (message === EXISTS_PORTS_REQUEST) {
      process.send!(ports);
    } else if (message === LOOP_DELAY_REQUEST) {
      const delay: LoopDelay = {
        p50: ms(loopDelay.percentile(50)),
        p99: ms(loopDelay.percentile(99)),
        max: ms(loopDelay.max),
      };
      loopDelay.reset();
      process.send!(delay);
    } else if (message === PROFILE_START_REQUEST) {
      void startProfile().then(process.send!.bind(process), () => process.send!(false));
    } else if (message === PROFILE_STOP_REQUEST) {
      void stopProfile().then(process.send!.bind(process), () => process.send!(null));
    }
  });
}

let profiler: Session | null = null;

function post(session: Session, method: string, params?: object): Promise<unknown> {
  return new Promise((resolve, reject) =>
    session.post(method, params ?? {}, (error, result) =>
      error ? reject(error) : resolve(result),
    ),
  );
}

async function startProfile(): Promise<boolean> {
  if (!process.env.BENCH_GATEWAY_PROFILE || profiler) return false;
  profiler = new Session();
  profiler.connect();
  await post(profiler, 'Profiler.enable');
  await post(profiler, 'Profiler.setSamplingInterval', { interval: PROFILE_SAMPLING_US });
  await post(profiler, 'Profiler.start');
  await post(profiler, 'HeapProfiler.startSampling', {
    samplingInterval: ALLOCATION_SAMPLING_BYTES,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return true;
}

async function stopProfile(): Promise<string | null> {
  const folder = process.env.BENCH_GATEWAY_PROFILE;
  if (!folder || !profiler) return null;
  const { profile } = (await post(profiler, 'Profiler.stop')) as { profile: object };
  const allocations = (await post(profiler, 'HeapProfiler.stopSampling')) as { profile: object };
  profiler.disconnect();
  profiler = null;
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, `gateway-${Date.now()}`);
  await writeFile(`${file}.cpuprofile`, JSON.stringify(profile));
  await writeFile(`${file}.heapprofile`, JSON.stringify(allocations.profile));
  return `${file}.cpuprofile`;
}
