import { io, type Socket } from 'socket.io-client';
import {
  Events,
  HttpPath,
  PROTOCOL_VERSION,
  type Ack,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SessionInfo,
} from '@tidings/protocol';
import type { MailUser } from '@tidings/testkit';

export type TabSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Signs in over HTTP, as the sign-in form does; returns the session cookie. */
export async function signInCookie(baseUrl: string, user: MailUser): Promise<string> {
  const res = await fetch(new URL(HttpPath.Session, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: originOf(baseUrl) },
    body: JSON.stringify(user),
  });
  if (!res.ok) {
    throw new Error(`sign-in of ${user.email} failed: ${res.status} ${await res.text()}`);
  }
  (await res.json()) as SessionInfo;
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/** One more live socket of a signed-in session; it connects on its own. */
export function tabSocket(baseUrl: string, cookie: string): TabSocket {
  const origin = originOf(baseUrl);
  return io(origin, {
    transports: ['websocket'],
    extraHeaders: { cookie, origin },
    auth: { protocolVersion: PROTOCOL_VERSION },
    forceNew: true,
  });
}

/**
 * A browser tab without the browser: signs in over HTTP and returns its live socket, which
 * connects on its own (listen to it before awaiting anything else).
 */
export async function signInSocket(baseUrl: string, user: MailUser): Promise<TabSocket> {
  return tabSocket(baseUrl, await signInCookie(baseUrl, user));
}

function originOf(baseUrl: string): string {
  return baseUrl.replace(/\/$/, '');
}

/** A tab whose socket is connected. */
export async function openTab(baseUrl: string, user: MailUser): Promise<TabSocket> {
  const socket = await signInSocket(baseUrl, user);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

export function ask<E extends keyof ClientToServerEvents>(
  socket: TabSocket,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
): Promise<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0]> {
  return new Promise((resolve) =>
    (socket.emit as (e: string, p: unknown, ack: (r: unknown) => void) => void)(
      event,
      payload,
      (r) => resolve(r as Parameters<Parameters<ClientToServerEvents[E]>[1]>[0]),
    ),
  );
}

export function ok<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

/** Resolves at the next `account:status` with the given IMAP state; rejects after `timeoutMs`. */
export function statusReached(socket: TabSocket, imap: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(Events.AccountStatus, listener);
      reject(new Error(`no ${imap} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (status: { imap: string }) => {
      if (status.imap !== imap) return;
      clearTimeout(timer);
      socket.off(Events.AccountStatus, listener);
      resolve(performance.timeOrigin + performance.now());
    };
    socket.on(Events.AccountStatus, listener);
  });
}

/**
 * The local port of a connected tab's WebSocket (wire-capture.ts finds its bytes by it); 0 if
 * unknown. socket.io-client keeps it in engine.io-client's transport, on the `ws` socket.
 */
export function localPortOf(socket: TabSocket): number {
  const transport = socket.io.engine?.transport as unknown as
    { ws?: { _socket?: { localPort?: number } } } | undefined;
  return transport?.ws?._socket?.localPort ?? 0;
}
