/**
 * Preloaded (`node --import`) into a gateway the bench runs as its own process. The gateway
 * itself runs unmodified; the probe answers the parent's requests over the fork IPC channel:
 *
 * - `memory`: `process.memoryUsage()` taken right after a full garbage collection
 *   (`--expose-gc`), so that two readings compare live memory, not whatever garbage happened to
 *   be waiting.
 * - `exists`: when each IMAP user's connections read an `EXISTS` from the server, as the
 *   gateway's sockets received it. This is where the server's part of a delivery ends and the
 *   gateway's begins. The user of a connection is read from its own AUTHENTICATE PLAIN or LOGIN.
 */
import net from 'node:net';

export const MEMORY_REQUEST = 'memory';
export const EXISTS_REQUEST = 'exists';

/** Times (ms since the epoch, sub-ms) at which a connection of each user read an EXISTS. */
export type ExistsTrace = Record<string, number[]>;

const now = () => performance.timeOrigin + performance.now();
const EXISTS = ' EXISTS\r\n';
const LOGIN = /^\S+ LOGIN "?([^"\s]+)"? /;
const SASL_PLAIN_RESPONSE = /^[A-Za-z0-9+/]+=*\r\n$/;
/** Longest client line worth looking at for a user name: a command with credentials. */
const CREDENTIALS_MAX = 1024;

const userOf = new WeakMap<net.Socket, string>();
const trace: ExistsTrace = {};

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
    const size = typeof chunk === 'string' ? chunk.length : (chunk as Buffer)?.length;
    if (!userOf.has(this) && size !== undefined && size <= CREDENTIALS_MAX) {
      const user = userIn(String(chunk));
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
      if (user && Buffer.isBuffer(chunk) && chunk.includes(EXISTS))
        (trace[user] ??= []).push(now());
    }
    return (emit as (...a: unknown[]) => boolean).call(this, event, ...args);
  } as typeof emit;

  process.on('message', (message) => {
    if (message === MEMORY_REQUEST) {
      (globalThis as { gc?: () => void }).gc?.();
      process.send!(process.memoryUsage());
    } else if (message === EXISTS_REQUEST) {
      process.send!(trace);
    }
  });
}
