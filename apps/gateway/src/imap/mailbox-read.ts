import type { ImapFlow } from 'imapflow';
import type { MessageFlags } from './mailbox-state.ts';

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
