import type { ImapFlow, ListResponse } from 'imapflow';
import { ErrorCode, type MailboxRole, type MessageRef } from '@tidings/protocol';
import { roleOf } from '../imap/mailbox-list.ts';
import { AccountError } from '../sessions/account-error.ts';

/**
 * The folder with a special-use role (RFC 6154; compared case-insensitively), else one with the
 * usual name, else that name created: where Sent copies and drafts go. `listed`: the folder
 * list the caller just read, to save reading it again.
 */
export async function folderWithRole(
  client: ImapFlow,
  role: MailboxRole,
  fallbackName: string,
  listed?: ListResponse[],
): Promise<string> {
  const entries = listed ?? (await client.list());
  const found = findFolderWithRole(entries, role, fallbackName);
  if (found) return found;
  try {
    return (await client.mailboxCreate(fallbackName)).path;
  } catch (error) {
    throw refused(client, `The folder "${fallbackName}" could not be created`, error);
  }
}

/** The path of the folder with a special-use role, else of one with the usual name; null if none. */
export function findFolderWithRole(
  entries: ListResponse[],
  role: MailboxRole,
  fallbackName: string,
): string | null {
  const found =
    entries.find((entry) => roleOf(entry) === role) ??
    entries.find((entry) => entry.path.toLowerCase() === fallbackName.toLowerCase());
  return found?.path ?? null;
}

/**
 * APPENDs `raw` with `flags` and names the new message. The UID comes from APPENDUID
 * (UIDPLUS, RFC 4315); a server without it is asked by the message's Message-ID.
 */
export async function appendMessage(
  client: ImapFlow,
  path: string,
  raw: Buffer,
  flags: string[],
  messageId: string,
): Promise<MessageRef> {
  let appended;
  try {
    appended = await client.append(path, raw, flags);
  } catch (error) {
    throw refused(client, `The message could not be stored in "${path}"`, error);
  }
  if (!appended) throw refused(client, `The message could not be stored in "${path}"`, null);
  if (appended.uid !== undefined && appended.uidValidity !== undefined) {
    return { mailbox: path, uidValidity: Number(appended.uidValidity), uid: appended.uid };
  }
  const lock = await client.getMailboxLock(path);
  try {
    const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
    const uid = Array.isArray(uids) && uids.length ? Math.max(...uids) : undefined;
    if (uid === undefined || !client.mailbox) {
      throw new AccountError(
        ErrorCode.CommandFailed,
        `The stored message was not found in "${path}".`,
      );
    }
    return { mailbox: path, uidValidity: Number(client.mailbox.uidValidity), uid };
  } finally {
    lock.release();
  }
}

/** The server said no (its words are safe to show), or the connection is gone. */
function refused(client: ImapFlow, what: string, error: unknown): AccountError {
  if (!client.usable) {
    return new AccountError(
      ErrorCode.ImapUnavailable,
      'The mail server is not reachable right now.',
      error,
    );
  }
  const text =
    error && typeof error === 'object' && 'responseText' in error
      ? String(error.responseText)
      : error instanceof Error
        ? error.message
        : '';
  return new AccountError(ErrorCode.CommandFailed, text ? `${what}: ${text}` : `${what}.`, error);
}
