import { Writable } from 'node:stream';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll } from 'vitest';
import {
  Events,
  HttpPath,
  PROTOCOL_VERSION,
  type Ack,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SessionInfo,
} from '@tidings/protocol';
import {
  startDovecot,
  type Dovecot,
  type DovecotOptions,
  type MailClient,
  type MailUser,
} from '@tidings/testkit';
import {
  createGateway,
  gatewayDefaults,
  type Gateway,
  type GatewayConfig,
} from '../src/create-gateway.ts';
import { createLogger } from '../src/logger.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Every log line the gateway wrote, to check that no secret ever reaches a log. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.lines.push(chunk.toString());
    done();
  }
  get text(): string {
    return this.lines.join('');
  }
}

export interface TestGateway {
  gateway: Gateway;
  url: string;
  origin: string;
  logs: LogCapture;
  close(): Promise<void>;
}

export async function startTestGateway(
  dovecot: Pick<Dovecot, 'host' | 'imapPort'>,
  overrides: Partial<GatewayConfig> = {},
): Promise<TestGateway> {
  const logs = new LogCapture();
  const gateway = await createGateway(
    {
      imap: { host: dovecot.host, port: dovecot.imapPort, security: 'none' },
      ...gatewayDefaults(),
      sessionGraceMs: 60_000,
      webDist: null,
      ...overrides,
    },
    createLogger('debug', logs),
  );
  const { url } = await gateway.listen(0, '127.0.0.1');
  return { gateway, url, origin: url.replace(/\/$/, ''), logs, close: () => gateway.close() };
}

export interface SignedIn {
  cookie: string;
  csrfToken: string;
}

/** What fileWorld() gives a test file; `dovecot` and `gw` are there once its tests run. */
export interface FileWorld {
  dovecot: Dovecot;
  gw: TestGateway;
  /** Sockets and mail clients the tests open: closed after the last test. */
  sockets: ClientSocket[];
  clients: MailClient[];
}

/**
 * A private Dovecot and a gateway shared by the tests of one file: started before the first
 * test, stopped after the last, with every socket and mail client the tests kept closed first.
 */
export function fileWorld(dovecotOptions: DovecotOptions = {}): FileWorld {
  const world = { sockets: [], clients: [] } as unknown as FileWorld;
  beforeAll(async () => {
    world.dovecot = await startDovecot(dovecotOptions);
    world.gw = await startTestGateway(world.dovecot);
  });
  afterAll(async () => {
    for (const socket of world.sockets) socket.disconnect();
    for (const client of world.clients) await client.close().catch(() => undefined);
    await world.gw?.close();
    await world.dovecot?.stop();
  });
  return world;
}

/**
 * A tab of `user` on the world's gateway, signed in with INBOX open: its socket (closed after the
 * file's last test), every push it receives, and the first window.
 */
export async function inboxTab(world: FileWorld, user: MailUser) {
  const { cookie } = await signIn(world.gw, user.email, user.password);
  const socket = openSocket(world.gw, cookie);
  world.sockets.push(socket);
  const events = new EventLog(socket);
  await connected(socket);
  const window = unwrap(await request(socket, Events.MailboxOpen, { mailbox: 'INBOX' }));
  return { socket, events, window };
}

export async function signIn(gw: TestGateway, email: string, password: string): Promise<SignedIn> {
  const res = await fetch(new URL(HttpPath.Session, gw.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: gw.origin },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const info = (await res.json()) as SessionInfo;
  return { cookie, csrfToken: info.csrfToken };
}

export function openSocket(
  gw: TestGateway,
  cookie: string | null,
  auth: object = { protocolVersion: PROTOCOL_VERSION },
): ClientSocket {
  return connectSocket(gw.origin, {
    transports: ['websocket'],
    extraHeaders: { origin: gw.origin, ...(cookie ? { cookie } : {}) },
    auth: auth as Record<string, unknown>,
    reconnection: false,
    forceNew: true,
  });
}

export function connected(socket: ClientSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve();
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

type EventName = keyof ServerToClientEvents;
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

/** Records every push a socket receives, so tests can wait for one and check what else came. */
export class EventLog {
  readonly events: { name: EventName; payload: unknown; at: number }[] = [];
  private waiters: (() => void)[] = [];

  constructor(socket: ClientSocket) {
    socket.onAny((name: EventName, payload: unknown) => {
      this.events.push({ name, payload, at: Date.now() });
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  all<E extends EventName>(name: E): Payload<E>[] {
    return this.events.filter((e) => e.name === name).map((e) => e.payload as Payload<E>);
  }

  async next<E extends EventName>(
    name: E,
    match: (p: Payload<E>) => boolean = () => true,
    timeoutMs = 5_000,
  ): Promise<Payload<E>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.all(name).find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no ${name} event within ${timeoutMs} ms; got ${this.events.map((e) => e.name).join(', ')}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
  }
}

export function request<E extends keyof ClientToServerEvents>(
  socket: ClientSocket,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
): Promise<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0]> {
  return new Promise((resolve) => {
    (socket.emit as (e: string, p: unknown, ack: (r: unknown) => void) => void)(
      event,
      payload,
      (res) => resolve(res as Parameters<Parameters<ClientToServerEvents[E]>[1]>[0]),
    );
  });
}

export function unwrap<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
