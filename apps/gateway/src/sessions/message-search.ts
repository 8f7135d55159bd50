import { randomBytes } from 'node:crypto';
import type { ImapFlow, SearchObject } from 'imapflow';
import {
  toSequenceSet,
  type MessageSummary,
  type SearchQuery,
  type SearchResult,
} from '@tidings/protocol';
import { fetchSummaries } from '../imap/summary-fetch.ts';
import { commandRefused } from './account-error.ts';
import { lockFolder } from './selected-mailbox.ts';

export const DEFAULT_SEARCH_LIMIT = 200;

/** The browser's query as an IMAP SEARCH (RFC 3501 §6.4.4); every criterion must hold. */
export function toSearchObject(query: SearchQuery): SearchObject {
  const search: SearchObject = {};
  if (query.text) search.text = query.text;
  if (query.from) search.from = query.from;
  if (query.to) search.to = query.to;
  if (query.subject) search.subject = query.subject;
  if (query.body) search.body = query.body;
  if (query.since) search.since = query.since;
  // IMAP BEFORE is exclusive; the browser's "before" date is inclusive.
  if (query.before) search.before = nextDay(query.before);
  if (query.unread !== undefined) search.seen = !query.unread;
  if (query.flagged !== undefined) search.flagged = query.flagged;
  if (query.keyword) search.keyword = query.keyword;
  // IMAP cannot search for attachments; a multipart/mixed body is the usual sign of one.
  if (query.hasAttachment) search.header = { 'Content-Type': 'multipart/mixed' };
  if (Object.keys(search).length === 0) search.all = true;
  return search;
}

/** Whether a message's flags decide if it matches: its flags changing may make it match. */
export function dependsOnFlags(query: SearchQuery): boolean {
  return query.unread !== undefined || query.flagged !== undefined || !!query.keyword;
}

function nextDay(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/**
 * UID SEARCH; a search the server refuses is CommandFailed with its words (safe to show).
 * On a folder the connection already has selected, Dovecot (2.3) answers the first SEARCH
 * after another client's change from the connection's old view. New mail the account heard of
 * is caught up by the lock (imap/view-sync.ts), and a read mark or a deletion made elsewhere
 * shows at once (test/command-view.test.ts); but a keyword that view has not seen (a tag set
 * on the phone) matches nothing until a second SEARCH, and no count changed for NOTIFY to
 * report. A NOOP first catches the session up; it is sent for keyword searches, where
 * test/tags.test.ts shows the need.
 */
async function searchUids(client: ImapFlow, search: SearchObject): Promise<number[]> {
  try {
    if (search.keyword || search.unKeyword) await client.noop();
    return (await client.search(search, { uid: true })) || [];
  } catch (error) {
    throw commandRefused(client, error);
  }
}

/** A search's answer for the tab, and every matching UID (its rows are only the newest). */
export interface MailboxSearch {
  result: SearchResult;
  uids: number[];
}

/** The same with the matches as an IMAP sequence set: compact where a cluster forwards it. */
export interface LiveSearchStart {
  result: SearchResult;
  matched: string;
}

/** New matches among changed messages: which they are, and the newest ones' rows. */
export interface NewMatches {
  uids: number[];
  messages: MessageSummary[];
}

/** Runs a search on the command connection and fetches the newest matches' rows. */
export async function searchMailbox(
  client: ImapFlow,
  path: string,
  query: SearchQuery,
  limit: number,
): Promise<MailboxSearch> {
  const lock = await lockFolder(client, path);
  let uids: number[];
  let uidValidity: number;
  try {
    uidValidity = Number(client.mailbox && client.mailbox.uidValidity);
    uids = await searchUids(client, toSearchObject(query));
  } finally {
    lock.release();
  }
  const newest = [...uids].sort((a, b) => b - a).slice(0, limit);
  const messages = newest.length ? await fetchSummaries(client, path, newest) : [];
  messages.sort((a, b) => b.uid - a.uid);
  const result: SearchResult = {
    searchId: randomBytes(9).toString('base64url'),
    mailbox: path,
    uidValidity,
    total: uids.length,
    messages,
  };
  return { result, uids };
}

/** A live search's first answer, with every match as a sequence set. */
export async function startLiveSearch(
  client: ImapFlow,
  path: string,
  query: SearchQuery,
  limit: number,
): Promise<LiveSearchStart> {
  const { result, uids } = await searchMailbox(client, path, query, limit);
  return { result, matched: toSequenceSet(uids) };
}

/**
 * Which of `uids` (just arrived, or whose flags just changed) match `query`, with the rows of
 * the newest DEFAULT_SEARCH_LIMIT of them: a tab holds no more (marking a folder read may
 * change thousands at once).
 */
export async function matchNewMessages(
  client: ImapFlow,
  path: string,
  query: SearchQuery,
  uids: number[],
): Promise<NewMatches> {
  const lock = await lockFolder(client, path);
  let matched: number[];
  try {
    matched = await searchUids(client, {
      ...toSearchObject(query),
      all: undefined,
      uid: toSequenceSet(uids),
    });
  } finally {
    lock.release();
  }
  if (!matched.length) return { uids: [], messages: [] };
  const newest = [...matched].sort((a, b) => b - a).slice(0, DEFAULT_SEARCH_LIMIT);
  const messages = await fetchSummaries(client, path, newest);
  return { uids: matched, messages: messages.sort((a, b) => b.uid - a.uid) };
}
