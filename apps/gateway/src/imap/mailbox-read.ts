import type { ImapFlow } from 'imapflow';
import { readFlagSnapshot } from './flag-snapshot.ts';
import { MailboxState, type MessageFlags } from './mailbox-state.ts';

/**
 * The selected mailbox's UIDs and flags. With QRESYNC, by one UID SEARCH per flag (fast, see
 * flag-snapshot.ts): expunges come as VANISHED with UIDs then, so one sent between the
 * searches cannot be misapplied by sequence number (RFC 7162 §3.2.10). Without, FETCH FLAGS,
 * during which no EXPUNGE may be sent (RFC 3501 §7.4.1).
 */
export async function readState(
  client: ImapFlow,
  path: string,
  uidValidity: number,
): Promise<MailboxState> {
  if (client.enabled.has('QRESYNC')) {
    return MailboxState.fromSnapshot(path, uidValidity, await readFlagSnapshot(client));
  }
  return MailboxState.from(path, uidValidity, await fetchFlags(client, null));
}

/** Every message's flags, or with `changedSince` only those changed after that MODSEQ. */
export async function fetchFlags(
  client: ImapFlow,
  changedSince: bigint | null,
): Promise<MessageFlags[]> {
  const mailbox = client.mailbox;
  if (!mailbox || mailbox.exists === 0) return [];
  const flags: MessageFlags[] = [];
  const options = changedSince !== null ? { changedSince } : undefined;
  for await (const message of client.fetch('1:*', { uid: true, flags: true }, options)) {
    flags.push({ uid: message.uid, flags: [...(message.flags ?? [])] });
  }
  return flags;
}
