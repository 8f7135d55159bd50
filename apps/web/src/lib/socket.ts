import { io, type Socket } from 'socket.io-client';
import {
  Events,
  ErrorCode,
  HttpPath,
  PROTOCOL_VERSION,
  type Ack,
  type AttachmentsCopyRequest,
  type AttachmentsCopyResult,
  type AttachmentsReleaseRequest,
  type ClientToServerEvents,
  type DraftOpenRequest,
  type DraftSaveRequest,
  type DraftSaveResult,
  type HandshakeAuth,
  type MailboxInfo,
  type MailboxOpenRequest,
  type MessageArchiveRequest,
  type MessageDeleteRequest,
  type MessageDetail,
  type MessageGetRequest,
  type MessageJunkRequest,
  type MessageListRequest,
  type MessageMoveRequest,
  type MessageSearchRequest,
  type MessageSendRequest,
  type MessageSetFlagsRequest,
  type MessageRsvpRequest,
  type MessageUnsubscribeRequest,
  type MessageWindow,
  type MoveResult,
  type OpenedDraft,
  type QuotaResult,
  type RecipientSuggestRequest,
  type RsvpResult,
  type SearchEverywhereRequest,
  type SearchEverywhereResult,
  type RecipientSuggestions,
  type SearchResult,
  type SendResult,
  type ServerToClientEvents,
  type UnsubscribeResult,
} from '@tidings/protocol';

export type GatewaySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** How long a request may wait for its acknowledgement before it counts as failed. */
export const REQUEST_TIMEOUT_MS = 20_000;

/**
 * A window in another order than newest first may wait for the server's first SORT of the
 * whole folder (by sender, 10 s at 100,000 messages on Dovecot: bench big-mailbox), and longer
 * for a bigger folder; the list header says it is sorting meanwhile.
 */
export const SORTED_WINDOW_TIMEOUT_MS = 120_000;

export function windowTimeout(request: { sort?: unknown }): number {
  return request.sort === undefined ? REQUEST_TIMEOUT_MS : SORTED_WINDOW_TIMEOUT_MS;
}

/**
 * A socket to the gateway of this origin. `lastSeq` is read at every (re)connection attempt,
 * so the gateway learns the last account event this tab applied and can replay the rest.
 * The socket is created disconnected: attach listeners, then call `connect()`.
 */
export function createGatewaySocket(lastSeq: () => number | undefined): GatewaySocket {
  return io({
    path: HttpPath.SocketIo,
    autoConnect: false,
    withCredentials: true,
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    auth: (send) => {
      const auth: HandshakeAuth = { protocolVersion: PROTOCOL_VERSION };
      const seq = lastSeq();
      if (seq !== undefined) auth.lastSeq = seq;
      send(auth);
    },
  });
}

/** The protocol error code a refused handshake carries (`next(err)` with `err.data`). */
export function refusalCode(error: Error): string | undefined {
  const data = (error as Error & { data?: { code?: unknown } }).data;
  return typeof data?.code === 'string' ? data.code : undefined;
}

/** The answer to a request made while the tab has no socket to the gateway. */
export function notConnected<T>(): Ack<T> {
  return {
    ok: false,
    error: { code: ErrorCode.ImapUnavailable, message: 'Not connected to Tidings right now.' },
  };
}

/** The answer when a request outlived its wait. */
export function timedOut<T>(): Ack<T> {
  return {
    ok: false,
    error: { code: ErrorCode.Internal, message: 'The server did not answer in time.' },
  };
}

// One function per request keeps each call site typed end to end, payload to answer.

export function listMailboxes(socket: GatewaySocket): Promise<Ack<{ mailboxes: MailboxInfo[] }>> {
  return socket
    .timeout(REQUEST_TIMEOUT_MS)
    .emitWithAck(Events.MailboxList, {})
    .catch(() => timedOut());
}

export function openMailbox(
  socket: GatewaySocket,
  request: MailboxOpenRequest,
): Promise<Ack<MessageWindow>> {
  return socket
    .timeout(windowTimeout(request))
    .emitWithAck(Events.MailboxOpen, request)
    .catch(() => timedOut());
}

