import { readFile, writeFile } from 'node:fs/promises';
import { freeLoopbackPort } from './free-port.ts';

/** Ports tried when another process takes the chosen one before the server binds it. */
const PORT_ATTEMPTS = 3;

/**
 * Starts a server on ports chosen by `start(attempt)`. A free port is only free when probed:
 * another process can take it before the server binds it, and then the start is tried again
 * with new ports. Ports the caller fixed are never changed, so their failure is final.
 */
export async function retryPortRaces<T>(
  start: (attempt: number) => Promise<T>,
  fixed = false,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(attempt);
    } catch (error) {
      const raced = error instanceof Error && /Address already in use/i.test(error.message);
      if (fixed || !raced || attempt >= PORT_ATTEMPTS) throw error;
    }
  }
}

export async function freePortOtherThan(taken: number[]): Promise<number> {
  let port = await freeLoopbackPort();
  while (taken.includes(port)) port = await freeLoopbackPort();
  return port;
}

/**
 * The ports an instance kept in its own dir listened on last time (`ports.json`), by name;
 * names missing or not whole numbers are left out. An instance that comes back on the same
 * ports keeps the URLs and settings of whoever used it before (the demo's mail client).
 */
export async function readSavedPorts<Name extends string>(
  path: string,
  names: readonly Name[],
): Promise<Partial<Record<Name, number>>> {
  let saved: Record<string, unknown>;
  try {
    saved = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return {}; // first run in this directory
  }
  const ports: Partial<Record<Name, number>> = {};
  for (const name of names) {
    const port = saved[name];
    if (Number.isInteger(port)) ports[name] = port as number;
  }
  return ports;
}

export async function savePorts(path: string, ports: Record<string, number>): Promise<void> {
  await writeFile(path, `${JSON.stringify(ports)}\n`);
}
