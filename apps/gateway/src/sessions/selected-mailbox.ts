import type { ImapFlow, MailboxLockObject } from 'imapflow';
import { ErrorCode, toSequenceSet } from '@tidings/protocol';
import { AccountError, commandRefused, folderNotOpened, toAccountError } from './account-error.ts';

/**
 * Runs a UID command on `client` with `path` selected, after checking that the mailbox still
 * has the `uidValidity` the browser's UIDs belong to (RFC 3501 §2.3.1.1). Server refusals
 * become CommandFailed with the server's words, which are safe to show.
 */
export async function withSelected<T>(
  client: ImapFlow,
  path: string,
  uidValidity: number,
  uids: number[],
  run: (client: ImapFlow, uidSet: string) => Promise<T>,
): Promise<T> {
  const lock = await lockFolder(client, path);
  try {
    const mailbox = client.mailbox;
    if (!mailbox || Number(mailbox.uidValidity) !== uidValidity) {
      throw new AccountError(
        ErrorCode.UidValidityChanged,
        'This folder changed on the server; reload it.',
      );
    }
    return await run(client, toSequenceSet(uids));
  } catch (error) {
    throw commandRefused(client, error);
  } finally {
    lock.release();
  }
}

/**
 * `path` selected under imapflow's mailbox lock. A folder the server will not open (gone,
 * renamed, never there) is MailboxNotFound; a connection that dropped meanwhile is not the
 * folder's fault (ImapUnavailable).
 */
export async function lockFolder(client: ImapFlow, path: string): Promise<MailboxLockObject> {
  try {
    return await client.getMailboxLock(path);
  } catch (error) {
    if (!client.usable) throw toAccountError(error);
    throw folderNotOpened(path, error);
  }
}