export function listMessages(
  socket: GatewaySocket,
  request: MessageListRequest,
): Promise<Ack<MessageWindow>> {
  return socket
    .timeout(windowTimeout(request))
    .emitWithAck(Events.MessageList, request)
    .catch(() => timedOut());
}

export function setFlags(
  socket: GatewaySocket,
  request: MessageSetFlagsRequest,
): Promise<Ack<{ changes: { uid: number; flags: string[] }[] }>> {
  return socket
    .timeout(REQUEST_TIMEOUT_MS)
    .emitWithAck(Events.MessageSetFlags, request)
    .catch(() => timedOut());
}

/**
 * Moves messages to another folder. The gateway removes them from the source at once and
 * tells every tab (this one too) with `message:expunged`: apply the push, not the answer.
 */
export function moveMessages(
  socket: GatewaySocket,
  request: MessageMoveRequest,
): Promise<Ack<MoveResult>> {
  return socket
    .timeout(REQUEST_TIMEOUT_MS)
    .emitWithAck(Events.MessageMove, request)
    .catch(() => timedOut());
}

/** To Trash, or (with `permanently`, which cannot be undone) deleted for good. */
export function deleteMessages(
  socket: GatewaySocket,
  request: MessageDeleteRequest,
): Promise<Ack<MoveResult>> {
  return socket
    .timeout(REQUEST_TIMEOUT_MS)
    .emitWithAck(Events.MessageDelete, request)
    .catch(() => timedOut());
}

export function archiveMessages(
  socket: GatewaySocket,
  request: MessageArchiveRequest,
): Promise<Ack<MoveResult>> {
  return socket
    .timeout(REQUEST_TIMEOUT_MS)
    .emitWithAck(Events.MessageArchive, request)
    .catch(() => timedOut());
}

/** To Junk as junk, or back to the Inbox as not junk. */
export function reportJunk(
  socket: GatewaySocket,
  request: MessageJunkRequest,
): Promise<Ack<MoveResult>> {
  return socket
    .timeout(REQUEST_TIMEOUT_MS)
    .emitWithAck(Events.MessageJunk, request)
    .catch(() => timedOut());
}

/** Takes back a move, delete or archive by the token its answer carried. */
export function undoAction(
  socket: GatewaySocket,
  token: string,
): Promise<Ack<{ restored: number }>> {
  return socket
    .timeout(REQUEST_TIMEOUT_MS)
    .emitWithAck(Events.ActionUndo, { token })
    .catch(() => timedOut());
}

/** Runs a search on the server; matches arriving later come as `search:matched`. */
export function searchMessages(
  socket: GatewaySocket,
  request: MessageSearchRequest,
): Promise<Ack<SearchResult>> {
  return socket
    .timeout(REQUEST_TIMEOUT_MS)
    .emitWithAck(Events.MessageSearch, request)
    .catch(() => timedOut());
}

/** The query in every folder but Trash and Junk: one IMAP search per folder, so it may take a while. */
export function searchEverywhere(
  socket: GatewaySocket,
  request: SearchEverywhereRequest,
): Promise<Ack<SearchEverywhereResult>> {
  return socket
    .timeout(SEND_TIMEOUT_MS)
    .emitWithAck(Events.SearchEverywhere, request)
    .catch(() => timedOut());
}

/** Ends a search's live updates. */
export function closeSearch(
  socket: GatewaySocket,
  searchId: string,
): Promise<Ack<Record<string, never>>> {
  return socket
    .timeout(REQUEST_TIMEOUT_MS)
    .emitWithAck(Events.SearchClose, { searchId })
    .catch(() => timedOut());
}

/** Sending waits on the outgoing mail server, which may be slow: a longer wait than the rest. */
export const SEND_TIMEOUT_MS = 120_000;

