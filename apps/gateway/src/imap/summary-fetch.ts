import type { ImapFlow } from 'imapflow';
import { toSequenceSet, type MessageSummary } from '@tidings/protocol';
import { SUMMARY_FETCH_QUERY, toMessageSummary } from './envelope.ts';
import { fetchPreviews } from './preview.ts';

/** List rows for the given UIDs of `path`, with the server's PREVIEW where it offers one. */
export async function fetchSummaries(
  client: ImapFlow,
  path: string,
  uids: number[],
): Promise<MessageSummary[]> {
  const lock = await client.getMailboxLock(path);
  try {
    const found: MessageSummary[] = [];
    for await (const message of client.fetch(toSequenceSet(uids), SUMMARY_FETCH_QUERY, {
      uid: true,
    })) {
      found.push(toMessageSummary(message));
    }
    await addPreviews(client, found);
    return found;
  } finally {
    lock.release();
  }
}

/** List rows of every message newer than `afterUid`. */
export async function fetchNewer(
  client: ImapFlow,
  path: string,
  afterUid: number,
): Promise<MessageSummary[]> {
  const lock = await client.getMailboxLock(path);
  try {
    // NOOP first: this connection's view of the mailbox must include what the idle connection
    // was just told of (Dovecot syncs a session's view on NOOP), or `N:*` would only match the
    // old last message (RFC 3501 §6.4.8: `*` is the highest UID in the session's view).
    await client.noop();
    const found: MessageSummary[] = [];
    for await (const message of client.fetch(`${afterUid + 1}:*`, SUMMARY_FETCH_QUERY, {
      uid: true,
    })) {
      if (message.uid > afterUid) found.push(toMessageSummary(message));
    }
    if (found.length) await addPreviews(client, found);
    return found;
  } finally {
    lock.release();
  }
}

/**
 * List rows of the newest `count` messages by sequence number, on a connection that has `path`
 * selected already: no UIDs needed, so it can run before the mailbox's UIDs are known. Rows
 * without an envelope are dropped: an unsolicited FETCH (another client's flag change) arrives
 * among the results and is no list row.
 */
export async function fetchNewest(
  client: ImapFlow,
  path: string,
  count: number,
): Promise<MessageSummary[]> {
  const lock = await client.getMailboxLock(path);
  try {
    const exists = client.mailbox ? client.mailbox.exists : 0;
    if (exists === 0 || count < 1) return [];
    const found: MessageSummary[] = [];
    for await (const message of client.fetch(
      `${Math.max(1, exists - count + 1)}:*`,
      SUMMARY_FETCH_QUERY,
    )) {
      if (message.envelope && message.uid) found.push(toMessageSummary(message));
    }
    await addPreviews(client, found);
    return found;
  } finally {
    lock.release();
  }
}

async function addPreviews(client: ImapFlow, summaries: MessageSummary[]): Promise<void> {
  if (!summaries.length) return;
  const previews = await fetchPreviews(client, toSequenceSet(summaries.map((s) => s.uid)));
  for (const summary of summaries) {
    const preview = previews.get(summary.uid);
    if (preview) summary.preview = preview;
  }
}
