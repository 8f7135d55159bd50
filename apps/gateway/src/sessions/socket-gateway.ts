import type { Server, Socket } from 'socket.io';
import type { Logger } from 'pino';
import type { z } from 'zod';
import {
  ErrorCode,
  Events,
  fail,
  handshakeAuthSchema,
  ok,
  PROTOCOL_VERSION,
  requestSchemas,
  SESSION_COOKIE,
  DEFAULT_WINDOW,
  DEFAULT_SUGGESTIONS,
  type Ack,
  type ClientToServerEvents,
  type InterServerEvents,
  type ServerToClientEvents,
  type SocketData,
} from '@tidings/protocol';
import { parseCookies } from '../http/cookies.ts';
import { isSameOrigin } from '../http/origin.ts';
import type { OutgoingMail } from '../compose/compose-context.ts';
import type { AccountDirectory } from './account-registry.ts';
import { AccountError } from './account-error.ts';
import type { AccountSink } from './account-pushes.ts';
import type { AccountSession } from './account-session.ts';
import type { SessionStore } from './session-store.ts';
import { LiveSearches } from './live-searches.ts';
import { isConnectionLost } from '../imap/connection-lost.ts';
import { DEFAULT_SEARCH_LIMIT } from './message-search.ts';
import { DEFAULT_EVERYWHERE_LIMIT } from './search-everywhere.ts';
import type { SieveServer } from '../sieve/managesieve.ts';
import { readFilters, writeFilters } from '../sieve/filters.ts';
import { readVacation, writeVacation } from '../sieve/vacation.ts';

export type TidingsServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
type TidingsSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;

/** What a request's acknowledgement carries when it succeeds. */
type AckData<E extends keyof ClientToServerEvents> =
  Parameters<Parameters<ClientToServerEvents[E]>[1]>[0] extends Ack<infer T> ? T : never;

/** Requests one socket may make per second before it is told to slow down. */
const REQUESTS_PER_SECOND = 50;

export function accountRoom(accountId: string): string {
  return `account:${accountId}`;
}

export function accountSink(io: TidingsServer, accountId: string): AccountSink {
  return {
    emit(event, payload) {
      // socket.io's typed emit cannot follow a generic event name; the AccountSink type is the check.
      (io.to(accountRoom(accountId)).emit as (e: string, p: unknown) => boolean)(event, payload);
    },
  };
}

export interface SocketGatewayOptions {
  sessions: SessionStore;
  accounts: AccountDirectory;
  logger: Logger;
  allowedOrigins: readonly string[];
  outgoing: OutgoingMail;
  /** Where automatic replies are stored (ManageSieve); null: not offered. */
  sieve: SieveServer | null;
}

class HandshakeError extends Error {
  readonly data: { code: ErrorCode; message: string };
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.data = { code, message };
  }
}