export function sendMessage(
  socket: GatewaySocket,
  request: MessageSendRequest,
): Promise<Ack<SendResult>> {
  return socket
    .timeout(SEND_TIMEOUT_MS)
    .emitWithAck(Events.MessageSend, request)
    .catch(() => ({
      ok: false as const,
      error: {
        code: ErrorCode.Internal,
        message:
          'The server did not confirm the message in time; check Sent before sending it again.',
      },
    }));
}

export function saveDraft(
  socket: GatewaySocket,
  request: DraftSaveRequest,
): Promise<Ack<DraftSaveResult>> {
  return socket
    .timeout(REQUEST_TIMEOUT_MS)
    .emitWithAck(Events.DraftSave, request)
    .catch(() => timedOut());
}

/** A draft from Drafts to go on writing, its attachments registered again on the gateway. */
export function openDraft(
  socket: GatewaySocket,
  request: DraftOpenRequest,
): Promise<Ack<OpenedDraft>> {
  return socket
    .timeout(REQUEST_TIMEOUT_MS)
    .emitWithAck(Events.DraftOpen, request)
    .catch(() => timedOut());
}

/**
 * A message's attachments copied on the gateway as uploads, for a forward: as slow as the
 * files are large, so it waits as long as a send.
 */
export function copyAttachments(
  socket: GatewaySocket,
  request: AttachmentsCopyRequest,
): Promise<Ack<AttachmentsCopyResult>> {
  return socket
    .timeout(SEND_TIMEOUT_MS)
    .emitWithAck(Events.AttachmentsCopy, request)
    .catch(() => timedOut());
}

/** Uploads the composer is done with, deleted on the gateway now. */
export function releaseAttachments(
  socket: GatewaySocket,
  request: AttachmentsReleaseRequest,
): Promise<Ack<Record<string, never>>> {
  return socket
    .timeout(REQUEST_TIMEOUT_MS)
    .emitWithAck(Events.AttachmentsRelease, request)
    .catch(() => timedOut());
}

/** The account's storage used and allowed (null: no limit). */
export function getQuota(socket: GatewaySocket): Promise<Ack<QuotaResult>> {
  return socket
    .timeout(REQUEST_TIMEOUT_MS)
    .emitWithAck(Events.QuotaGet, {})
    .catch(() => timedOut());
}

/** Sends the unsubscribe request the message's List-Unsubscribe names by mail (SMTP: slow). */
export function unsubscribe(
  socket: GatewaySocket,
  request: MessageUnsubscribeRequest,
): Promise<Ack<UnsubscribeResult>> {
  return socket
    .timeout(SEND_TIMEOUT_MS)
    .emitWithAck(Events.MessageUnsubscribe, request)
    .catch(() => timedOut());
}

/** The user's answer to an invitation, mailed to its organizer by the gateway (SMTP: slow). */
export function answerInvitation(
  socket: GatewaySocket,
  request: MessageRsvpRequest,
): Promise<Ack<RsvpResult>> {
  return socket
    .timeout(SEND_TIMEOUT_MS)
    .emitWithAck(Events.MessageRsvp, request)
    .catch(() => timedOut());
}

/** People from the account's own mail who fit what was typed of one recipient, best first. */
export function suggestRecipients(
  socket: GatewaySocket,
  request: RecipientSuggestRequest,
): Promise<Ack<RecipientSuggestions>> {
  return socket
    .timeout(REQUEST_TIMEOUT_MS)
    .emitWithAck(Events.RecipientSuggest, request)
    .catch(() => timedOut());
}

/** One message for the reader: headers, the body to show, the attachment list. */
export function getMessage(
  socket: GatewaySocket,
  request: MessageGetRequest,
): Promise<Ack<MessageDetail>> {
  return socket
    .timeout(REQUEST_TIMEOUT_MS)
    .emitWithAck(Events.MessageGet, request)
    .catch(() => timedOut());
}

/** Asks the gateway to re-check every folder's counts; they arrive as `mailbox:countsChanged`. */
export function refreshMailboxes(socket: GatewaySocket): Promise<Ack<Record<string, never>>> {
  return socket
    .timeout(REQUEST_TIMEOUT_MS)
    .emitWithAck(Events.MailboxRefresh, {})
    .catch(() => timedOut());
}
