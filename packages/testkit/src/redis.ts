import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from './free-port.ts';
import { answers, logTail, startForeground, type ForegroundServer } from './foreground-server.ts';

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
const PORT_ATTEMPTS = 3;

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
    for (let attempt = 1; ; attempt++) {
      const port = await freeLoopbackPort();
      await writeFile(confPath, renderRedisConfig(dir, port));
      let server: ForegroundServer;
      try {
        server = await startForeground({
          command: 'redis-server',
          args: [confPath],
          logPath,
          ready: () => answers(port, 'PING\r\n', '+PONG', PING_TIMEOUT_MS),
          readyTimeoutMs: READY_TIMEOUT_MS,
          removeOnExit: [dir],
        });
      } catch (error) {
        // Another process can take the port between our probe and redis' bind.
        const raced = error instanceof Error && /Address already in use/i.test(error.message);
        if (!raced || attempt >= PORT_ATTEMPTS) throw error;
        continue;
      }
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
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
