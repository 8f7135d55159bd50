import {
  ErrorCode,
  Events,
  type Ack,
  type FolderDeleteResult,
  type FolderEmptyResult,
  type FolderMarkReadResult,
  type FolderPathResult,
  type FolderUids,
  type MailboxCreateRequest,
  type MailboxDeleteRequest,
  type MailboxEmptyRequest,
  type MailboxMarkReadRequest,
  type MailboxRenameRequest,
  type MailboxUidsRequest,
} from '@tidings/protocol';
import { REQUEST_TIMEOUT_MS, timedOut, type GatewaySocket } from './socket.ts';

/** Creating, renaming, deleting, emptying and marking folders read: the requests, typed. */

export function createMailbox(
  socket: GatewaySocket,
  request: MailboxCreateRequest,
): Promise<Ack<FolderPathResult>> {
  return socket
    .timeout(REQUEST_TIMEOUT_MS)
    .emitWithAck(Events.MailboxCreate, request)
    .catch(() => timedOut());
}

/** A new name at the same level; subfolders move with it. The answer is the new full path. */
export function renameMailbox(
  socket: GatewaySocket,
  request: MailboxRenameRequest,
): Promise<Ack<FolderPathResult>> {
  return socket
    .timeout(REQUEST_TIMEOUT_MS)
    .emitWithAck(Events.MailboxRename, request)
    .catch(() => timedOut());
}

/**
 * Deleting a folder moves all its messages to Trash first, emptying one expunges them all, and
 * marking one read stores a flag on each: for a big folder that takes the server a while, so
 * these wait longer than the rest.
 */
export const BULK_FOLDER_TIMEOUT_MS = 120_000;

/** The answer when a bulk folder request outlived its wait: it may still have been done. */
function bulkTimedOut(what: string) {
  return {
    ok: false as const,
    error: {
      code: ErrorCode.Internal,
      message: `The server did not confirm the ${what} in time; the folder list shows what it did.`,
    },
  };
}

/** Moves the folder's messages to Trash, then deletes it (refused while it has subfolders). */
export function deleteMailbox(
  socket: GatewaySocket,
  request: MailboxDeleteRequest,
): Promise<Ack<FolderDeleteResult>> {
  return socket
    .timeout(BULK_FOLDER_TIMEOUT_MS)
    .emitWithAck(Events.MailboxDelete, request)
    .catch(() => bulkTimedOut('delete'));
}

/** Marks every message of the folder read (\\Seen). */
export function markMailboxRead(
  socket: GatewaySocket,
  request: MailboxMarkReadRequest,
): Promise<Ack<FolderMarkReadResult>> {
  return socket
    .timeout(BULK_FOLDER_TIMEOUT_MS)
    .emitWithAck(Events.MailboxMarkRead, request)
    .catch(() => bulkTimedOut('marking as read'));
}

/** Every message the folder holds now, by UID: selecting all of it past the loaded rows. */
export function folderUids(
  socket: GatewaySocket,
  request: MailboxUidsRequest,
): Promise<Ack<FolderUids>> {
  return socket
    .timeout(REQUEST_TIMEOUT_MS)
    .emitWithAck(Events.MailboxUids, request)
    .catch(() => timedOut());
}

/** Deletes for good what Trash or Junk holds (refused for any other folder). */
export function emptyMailbox(
  socket: GatewaySocket,
  request: MailboxEmptyRequest,
): Promise<Ack<FolderEmptyResult>> {
  return socket
    .timeout(BULK_FOLDER_TIMEOUT_MS)
    .emitWithAck(Events.MailboxEmpty, request)
    .catch(() => bulkTimedOut('emptying'));
}
