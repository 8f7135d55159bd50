import type { ImapFlow } from 'imapflow';
import { ErrorCode } from '@tidings/protocol';
import { toSequenceSet } from '../imap/sequence-set.ts';
import { AccountError, folderNotOpened } from './account-error.ts';

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
  let lock;
  try {
    lock = await client.getMailboxLock(path);
  } catch (error) {
    throw folderNotOpened(path, error);
  }
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
    if (error instanceof AccountError) throw error;
    const text = (error as { responseText?: string }).responseText ?? (error as Error).message;
    throw new AccountError(ErrorCode.CommandFailed, `The mail server refused: ${text}`, error);
  } finally {
    lock.release();
  }
}
