import { createServer } from 'node:net';

const LOOPBACK = '127.0.0.1';

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

/** A loopback port the kernel just handed out; free now, not reserved. */
export async function freeLoopbackPort(): Promise<number> {
  const port = await listenOn(0);
  if (port === undefined) throw new Error('no free loopback port');
  return port;
}

export async function isLoopbackPortFree(port: number): Promise<boolean> {
  return (await listenOn(port)) === port;
}
