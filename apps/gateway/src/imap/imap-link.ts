import { EventEmitter } from 'node:events';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type { Logger } from 'pino';
import { SilenceWatchdog, type Waiting } from './silence-watchdog.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
import {
  imapOptions,
  isAuthenticationFailure,
  type Credentials,
  type ImapServer,
} from './imap-server.ts';

export const LinkState = {
  Connecting: 'connecting',
  Up: 'up',
  Reconnecting: 'reconnecting',
  Stopped: 'stopped',
} as const;
export type LinkState = (typeof LinkState)[keyof typeof LinkState];

export interface ImapLinkOptions {
  server: ImapServer;
  credentials: Credentials;
  /** For logs: which of the account's connections this is. */
  name: string;
  logger: Logger;
  imap?: Partial<ImapFlowOptions>;
  backoff?: BackoffPolicy;
  /** Runs on every fresh connection before it counts as up (select, load state, start IDLE). */
  onConnected?: (client: ImapFlow) => Promise<void>;
  /**
   * A connection silent this long is dead (half-open) and replaced. An idling one quiet for all
   * of it but the answer window (5 s at most) gets a NOOP, which any live server answers
   * (schedule in SilenceWatchdog).
   */
  deadAfterMs: number;
  /**
   * Probe this connection when it is silent with no command outstanding (default true: the
   * IDLE connection, where silence is the failure to catch). False for a connection that only
   * answers requests: at rest it is left alone, and watched while a command waits
   * (SilenceWatchdog's `Waiting`).
   */
  watchAtRest?: boolean;
}

interface ImapLinkEvents {
  state: [state: LinkState, retryAt?: number];
  /** The server rejected the credentials (a changed password): the link stopped for good. */
  rejected: [];
  /** The watchdog found the connection half-open and dropped it (a reconnect follows). */
  dead: [];
}

/**
 * One logical IMAP connection that outlives its sockets. imapflow does not reconnect and an
 * instance cannot connect twice, so every attempt builds a new ImapFlow; attempts back off
 * exponentially with jitter and the backoff resets only after a connection stayed up for a
 * while, so a server that accepts the login and then drops us never sees a login storm.
 */
export class ImapLink extends EventEmitter<ImapLinkEvents> {
  private current: ImapFlow | null = null;
  private linkState: LinkState = LinkState.Stopped;
  private attempt = 0;
  private upSince = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private waiters: { resolve: (c: ImapFlow) => void; reject: (e: Error) => void }[] = [];
  private watchdogTimer: NodeJS.Timeout | undefined;
  /**
   * The client whose connect() (greeting and login) is under way, until its failure has been
   * handled. Its close is left to that handling, which always comes (imapflow rejects a pending
   * connect on close and on its connection timeout): there a refused login stops the link
   * instead of first being reported as a drop to retry.
   */
  private connecting: ImapFlow | null = null;
  /** Set by startVerifying until the first login has succeeded or failed. */
  private verifying: { resolve: () => void; reject: (e: unknown) => void } | null = null;

  constructor(private readonly options: ImapLinkOptions) {
    super();
  }

  get state(): LinkState {
    return this.linkState;
  }

  /** The newest connection, up or still being set up (its events are current). */
  get connection(): ImapFlow | null {
    return this.current;
  }

  /** The connected client, or null while (re)connecting. */
  get client(): ImapFlow | null {
    return this.linkState === LinkState.Up ? this.current : null;
  }

  start(): void {
    if (this.linkState !== LinkState.Stopped) return;
    this.setState(LinkState.Connecting);
    void this.connectOnce();
  }

  /**
   * Starts, as the sign-in's credential check: resolves as soon as the first login succeeded
   * (before `onConnected`). If that first attempt fails, for any reason, the link stops and
   * this rejects with imapflow's error: no retry, and no 'rejected' event, because nothing was
   * running yet (a stranger's wrong password must not end the account's other sessions).
   */
  startVerifying(): Promise<void> {
    if (this.linkState !== LinkState.Stopped) {
      return Promise.reject(new Error('the connection is already running'));
    }
    const loggedIn = new Promise<void>((resolve, reject) => (this.verifying = { resolve, reject }));
    this.start();
    return loggedIn;
  }