export function attachSocketGateway(io: TidingsServer, options: SocketGatewayOptions): void {
  const { sessions, accounts, logger } = options;

  io.use((socket, next) => {
    const headers = socket.handshake.headers;
    if (!isSameOrigin(headers.origin, headers.host, options.allowedOrigins)) {
      return next(
        new HandshakeError(ErrorCode.Unauthenticated, 'Connections from other sites are refused.'),
      );
    }
    const auth = handshakeAuthSchema.safeParse(socket.handshake.auth);
    if (!auth.success || auth.data.protocolVersion !== PROTOCOL_VERSION) {
      return next(
        new HandshakeError(
          ErrorCode.ProtocolMismatch,
          `This page speaks another protocol version; reload it (gateway: ${PROTOCOL_VERSION}).`,
        ),
      );
    }
    const session = sessions.get(parseCookies(headers.cookie).get(SESSION_COOKIE));
    if (!session) return next(new HandshakeError(ErrorCode.Unauthenticated, 'Sign in first.'));
    socket.data = {
      sessionId: session.id,
      accountId: session.accountId,
      lastSeq: auth.data.lastSeq,
    };
    next();
  });

  io.on('connection', (socket) => {
    const { accountId, sessionId } = socket.data;
    const session = sessions.byId(sessionId);
    if (!session) {
      socket.disconnect(true);
      return;
    }
    void socket.join(accountRoom(accountId));
    const account = accounts.acquire(accountId, session.credentials);
    accounts.attachSocket(accountId);
    socket.on('disconnect', () => accounts.detachSocket(accountId));
    if ('welcome' in account) account.welcome(socket, socket.data.lastSeq);
    else greet(socket, account, socket.data.lastSeq);

    const limiter = rateLimiter(REQUESTS_PER_SECOND);
    const on = <E extends keyof typeof requestSchemas, T extends AckData<E>>(
      event: E,
      run: (req: z.infer<(typeof requestSchemas)[E]>) => Promise<T>,
    ): void => {
      (socket.on as (e: string, l: (...args: unknown[]) => void) => void)(
        event,
        (payload: unknown, ack: unknown) => {
          if (typeof ack !== 'function') return; // every request wants an answer; a bare emit is noise
          const reply = ack as (res: Ack<T>) => void;
          if (!sessions.byId(sessionId)) {
            reply(fail(ErrorCode.Unauthenticated, 'Your session ended; sign in again.'));
            socket.disconnect(true);
            return;
          }
          if (!limiter())
            return reply(fail(ErrorCode.RateLimited, 'Too many requests; slow down.'));
          const parsed = requestSchemas[event].safeParse(payload);
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            // The field's path (draft.subject) tells the user which input to fix.
            const where = issue?.path.length ? ` (${issue.path.join('.')})` : '';
            return reply(
              fail(
                ErrorCode.BadRequest,
                `Malformed ${event} request${where}: ${issue?.message ?? 'invalid'}`,
              ),
            );
          }
          run(parsed.data as z.infer<(typeof requestSchemas)[E]>).then(
            (data) => reply(ok(data)),
            (error: unknown) => {
              if (error instanceof AccountError) return reply(fail(error.code, error.message));
              if (isConnectionLost(error)) {
                return reply(
                  fail(
                    ErrorCode.ImapUnavailable,
                    'The connection to the mail server dropped; try again.',
                  ),
                );
              }
              logger.error(
                { account: accountId, event, err: { message: (error as Error).message } },
                'request failed',
              );
              reply(fail(ErrorCode.Internal, 'Something went wrong on the gateway.'));
            },
          );
        },
      );
    };

    // The account session may have been replaced (a new sign-in with a changed password).
    const live = () => accounts.get(accountId) ?? accounts.acquire(accountId, session.credentials);

    on(Events.MailboxList, async () => ({ mailboxes: await live().listMailboxes() }));
    on(Events.MailboxOpen, (req) =>
      live().openMailbox(req.mailbox, req.limit ?? DEFAULT_WINDOW, req.sort ?? null),
    );
    on(Events.MessageList, (req) =>
      live().window(req.mailbox, req.uidValidity, req.offset, req.limit, req.sort ?? null),
    );
    on(Events.MessageMove, (req) => live().move(req));
    on(Events.MessageArchive, (req) => live().archive(req));
    on(Events.MessageJunk, (req) => live().reportJunk(req));
    on(Events.MessageDelete, (req) => live().delete(req));
    on(Events.ActionUndo, async (req) => ({ restored: await live().undo(req.token) }));
    on(Events.MailboxCreate, (req) => live().createFolder(req.parent ?? null, req.name));
    // Two methods, not one with an optional parent: forwarded as JSON, an absent parent would
    // arrive as null, which means the top level.
    on(Events.MailboxRename, (req) =>
      req.parent === undefined
        ? live().renameFolder(req.mailbox, req.name)
        : live().moveFolder(req.mailbox, req.parent, req.name),
    );
    on(Events.MailboxDelete, (req) => live().deleteFolder(req.mailbox));
    on(Events.MailboxEmpty, (req) => live().emptyFolder(req.mailbox));
    on(Events.MailboxMarkRead, (req) => live().markFolderRead(req.mailbox));
    on(Events.MailboxUids, (req) => live().folderUids(req.mailbox));
    on(Events.QuotaGet, async () => ({ quota: await live().quota() }));
    // A ManageSieve session of its own per request, in whichever process the tab reached: no
    // IMAP session involved, so nothing to forward to the account's owner.
    on(Events.VacationGet, () => readVacation(options.sieve, session.credentials));
    on(Events.VacationSet, (req) =>
      writeVacation(options.sieve, session.credentials, req.settings),
    );
    on(Events.FiltersGet, () => readFilters(options.sieve, session.credentials));
    on(Events.FiltersSet, (req) => writeFilters(options.sieve, session.credentials, req.rules));
    // Unlike the rules themselves, running one now is IMAP work: the account's owner does it.
    on(Events.FiltersApply, (req) => live().applyFilterRule(req.rule));
    on(Events.MessageUnsubscribe, (req) => live().unsubscribe(req, options.outgoing));
    on(Events.MessageRsvp, (req) => live().rsvp(req, options.outgoing));
    on(Events.RecipientSuggest, async (req) => ({
      suggestions: await live().suggestRecipients(req.query, req.limit ?? DEFAULT_SUGGESTIONS),
    }));
    const searches = new LiveSearches(socket, live, logger);
    socket.on('disconnect', () => searches.close());
    on(Events.MessageSearch, (req) =>
      searches.open(req.mailbox, req.query, req.limit ?? DEFAULT_SEARCH_LIMIT),
    );
    on(Events.SearchEverywhere, (req) =>
      live().searchEverywhere(req.query, req.limit ?? DEFAULT_EVERYWHERE_LIMIT),
    );
    on(Events.SearchClose, async (req) => {
      searches.remove(req.searchId);
      return {};
    });
    on(Events.MessageGet, (req) => live().readMessage(req.mailbox, req.uidValidity, req.uid));
    on(Events.MessageThreads, (req) => live().threads(req));
    on(Events.MessageSend, (req) => live().send(req.draft, options.outgoing, sessionId));
    on(Events.DraftSave, (req) => live().saveDraft(req.draft, options.outgoing, sessionId));
    on(Events.DraftOpen, (req) => live().openDraft(req, options.outgoing, sessionId));
    on(Events.AttachmentsCopy, async (req) => ({
      attachments: await live().copyAttachments(req, options.outgoing, sessionId),
    }));
    on(Events.AttachmentsRelease, async (req) => {
      await live().releaseAttachments(req.ids, options.outgoing, sessionId);
      return {};
    });
    on(Events.MailboxRefresh, async () => {
      await live().refreshFolders();
      return {};
    });
    on(Events.MessageSetFlags, async (req) => ({
      changes: await live().setFlags(
        req.mailbox,
        req.uidValidity,
        req.uids,
        req.add ?? [],
        req.remove ?? [],
      ),
    }));
  });
}

