import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const LOOPBACK = '127.0.0.1';
/** Where the private servers' ports start: above the well-known and most registered ones. */
const PRIVATE_PORTS_FROM = 10_000;
/** Room below the ephemeral range worth choosing from; less, and the kernel chooses. */
const MIN_PRIVATE_SPAN = 2_000;
const PICK_ATTEMPTS = 50;

function listenOn(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen({ port, host: LOOPBACK, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * The kernel's ephemeral ports (Linux `ip_local_port_range`): every outgoing connection and
 * every `listen(0)` takes its port from there. Null where it cannot be read.
 */
export function ephemeralPortRange(
  read: () => string = () => readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8'),
): { from: number; to: number } | null {
  try {
    const [from, to] = read().trim().split(/\s+/).map(Number);
    return Number.isInteger(from) && Number.isInteger(to) ? { from: from!, to: to! } : null;
  } catch {
    return null;
  }
}

/**
 * A loopback port free now (not reserved), chosen below the kernel's ephemeral range where
 * there is room: no outgoing connection or `listen(0)` elsewhere ever takes such a port, so one
 * a server gave up stays free for its restart (Dovecot and Postfix come back on their ports,
 * and tests check they do). Elsewhere, one the kernel hands out.
 */
export async function freeLoopbackPort(range = ephemeralPortRange()): Promise<number> {
  if (range && range.from - PRIVATE_PORTS_FROM >= MIN_PRIVATE_SPAN) {
    for (let attempt = 0; attempt < PICK_ATTEMPTS; attempt++) {
      const candidate =
        PRIVATE_PORTS_FROM + Math.floor(Math.random() * (range.from - PRIVATE_PORTS_FROM));
      if ((await listenOn(candidate)) === candidate) return candidate;
    }
  }
  const port = await listenOn(0);
  if (port === undefined) throw new Error('no free loopback port');
  return port;
}

export async function isLoopbackPortFree(port: number): Promise<boolean> {
  return (await listenOn(port)) === port;
}
