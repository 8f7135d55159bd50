import type { ImapFlow } from 'imapflow';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SORT_CONNECTION_RETRY_MS, SortConnection } from './sort-connection.ts';

/** What SortConnection touches of a connection, and what a test reads back. */
function fakeClient(name: string) {
  const listeners = new Map<string, () => void>();
  const client = {
    name,
    usable: true,
    loggedOut: false,
    on: (event: string, listener: () => void) => void listeners.set(event, listener),
    logout: async () => void (client.loggedOut = true),
    close: () => listeners.get('close')?.(),
  };
  return client;
}
type Fake = ReturnType<typeof fakeClient>;

function sortConnection(connect: () => Promise<Fake>, idleMs = 1_000, now = () => 0) {
  const fallback = fakeClient('command');
  const connection = new SortConnection({
    server: { host: '127.0.0.1', port: 1, security: 'none' },
    credentials: { user: 'u', password: 'p' },
    logger: pino({ enabled: false }),
    fallback: async () => fallback as unknown as ImapFlow,
    connect: async () => (await connect()) as unknown as ImapFlow,
    idleMs,
    now,
  });
  const nameOf = (client: ImapFlow) => (client as unknown as Fake).name;
  return { connection, fallback, nameOf };
}

afterEach(() => void vi.useRealTimers());

describe('SortConnection', () => {
  it('opens one connection, keeps it while used, and logs it out after a while unused', async () => {
    vi.useFakeTimers();
    const opened: Fake[] = [];
    const { connection, nameOf } = sortConnection(async () => {
      opened.push(fakeClient(`sort ${opened.length + 1}`));
      return opened.at(-1)!;
    });
    expect(await connection.use(async (client) => nameOf(client))).toBe('sort 1');
    expect(await connection.use(async (client) => nameOf(client))).toBe('sort 1');
    await vi.advanceTimersByTimeAsync(999);
    expect(opened[0]!.loggedOut).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(opened[0]!.loggedOut).toBe(true);
    expect(await connection.use(async (client) => nameOf(client))).toBe('sort 2');
    connection.close();
    expect(opened[1]!.loggedOut).toBe(true);
    expect(opened).toHaveLength(2);
  });

  it('sorts on the command connection where none can be opened, or after close', async () => {
    let attempts = 0;
    let now = 0;
    const { connection, nameOf } = sortConnection(
      async () => {
        attempts++;
        throw new Error('Maximum number of connections from user+IP exceeded');
      },
      1_000,
      () => now,
    );
    expect(await connection.use(async (client) => nameOf(client))).toBe('command');
    // Not asked again at every sort while the server says no.
    now = SORT_CONNECTION_RETRY_MS - 1;
    expect(await connection.use(async (client) => nameOf(client))).toBe('command');
    expect(attempts).toBe(1);
    now = SORT_CONNECTION_RETRY_MS;
    expect(await connection.use(async (client) => nameOf(client))).toBe('command');
    expect(attempts).toBe(2);
    connection.close();
    expect(await connection.use(async (client) => nameOf(client))).toBe('command');
    expect(attempts).toBe(2);
  });

  it('sorts again on the command connection when its own is lost in the middle', async () => {
    const sort = fakeClient('sort');
    const { connection, nameOf } = sortConnection(async () => sort);
    const ran: string[] = [];
    const answer = await connection.use(async (client) => {
      ran.push(nameOf(client));
      if (client === (sort as unknown as ImapFlow)) {
        sort.usable = false;
        throw new Error('Connection not available');
      }
      return 'sorted';
    });
    expect(answer).toBe('sorted');
    expect(ran).toEqual(['sort', 'command']);
  });

  it("passes on the server's refusal: the command connection would be refused the same", async () => {
    const { connection } = sortConnection(async () => fakeClient('sort'));
    const ran: string[] = [];
    await expect(
      connection.use(async () => {
        ran.push('once');
        throw new Error('SORT failed: NO');
      }),
    ).rejects.toThrow('SORT failed: NO');
    expect(ran).toEqual(['once']);
  });
});