/** A new socket of an account this process runs: its status, then what it missed. */
export function greet(
  socket: TidingsSocket,
  account: AccountSession,
  lastSeq: number | undefined,
): void {
  socket.emit(Events.AccountStatus, account.currentStatus);
  replayMissed(socket, account, lastSeq);
}

/**
 * socket.io delivers at most once: a tab that reconnects says which seq it applied last and
 * gets what it missed, in order, before anything newer (this runs synchronously on connect).
 * If the log cannot cover the gap, the tab is told to resync. A first connection (no lastSeq)
 * loads everything anyway.
 */
function replayMissed(
  socket: TidingsSocket,
  account: AccountSession,
  lastSeq: number | undefined,
): void {
  if (lastSeq === undefined) return;
  const missed = account.eventsSince(lastSeq);
  if (missed === null) {
    socket.emit(Events.AccountResync, { seq: account.lastSeq });
    return;
  }
  for (const event of missed) {
    (socket.emit as (e: string, p: unknown) => boolean)(event.name, event.payload);
  }
}

/** True while the caller stays under `perSecond` calls in the current one-second window. */
function rateLimiter(perSecond: number): () => boolean {
  let windowStart = 0;
  let used = 0;
  return () => {
    const now = Date.now();
    if (now - windowStart >= 1_000) {
      windowStart = now;
      used = 0;
    }
    return ++used <= perSecond;
  };
}

export type { TidingsSocket };
