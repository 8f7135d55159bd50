import type { ImapFlow } from 'imapflow';
import type { ThreadHeaders } from './header-threads.ts';

/**
 * Reads what grouping by headers needs (ENVELOPE has Message-ID and In-Reply-To;
 * References only comes as a header field) for the newest `limit` messages of the selected
 * mailbox, by sequence range: the newest are the last `limit` positions, so no UID list of the
 * whole mailbox is ever read. Sequence numbers stay inside this one command under the caller's
 * mailbox lock; what leaves is named by UID.
 */
export async function fetchThreadHeaders(
  client: ImapFlow,
  exists: number,
  limit: number,
): Promise<ThreadHeaders[]> {
  if (exists === 0) return [];
  const first = Math.max(1, exists - limit + 1);
  const found: ThreadHeaders[] = [];
  for await (const message of client.fetch(`${first}:*`, {
    uid: true,
    envelope: true,
    headers: ['references'],
  })) {
    found.push({
      uid: message.uid,
      messageId: message.envelope?.messageId || null,
      inReplyTo: message.envelope?.inReplyTo || null,
      references: message.headers ? message.headers.toString('utf8') : null,
    });
  }
  return found;
}
