import type { ImapFlow } from 'imapflow';
import {
  HEADER_THREADING_LIMIT,
  THREAD_ROWS_LIMIT,
  ThreadMethod,
  ThreadSource,
  toSequenceSet,
  type MessageSummary,
  type MessageThreadsRequest,
  type ThreadPage,
} from '@tidings/protocol';
import { groupByReferences } from '../imap/header-threads.ts';
import { fetchSummaries } from '../imap/summary-fetch.ts';
import {
  fetchServerThreads,
  serverThreadAlgorithm,
  type ThreadAlgorithm,
} from '../imap/thread-command.ts';
import { fetchThreadHeaders } from '../imap/thread-headers-fetch.ts';
import { buildThreadIndex, threadPage, type ThreadIndex } from '../imap/thread-index.ts';
import { withSelected } from './selected-mailbox.ts';

interface CachedThreads {
  /** Names the mailbox's message set: path, uidValidity, count and highest UID. */
  key: string;
  method: ThreadMethod;
  threaded: number;
  index: ThreadIndex;
}

/**
 * The latest thread structure per command connection (one mailbox's at a time), so that paging
 * through threads does not re-thread the mailbox for every page. A new connection starts empty.
 */
const cache = new WeakMap<ImapFlow, CachedThreads>();

/**
 * A page of `path`'s threads, newest activity first, with each thread's unread count, flag
 * and newest rows. The structure comes from the server's THREAD (REFS, else REFERENCES,
 * thread-command.ts) where offered and not overridden by `source: headers`, else from grouping
 * the newest HEADER_THREADING_LIMIT messages by their headers. It is kept until the mailbox's
 * message set changes; flags are read afresh for every page.
 */
export async function listThreads(
  client: ImapFlow,
  request: MessageThreadsRequest,
): Promise<ThreadPage> {
  const { mailbox: path, uidValidity, offset, limit } = request;
  const { page, structure, total, unread, flagged } = await withSelected(
    client,
    path,
    uidValidity,
    [],
    async () => {
      // NOOP first: Dovecot brings this connection's view up to date (expunges and new mail
      // from other clients) on NOOP; a SEARCH alone may still answer from the older view.
      await client.noop();
      const shape = await messageSet(client);
      const algorithm =
        request.source === ThreadSource.Headers ? null : serverThreadAlgorithm(client, shape.count);
      const key = [path, uidValidity, shape.count, shape.maxUid, algorithm].join('\n');
      const cached = cache.get(client);
      const structure =
        cached?.key === key ? cached : await buildStructure(client, key, shape, algorithm);
      cache.set(client, structure);
      const page = threadPage(structure.index, offset, limit);
      const pageUids = page.flat();
      let unread = new Set<number>();
      let flagged = new Set<number>();
      if (pageUids.length) {
        const set = toSequenceSet(pageUids);
        unread = new Set((await client.search({ uid: set, seen: false }, { uid: true })) || []);
        flagged = new Set((await client.search({ uid: set, flagged: true }, { uid: true })) || []);
      }
      return { page, structure, total: shape.count, unread, flagged };
    },
  );

  const shown = page.flatMap((uids) => uids.slice(0, THREAD_ROWS_LIMIT));
  const rows = new Map<number, MessageSummary>();
  if (shown.length) {
    for (const row of await fetchSummaries(client, path, shown)) rows.set(row.uid, row);
  }
  return {
    mailbox: path,
    uidValidity,
    method: structure.method,
    total,
    threaded: structure.threaded,
    totalThreads: structure.index.count,
    offset,
    threads: page.map((uids) => ({
      uids,
      unread: uids.filter((uid) => unread.has(uid)).length,
      flagged: uids.some((uid) => flagged.has(uid)),
      // A message expunged since the structure was read has no row: it is left out.
      messages: uids.slice(0, THREAD_ROWS_LIMIT).flatMap((uid) => rows.get(uid) ?? []),
    })),
  };
}

/**
 * How many messages the mailbox has and its highest UID, from the server (ESEARCH where
 * offered), not imapflow's cache. UIDs only grow (RFC 3501 §2.3.1.1), so any addition or
 * expunge changes one of the two: together they name the message set.
 */
async function messageSet(client: ImapFlow): Promise<{ count: number; maxUid: number }> {
  const answer = await client.search({ all: true }, { uid: true, returnOptions: ['COUNT', 'MAX'] });
  if (Array.isArray(answer)) {
    return { count: answer.length, maxUid: answer.reduce((a, b) => Math.max(a, b), 0) };
  }
  if (!answer) throw new Error('SEARCH failed');
  return { count: Number(answer.count ?? 0), maxUid: Number(answer.max ?? 0) };
}

async function buildStructure(
  client: ImapFlow,
  key: string,
  shape: { count: number },
  algorithm: ThreadAlgorithm | null,
): Promise<CachedThreads> {
  if (algorithm) {
    const groups = await fetchServerThreads(client, algorithm);
    // No readable answer for a mailbox with mail: group the headers instead.
    if (groups && (groups.length > 0 || shape.count === 0)) {
      return {
        key,
        method: ThreadMethod.Server,
        threaded: shape.count,
        index: buildThreadIndex(groups),
      };
    }
  }
  const exists = client.mailbox ? client.mailbox.exists : 0;
  const headers = await fetchThreadHeaders(client, exists, HEADER_THREADING_LIMIT);
  return {
    key,
    method: ThreadMethod.Headers,
    threaded: headers.length,
    index: buildThreadIndex(groupByReferences(headers)),
  };
}
