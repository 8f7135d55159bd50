import type { FetchMessageObject, FetchQueryObject, ImapFlow } from 'imapflow';
import { ErrorCode } from '@tidings/protocol';
import { AccountError } from '../sessions/account-error.ts';
import { lockFolder } from '../sessions/selected-mailbox.ts';

/** The message named by a request is not (or no longer) in its mailbox. */
export class MessageNotFound extends AccountError {
  constructor() {
    // The protocol has no MESSAGE_NOT_FOUND code (yet): COMMAND_FAILED with a clear message.
    super(ErrorCode.CommandFailed, 'This message is no longer in this folder.');
    this.name = 'MessageNotFound';
  }
}

/** The message is there, but not the part a request names (a part number, a Content-ID). */
export class PartNotFound extends AccountError {
  constructor(message: string) {
    super(ErrorCode.CommandFailed, message);
    this.name = 'PartNotFound';
  }
}

/** A mailbox selected on the command connection and locked for us until `release()`. */
export interface HeldMailbox {
  readonly client: ImapFlow;
  /** Idempotent: a stream may end, fail and be closed, each of which releases. */
  release(): void;
}

/**
 * Selects `path` on `client` under imapflow's mailbox lock and checks that it still has
 * `uidValidity` (else the UIDs of the request name other messages, RFC 3501 §2.3.1.1).
 */
export async function holdMailbox(
  client: ImapFlow,
  path: string,
  uidValidity: number,
): Promise<HeldMailbox> {
  const lock = await lockFolder(client, path);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    lock.release();
  };
  if (!client.mailbox || Number(client.mailbox.uidValidity) !== uidValidity) {
    release();
    throw new AccountError(
      ErrorCode.UidValidityChanged,
      'This folder changed on the server; reload it.',
    );
  }
  return { client, release };
}

/**
 * One message by UID. A mailbox that stays selected learns of messages another client added
 * only when the server syncs it, which Dovecot does after a command, not before: a UID FETCH
 * of a fresh UID can answer nothing. So an empty answer gets one NOOP and a second try.
 */
export async function fetchMessage(
  client: ImapFlow,
  uid: number,
  query: FetchQueryObject,
): Promise<FetchMessageObject> {
  for (let attempt = 0; attempt < 2; attempt++) {
    if (attempt > 0) await client.noop();
    const message = await client.fetchOne(String(uid), { ...query, uid: true }, { uid: true });
    if (message && message.uid === uid) return message;
  }
  throw new MessageNotFound();
}
