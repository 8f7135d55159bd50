import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answers, startForeground, startOnFreePort } from './foreground-server.ts';
import { logTail } from './log-tail.ts';

/** A private redis-server on loopback: the cluster bus of the gateway's multi-process tests. */
export interface Redis {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** `redis://127.0.0.1:<port>`, for REDIS_URL. */
  readonly url: string;
  readonly dir: string;
  readonly pid: number;
  /** Tail of its log, for failure messages. */
  log(): Promise<string>;
  stop(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';
const READY_TIMEOUT_MS = 5_000;
const PING_TIMEOUT_MS = 500;

/**
 * No persistence at all (`save ""`, `appendonly no`): what the gateway keeps there (leases,
 * encrypted session records, the event stream) is worth nothing after a restart, and nothing
 * of it should reach a disk.
 */
export function renderRedisConfig(dir: string, port: number): string {
  return [
    `bind ${LOOPBACK}`,
    `port ${port}`,
    'protected-mode yes',
    'daemonize no',
    `dir ${dir}`,
    `logfile ${join(dir, 'redis.log')}`,
    `pidfile ${join(dir, 'redis.pid')}`,
    'save ""',
    'appendonly no',
    'databases 1',
    '',
  ].join('\n');
}

/** Starts redis-server on a free loopback port with its own config and dir (removed on stop). */
export async function startRedis(): Promise<Redis> {
  const dir = await mkdtemp(join(tmpdir(), 'tidings-redis-'));
  const confPath = join(dir, 'redis.conf');
  const logPath = join(dir, 'redis.log');
  try {
    const { server, port } = await startOnFreePort(async (port) => {
      await writeFile(confPath, renderRedisConfig(dir, port));
      return startForeground({
        command: 'redis-server',
        args: [confPath],
        logPath,
        ready: () => answers(port, 'PING\r\n', '+PONG', PING_TIMEOUT_MS),
        readyTimeoutMs: READY_TIMEOUT_MS,
        removeOnExit: [dir],
      });
    });
    return {
      host: LOOPBACK,
      port,
      url: `redis://${LOOPBACK}:${port}`,
      dir,
      pid: server.child.pid as number,
      log: () => logTail(logPath),
      async stop() {
        await server.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
