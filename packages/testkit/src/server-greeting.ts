import { connect } from 'node:net';

const LOOPBACK = '127.0.0.1';

export interface Greeting {
  /** What a ready server's first line starts with: `* OK` (IMAP), `220 ` (SMTP). */
  prefix: string;
  /** Sent after a good greeting, so the server logs a polite goodbye, not a lost connection. */
  goodbye?: string;
}

/** Connects once to a loopback port and reports whether the server greets as expected. */
export function greets(port: number, timeoutMs: number, greeting: Greeting): Promise<boolean> {
  return new Promise((resolveGreeting) => {
    const socket = connect({ host: LOOPBACK, port });
    let received = '';
    let settled = false;
    const finish = (ok: boolean) => {
      if (settled) return;
      settled = true;
      resolveGreeting(ok);
      if (ok && greeting.goodbye) {
        socket.setTimeout(0);
        socket.end(greeting.goodbye);
      } else {
        socket.destroy();
      }
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.includes('\r\n')) finish(received.startsWith(greeting.prefix));
    });
  });
}
