import type { ImapFlow } from 'imapflow';
import { MAX_LISTED_ADDED, toSequenceSet, type MessageSummary } from '@tidings/protocol';
import { SUMMARY_FETCH_QUERY, toMessageSummary } from './envelope.ts';
import type { MessageFlags } from './mailbox-state.ts';
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

/** What fetchNewer found. */
export interface NewerMessages {
  /** Every message newer than the UID asked after, with its flags, in UID order. */
  all: MessageFlags[];
  /** The list rows of the newest `listed` of them. */
  rows: MessageSummary[];
}

/**
 * Every message newer than `afterUid`, and the list rows of the newest `listed`. Where more
 * than that many may be new (100,000 moved back by an undo), the rest are read as UID and
 * FLAGS only: a few dozen bytes each instead of an envelope.
 */
export async function fetchNewer(
  client: ImapFlow,
  path: string,
  afterUid: number,
  listed = MAX_LISTED_ADDED,
): Promise<NewerMessages> {
  const lock = await client.getMailboxLock(path);
  try {
    // NOOP first: this connection's view of the mailbox must include what the idle connection
    // was just told of (Dovecot syncs a session's view on NOOP), or `N:*` would only match the
    // old last message (RFC 3501 §6.4.8: `*` is the highest UID in the session's view).
    await client.noop();
    // New mail has UIDs from afterUid + 1 up to UIDNEXT - 1 (RFC 3501 §2.3.1.1), some perhaps
    // expunged already: no more than that many are new.
    const uidNext = client.mailbox ? Number(client.mailbox.uidNext) : Infinity;
    const newer = `${afterUid + 1}:*`;
    if (uidNext - 1 - afterUid <= listed) {
      const rows = await summariesOf(client, newer, afterUid);
      return { all: rows.map(({ uid, flags }) => ({ uid, flags })), rows };
    }
    const all: MessageFlags[] = [];
    for await (const message of client.fetch(newer, { uid: true, flags: true }, { uid: true })) {
      if (message.uid > afterUid) all.push({ uid: message.uid, flags: [...(message.flags ?? [])] });
    }
    all.sort((a, b) => a.uid - b.uid);
    const newest = all.slice(-listed).map((message) => message.uid);
    const rows = newest.length ? await summariesOf(client, toSequenceSet(newest), afterUid) : [];
    return { all, rows };
  } finally {
    lock.release();
  }
}

/** List rows of the UIDs in `set` above `afterUid` (`N:*` also matches the last one below). */
async function summariesOf(
  client: ImapFlow,
  set: string,
  afterUid: number,
): Promise<MessageSummary[]> {
  const found: MessageSummary[] = [];
  for await (const message of client.fetch(set, SUMMARY_FETCH_QUERY, { uid: true })) {
    if (message.uid > afterUid) found.push(toMessageSummary(message));
  }
  if (found.length) await addPreviews(client, found);
  return found;
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
