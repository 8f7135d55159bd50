import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { trackMaster } from './exit-cleanup.ts';
import { freeLoopbackPort } from './free-port.ts';
import { logTail } from './log-tail.ts';
import { retryPortRaces } from './server-ports.ts';

const LOOPBACK = '127.0.0.1';
const READY_POLL_MS = 20;
const STOP_TIMEOUT_MS = 5_000;

/** A server run in the foreground as our child (redis-server, nginx with `daemon off`). */
export interface ForegroundServer {
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

export interface ForegroundStart {
  command: string;
  args: string[];
  /** Where the server logs: quoted in errors. */
  logPath: string;
  /** Resolves true once the server answers on its port. */
  ready: () => Promise<boolean>;
  readyTimeoutMs: number;
  /** Directories removed when this process exits without stop() (temporary instances). */
  removeOnExit: string[];
}

/**
 * Starts a server on a free loopback port: `start(port)` writes its config and starts it. Another
 * process can take the port between our probe and the server's bind; then a new port is tried.
 */
export async function startOnFreePort(
  start: (port: number) => Promise<ForegroundServer>,
): Promise<{ server: ForegroundServer; port: number }> {
  return retryPortRaces(async () => {
    const port = await freeLoopbackPort();
    return { server: await start(port), port };
  });
}

/**
 * Starts the server and waits until `ready()` says so. Rejects with the log's tail when the
 * server exits first (a taken port, a bad config) or stays silent past the timeout.
 */
export async function startForeground(options: ForegroundStart): Promise<ForegroundServer> {
  const child = spawn(options.command, options.args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const spawned = await Promise.race([
    once(child, 'spawn').then(() => true),
    once(child, 'error').then(([error]) => error as Error),
  ]);
  if (spawned instanceof Error)
    throw new Error(`${options.command} could not start: ${spawned.message}`);
  const untrack = trackMaster(child.pid as number, options.removeOnExit);
  let exited = child.exitCode !== null || child.signalCode !== null;
  const exit = once(child, 'exit').then(() => {
    exited = true;
  });

  const stop = async () => {
    untrack();
    if (exited) return;
    child.kill('SIGTERM');
    const stopped = await Promise.race([exit.then(() => true), sleep(STOP_TIMEOUT_MS, false)]);
    if (!stopped) {
      child.kill('SIGKILL');
      await exit;
    }
  };

  const deadline = Date.now() + options.readyTimeoutMs;
  for (;;) {
    if (exited) {
      untrack();
      throw new Error(
        `${options.command} exited during start-up: ${stderr.trim()}\n${await logTail(options.logPath)}`,
      );
    }
    if (await options.ready()) return { child, stop };
    if (Date.now() >= deadline) {
      await stop();
      throw new Error(
        `${options.command} did not become ready within ${options.readyTimeoutMs} ms\n${await logTail(options.logPath)}`,
      );
    }
    await sleep(READY_POLL_MS);
  }
}

/** Sends `request` to a loopback port and resolves whether the first answer line starts with `expect`. */
export function answers(
  port: number,
  request: string,
  expect: string,
  timeoutMs: number,
): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: LOOPBACK, port });
    let received = '';
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(received.startsWith(expect)));
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.includes('\r\n')) finish(received.startsWith(expect));
    });
  });
}
