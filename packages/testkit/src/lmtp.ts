import { connect, type Socket } from 'node:net';
import type { Dovecot } from './dovecot.ts';

const LMTP_TIMEOUT_MS = 10_000;

interface Reply {
  code: number;
  lines: string[];
}

export interface LmtpDelivery {
  from: string;
  to: string[];
  raw: string | Buffer;
}

/**
 * Delivers a raw RFC 5322 message over LMTP (RFC 2033). Throws with the server's reply when any
 * step, or any single recipient, is refused.
 */
export async function deliverByLmtp(
  dovecot: Pick<Dovecot, 'host' | 'lmtpPort'>,
  { from, to, raw }: LmtpDelivery,
): Promise<void> {
  if (to.length === 0) throw new Error('deliverByLmtp needs at least one recipient');
  const session = await LmtpSession.open(dovecot.host, dovecot.lmtpPort);
  try {
    await session.expect(await session.reply(), 220, 'greeting');
    await session.command('LHLO tidings-testkit', 250);
    await session.command(`MAIL FROM:<${from}>`, 250);
    for (const recipient of to) await session.command(`RCPT TO:<${recipient}>`, 250);
    await session.command('DATA', 354);
    session.write(encodeData(raw));
    // LMTP answers DATA once per accepted recipient, in RCPT order (RFC 2033 section 4.2).
    for (const recipient of to)
      await session.expect(await session.reply(), 250, `DATA for ${recipient}`);
    await session.command('QUIT', 221);
  } finally {
    session.close();
  }
}

/** CRLF line endings, dot-stuffing (RFC 5321 section 4.5.2) and the terminating "." line. */
export function encodeData(raw: string | Buffer): Buffer {
  // latin1 maps bytes 1:1 to code units, so 8-bit content survives the string round trip.
  const text =
    typeof raw === 'string' ? Buffer.from(raw, 'utf8').toString('latin1') : raw.toString('latin1');
  const crlf = text.replace(/\r?\n/g, '\r\n');
  const stuffed = crlf.replace(/^\./gm, '..');
  const terminated = stuffed.endsWith('\r\n') || stuffed === '' ? stuffed : `${stuffed}\r\n`;
  return Buffer.from(`${terminated}.\r\n`, 'latin1');
}

class LmtpSession {
  private buffered = '';
  private readonly replies: Reply[] = [];
  private waiting: ((reply: Reply) => void) | undefined;
  private failure: Error | undefined;
  private failed: ((error: Error) => void) | undefined;
  private current: string[] = [];

  private constructor(private readonly socket: Socket) {
    socket.setTimeout(LMTP_TIMEOUT_MS, () => this.fail(new Error('LMTP server timed out')));
    socket.on('data', (chunk: Buffer) => this.receive(chunk.toString('latin1')));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('LMTP connection closed')));
  }

  static open(host: string, port: number): Promise<LmtpSession> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new LmtpSession(socket));
      });
    });
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  async command(line: string, expected: number): Promise<Reply> {
    this.write(`${line}\r\n`);
    return this.expect(await this.reply(), expected, line);
  }

  expect(reply: Reply, expected: number, step: string): Reply {
    if (reply.code !== expected) {
      throw new Error(`LMTP ${step} refused: ${reply.lines.join(' / ')}`);
    }
    return reply;
  }

  reply(): Promise<Reply> {
    const next = this.replies.shift();
    if (next) return Promise.resolve(next);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failed = reject;
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(text: string): void {
    this.buffered += text;
    let end: number;
    while ((end = this.buffered.indexOf('\r\n')) >= 0) {
      const line = this.buffered.slice(0, end);
      this.buffered = this.buffered.slice(end + 2);
      this.current.push(line);
      // "250-..." continues a multi-line reply, "250 ..." ends it.
      if (line[3] === '-') continue;
      const reply = { code: Number.parseInt(line.slice(0, 3), 10), lines: this.current };
      this.current = [];
      const waiting = this.waiting;
      this.waiting = undefined;
      this.failed = undefined;
      if (waiting) waiting(reply);
      else this.replies.push(reply);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const failed = this.failed;
    this.waiting = undefined;
    this.failed = undefined;
    failed?.(this.failure);
  }
}
