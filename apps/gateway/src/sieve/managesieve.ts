import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls, type TLSSocket } from 'node:tls';
import type { Credentials } from '../imap/imap-server.ts';
import { ImapSecurity } from '../imap/imap-server.ts';
import {
  literal,
  quoted,
  readResponse,
  SieveProtocolError,
  type SieveResponse,
} from './sieve-response.ts';

/** Where users' filter scripts are stored: ManageSieve (RFC 5804), port 4190 by default. */
export interface SieveServer {
  host: string;
  port: number;
  /** tls (implicit), starttls, or none; as for IMAP and SMTP. */
  security: ImapSecurity;
  /** Certificates to trust besides the system's (a private CA; the tests' own). */
  ca?: string;
}

export const MANAGESIEVE_PORT = 4190;
/** A server that does not answer a command this long has gone away. */
const COMMAND_TIMEOUT_MS = 15_000;

/** The server could not be reached, or spoke something else. */
export class SieveUnavailableError extends Error {}

/** The server answered NO (or BYE) to a command. */
export class SieveCommandError extends Error {
  constructor(
    readonly command: string,
    readonly code: string | null,
    text: string,
  ) {
    super(text || `${command} refused`);
  }
}

export interface ScriptListing {
  name: string;
  active: boolean;
}

/**
 * One ManageSieve session, signed in as the user: list, read, store and activate scripts.
 * Short-lived: opened for a request and logged out after it (the protocol has no push).
 */
export class ManageSieveClient {
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (r: SieveResponse) => void; reject: (e: Error) => void } | null =
    null;
  private failure: Error | null = null;

  private constructor(private socket: Socket | TLSSocket) {
    this.listen(socket);
  }

  static async connect(server: SieveServer, credentials: Credentials): Promise<ManageSieveClient> {
    const socket = await open(server);
    const client = new ManageSieveClient(socket);
    try {
      let capabilities = capabilityMap(await client.next('greeting'));
      if (server.security === ImapSecurity.StartTls) {
        if (!capabilities.has('STARTTLS')) {
          throw new SieveUnavailableError('the server offers no STARTTLS');
        }
        await client.command('STARTTLS', 'STARTTLS');
        client.socket = await upgrade(socket, server);
        client.listen(client.socket);
        // RFC 5804 §2.2: the server sends its capabilities again over TLS.
        capabilities = capabilityMap(await client.next('capabilities'));
      }
      const mechanisms = (capabilities.get('SASL') ?? '').toUpperCase().split(/\s+/);
      if (!mechanisms.includes('PLAIN')) {
        throw new SieveUnavailableError('the server offers no PLAIN sign-in');
      }
      const plain = Buffer.from(`\0${credentials.user}\0${credentials.password}`).toString(
        'base64',
      );
      await client.command('AUTHENTICATE', `AUTHENTICATE "PLAIN" ${quoted(plain)}`);
      return client;
    } catch (error) {
      client.close();
      throw error;
    }
  }

  async listScripts(): Promise<ScriptListing[]> {
    const response = await this.command('LISTSCRIPTS', 'LISTSCRIPTS');
    return response.lines.flatMap((tokens) => {
      const [name, flag] = tokens;
      if (!name || !('string' in name)) return [];
      return [
        { name: name.string, active: !!flag && 'atom' in flag && /^ACTIVE$/i.test(flag.atom) },
      ];
    });
  }

  async getScript(name: string): Promise<string> {
    const response = await this.command('GETSCRIPT', `GETSCRIPT ${quoted(name)}`);
    const token = response.lines[0]?.[0];
    if (!token || !('string' in token)) throw new SieveProtocolError('GETSCRIPT without a script');
    return token.string;
  }

  async putScript(name: string, script: string): Promise<void> {
    await this.command('PUTSCRIPT', `PUTSCRIPT ${quoted(name)} ${literal(script)}`);
  }

  /** Makes `name` the active script; the empty name deactivates them all. */
  async setActive(name: string): Promise<void> {
    await this.command('SETACTIVE', `SETACTIVE ${quoted(name)}`);
  }

  async logout(): Promise<void> {
    try {
      await this.command('LOGOUT', 'LOGOUT');
    } catch {
      // Gone already: nothing to sign out of.
    } finally {
      this.close();
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private async command(name: string, line: string): Promise<SieveResponse> {
    this.socket.write(`${line}\r\n`);
    const response = await this.next(name);
    if (response.status !== 'OK') throw new SieveCommandError(name, response.code, response.text);
    return response;
  }

  private next(what: string): Promise<SieveResponse> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new SieveUnavailableError(`no answer to ${what}`));
      }, COMMAND_TIMEOUT_MS);
      this.waiting = {
        resolve: (response) => {
          clearTimeout(timer);
          resolve(response);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.drain();
    });
  }

  private listen(socket: Socket | TLSSocket): void {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.drain();
    });
    socket.on('error', (error) => this.fail(new SieveUnavailableError(error.message)));
    socket.on('close', () => this.fail(new SieveUnavailableError('the connection closed')));
  }

  private drain(): void {
    if (!this.waiting) return;
    let read: ReturnType<typeof readResponse>;
    try {
      read = readResponse(this.buffer);
    } catch (error) {
      this.fail(error as Error);
      return;
    }
    if (!read) return;
    this.buffer = this.buffer.subarray(read.length);
    const { resolve } = this.waiting;
    this.waiting = null;
    resolve(read.response);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.reject(error);
    this.socket.destroy();
  }
}

/** The greeting's (or CAPABILITY's) lines: name → value, names upper case. */
function capabilityMap(response: SieveResponse): Map<string, string> {
  if (response.status !== 'OK') {
    throw new SieveUnavailableError(response.text || 'the server refused the connection');
  }
  const map = new Map<string, string>();
  for (const [name, value] of response.lines) {
    if (name && 'string' in name) {
      map.set(name.string.toUpperCase(), value && 'string' in value ? value.string : '');
    }
  }
  return map;
}

function open(server: SieveServer): Promise<Socket | TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket =
      server.security === ImapSecurity.Tls
        ? connectTls({ port: server.port, ...tlsOptions(server) })
        : connectTcp({ host: server.host, port: server.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new SieveUnavailableError(`no connection to ${server.host}:${server.port}`));
    }, COMMAND_TIMEOUT_MS);
    socket.once(server.security === ImapSecurity.Tls ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new SieveUnavailableError(error.message));
    });
  });
}

/** The certificate is checked against the host's name (or IP address), as for IMAP. */
function tlsOptions(server: SieveServer) {
  return {
    host: server.host,
    // SNI carries names only (RFC 6066 §3).
    ...(isIP(server.host) ? {} : { servername: server.host }),
    ...(server.ca ? { ca: server.ca } : {}),
  };
}

function upgrade(socket: Socket | TLSSocket, server: SieveServer): Promise<TLSSocket> {
  socket.removeAllListeners('data');
  socket.removeAllListeners('error');
  socket.removeAllListeners('close');
  return new Promise((resolve, reject) => {
    const secure = connectTls({ socket, ...tlsOptions(server) }, () => resolve(secure));
    secure.once('error', (error) => reject(new SieveUnavailableError(error.message)));
  });
}
