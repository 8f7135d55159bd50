import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ErrorCode } from '@tidings/protocol';
import { AccountError } from '../sessions/account-error.ts';
import { isConnectionLost } from '../imap/connection-lost.ts';
import { RedisChannel, type RedisClient } from './redis-keys.ts';

/**
 * Requests from a tab connected to a process that does not own its account run on the owner:
 * published on the owner's channel in Redis, answered on the caller's. Redis is the trust
 * boundary (only gateway processes can publish there), so the owner does not re-validate what
 * the caller's socket handler already validated; it only checks the method's name.
 */

interface RpcRequest {
  kind: 'request';
  id: string;
  from: string;
  accountId: string;
  method: string;
  args: unknown[];
}

type RpcReply =
  | { kind: 'reply'; id: string; ok: true; data: unknown }
  | { kind: 'reply'; id: string; ok: false; error: { code: ErrorCode; message: string } };

export type RpcHandler = (accountId: string, method: string, args: unknown[]) => Promise<unknown>;

interface Pending {
  target: string;
  accountId: string;
  resolve: (data: unknown) => void;
  reject: (error: AccountError) => void;
  timer: NodeJS.Timeout;
}

const OWNER_SILENT = 'The gateway process holding your mailbox did not answer; try again.';

export class ClusterRpc {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly redis: RedisClient,
    private readonly nodeId: string,
    private readonly handler: RpcHandler,
    private readonly logger: Logger,
  ) {}

  /** Where this process hears requests and answers; `subscriber` is a dedicated connection. */
  async listen(subscriber: RedisClient): Promise<void> {
    await subscriber.subscribe(RedisChannel.node(this.nodeId), (message) => {
      let parsed: RpcRequest | RpcReply;
      try {
        parsed = JSON.parse(message) as RpcRequest | RpcReply;
      } catch {
        return;
      }
      if (parsed.kind === 'request') void this.serve(parsed);
      else this.settle(parsed);
    });
  }

  /** Runs `method` on the process `target`; rejects with an AccountError a tab can be shown. */
  call(
    target: string,
    accountId: string,
    method: string,
    args: unknown[],
    timeoutMs: number,
  ): Promise<unknown> {
    const id = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new AccountError(ErrorCode.ImapUnavailable, OWNER_SILENT));
      }, timeoutMs);
      this.pending.set(id, { target, accountId, resolve, reject, timer });
      const request: RpcRequest = {
        kind: 'request',
        id,
        from: this.nodeId,
        accountId,
        method,
        args,
      };
      this.redis.publish(RedisChannel.node(target), JSON.stringify(request)).then(
        (receivers) => {
          // Nobody subscribed: that process is gone; no need to wait for the timeout.
          if (receivers === 0) this.fail(id, OWNER_SILENT);
        },
        () => this.fail(id, 'The cluster bus (Redis) is not reachable; try again.'),
      );
    });
  }

  /** Fails every call for an account this process just took over: its old owner is gone. */
  failCallsFor(accountId: string): void {
    for (const [id, call] of this.pending) {
      if (call.accountId === accountId) this.fail(id, OWNER_SILENT);
    }
  }

  close(): void {
    for (const id of [...this.pending.keys()]) this.fail(id, 'The gateway is shutting down.');
  }

  private fail(id: string, message: string): void {
    const call = this.pending.get(id);
    if (!call) return;
    this.pending.delete(id);
    clearTimeout(call.timer);
    call.reject(new AccountError(ErrorCode.ImapUnavailable, message));
  }

  private settle(reply: RpcReply): void {
    const call = this.pending.get(reply.id);
    if (!call) return; // timed out meanwhile
    this.pending.delete(reply.id);
    clearTimeout(call.timer);
    if (reply.ok) call.resolve(reply.data);
    else call.reject(new AccountError(reply.error.code, reply.error.message));
  }

  private async serve(request: RpcRequest): Promise<void> {
    let reply: RpcReply;
    try {
      const data = await this.handler(request.accountId, request.method, request.args);
      reply = { kind: 'reply', id: request.id, ok: true, data };
    } catch (error) {
      reply = { kind: 'reply', id: request.id, ok: false, error: toWireError(error) };
      if (reply.error.code === ErrorCode.Internal) {
        this.logger.error(
          {
            account: request.accountId,
            method: request.method,
            err: { message: (error as Error).message },
          },
          'forwarded request failed',
        );
      }
    }
    await this.redis
      .publish(RedisChannel.node(request.from), JSON.stringify(reply))
      .catch(() => undefined);
  }
}

function toWireError(error: unknown): { code: ErrorCode; message: string } {
  if (error instanceof AccountError) return { code: error.code, message: error.message };
  if (isConnectionLost(error)) {
    return {
      code: ErrorCode.ImapUnavailable,
      message: 'The connection to the mail server dropped; try again.',
    };
  }
  return { code: ErrorCode.Internal, message: 'Something went wrong on the gateway.' };
}