  /** Resolves with the client once up; rejects after `timeoutMs` or when the link stops. */
  ready(timeoutMs: number): Promise<ImapFlow> {
    const client = this.client;
    if (client) return Promise.resolve(client);
    if (this.linkState === LinkState.Stopped) return Promise.reject(new Error('connection closed'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error('mail server not reachable'));
      }, timeoutMs);
      const waiter = {
        resolve: (c: ImapFlow) => (clearTimeout(timer), resolve(c)),
        reject: (e: Error) => (clearTimeout(timer), reject(e)),
      };
      this.waiters.push(waiter);
    });
  }

  /** Drops the current socket on purpose (a dead connection was detected); reconnects after backoff. */
  drop(reason: string): void {
    if (!this.current) return;
    this.options.logger.warn({ link: this.options.name, reason }, 'dropping IMAP connection');
    this.current.close();
  }

  async stop(): Promise<void> {
    this.setState(LinkState.Stopped);
    this.verifying?.reject(new Error('connection closed'));
    this.verifying = null;
    clearTimeout(this.retryTimer);
    clearTimeout(this.watchdogTimer);
    const client = this.current;
    this.current = null;
    for (const waiter of this.waiters.splice(0)) waiter.reject(new Error('connection closed'));
    if (client && client.usable) {
      await Promise.race([client.logout().catch(() => undefined), delay(2_000)]);
    }
    client?.close();
  }

  private async connectOnce(): Promise<void> {
    const { logger, name } = this.options;
    const client = new ImapFlow(
      imapOptions(this.options.server, this.options.credentials, this.options.imap),
    );
    this.current = client;
    // Without an error listener a dropped socket crashes the process (IMAP-FIELD-NOTES).
    client.on('error', (error: Error) => {
      logger.warn(
        { link: name, err: { message: error.message, code: (error as { code?: string }).code } },
        'IMAP connection error',
      );
    });
    client.on('close', () => this.onClose(client));
    try {
      this.connecting = client;
      await client.connect();
      this.connecting = null;
      this.verifying?.resolve();
      this.verifying = null;
      await this.options.onConnected?.(client);
    } catch (error) {
      if (this.current !== client || this.linkState === LinkState.Stopped) {
        client.close();
        return;
      }
      const verifying = this.verifying;
      if (verifying) {
        this.verifying = null;
        client.close();
        await this.stop();
        verifying.reject(error);
        return;
      }
      // The server's response code (RFC 5530), never its text: the reason, not the login.
      const code = (error as { serverResponseCode?: string }).serverResponseCode;
      if (isAuthenticationFailure(error)) {
        logger.warn({ link: name, code }, 'IMAP login rejected; stopping');
        client.close();
        await this.stop();
        this.emit('rejected');
        return;
      }
      logger.warn(
        { link: name, code, err: { message: (error as Error).message } },
        'IMAP connect failed',
      );
      client.close();
      this.scheduleRetry();
      return;
    } finally {
      // Only now: the close() calls above must not reach onClose as a dropped connection.
      if (this.connecting === client) this.connecting = null;
    }
    if (this.current !== client || this.linkState === LinkState.Stopped) return;
    this.upSince = Date.now();
    this.watch(client);
    this.setState(LinkState.Up);
    for (const waiter of this.waiters.splice(0)) waiter.resolve(client);
  }

  /** Stamps every read of the connection and looks when SilenceWatchdog asks. */
  private watch(client: ImapFlow): void {
    clearTimeout(this.watchdogTimer);
    const { deadAfterMs } = this.options;
    const dog = new SilenceWatchdog(deadAfterMs, performance.now());
    const heardAt = lastReceived(client);
    const schedule = (ms: number) => {
      this.watchdogTimer = setTimeout(look, ms);
      this.watchdogTimer.unref();
    };
    const waiting = (): Waiting => {
      if (client.idling) return 'idle';
      if (commandsOutstanding(client) > 0) return 'command';
      return this.options.watchAtRest === false ? 'nothing' : 'idle';
    };
    const look = () => {
      if (this.current !== client) return;
      const verdict = dog.check(heardAt(), performance.now(), waiting());
      if (verdict.probe) client.noop().catch(() => undefined);
      if (!verdict.dead) return schedule(verdict.nextCheckMs);
      // Timers run before the loop polls sockets: after a long stall of this process the answer
      // may be waiting unread. Let one poll pass before calling the connection dead.
      setImmediate(() => {
        if (this.current !== client) return;
        const again = dog.check(heardAt(), performance.now(), waiting());
        if (again.dead) {
          this.drop(`no answer from the server for ${deadAfterMs} ms`);
          this.emit('dead');
        } else {
          schedule(again.nextCheckMs);
        }
      });
    };
    schedule(dog.quietMs);
  }

  private onClose(client: ImapFlow): void {
    if (this.current !== client || this.connecting === client) return;
    clearTimeout(this.watchdogTimer);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.linkState === LinkState.Stopped || this.retryTimer) return;
    if (
      this.upSince &&
      Date.now() - this.upSince >= (this.options.backoff ?? DEFAULT_BACKOFF).healthyAfterMs
    ) {
      this.attempt = 0;
    }
    this.upSince = 0;
    const wait = backoffDelay(this.attempt++, this.options.backoff ?? DEFAULT_BACKOFF);
    const retryAt = Date.now() + wait;
    this.options.logger.info(
      { link: this.options.name, wait },
      'IMAP connection closed; reconnecting',
    );
    this.setState(LinkState.Reconnecting, retryAt);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.linkState === LinkState.Stopped) return;
      void this.connectOnce();
    }, wait);
  }

  private setState(state: LinkState, retryAt?: number): void {
    if (this.linkState === state && state !== LinkState.Reconnecting) return;
    this.linkState = state;
    this.emit('state', state, retryAt);
  }
}

/**
 * When the connection last received bytes (performance.now()). Read from the socket imapflow
 * reads (TLS or plain; before inflating when compressed), a field it does not declare and keeps
 * for the connection's life once it is up; a listener costs a clock read per chunk. Without
 * that socket, from the byte counter when asked: coarser (silence counts from the first look
 * that saw the count unchanged), never early.
 */
function lastReceived(client: ImapFlow): () => number {
  let heardAt = performance.now();
  const socket = (client as unknown as { socket?: NodeJS.EventEmitter | null }).socket;
  if (socket) {
    socket.on('data', () => {
      heardAt = performance.now();
    });
    return () => heardAt;
  }
  let bytes = client.stats().received;
  return () => {
    const now = client.stats().received;
    if (now !== bytes) heardAt = performance.now();
    bytes = now;
    return heardAt;
  };
}

/** Tagged commands sent and not yet answered (imapflow's own bookkeeping; not typed). */
function commandsOutstanding(client: ImapFlow): number {
  return (client as unknown as { requestTagMap?: Map<string, unknown> }).requestTagMap?.size ?? 0;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
