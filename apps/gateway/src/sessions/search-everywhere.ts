import type { ImapFlow } from 'imapflow';
import type {
  FolderMatch,
  MailboxInfo,
  SearchEverywhereResult,
  SearchQuery,
} from '@tidings/protocol';
import { searchMailbox } from './message-search.ts';

/** Matches a search everywhere returns unless asked for another number (and fetches per folder). */
export const DEFAULT_EVERYWHERE_LIMIT = 100;

/** Roles a search everywhere leaves out, as Gmail's "all mail" does. */
const LEFT_OUT = new Set(['trash', 'junk']);

/** The folders a search everywhere looks in: every selectable one but Trash and Junk. */
export function foldersToSearch(mailboxes: readonly MailboxInfo[]): string[] {
  return mailboxes
    .filter((m) => m.selectable && !(m.role && LEFT_OUT.has(m.role)))
    .map((m) => m.path);
}

/**
 * A search in each folder in turn on the command connection (IMAP has no search across
 * mailboxes that Dovecot offers; RFC 7377 ESEARCH is not in 2.3), each giving its newest
 * `limit` matches, merged newest first by date. A folder that cannot be searched (deleted
 * meanwhile) is named in `failed`; only an account whose every folder fails is an error.
 */
export async function searchEverywhere(
  client: ImapFlow,
  folders: readonly string[],
  query: SearchQuery,
  limit: number,
): Promise<SearchEverywhereResult> {
  const matches: FolderMatch[] = [];
  const failed: string[] = [];
  let total = 0;
  let lastError: unknown = null;
  for (const path of folders) {
    try {
      const { result } = await searchMailbox(client, path, query, limit);
      total += result.total;
      for (const message of result.messages) {
        matches.push({ mailbox: path, uidValidity: result.uidValidity, message });
      }
    } catch (error) {
      // A connection that went away fails every folder after it: that is the request's error.
      if (!client.usable) throw error;
      failed.push(path);
      lastError = error;
    }
  }
  if (folders.length > 0 && failed.length === folders.length) throw lastError;
  matches.sort((a, b) => Date.parse(b.message.date) - Date.parse(a.message.date));
  return { total, matches: matches.slice(0, limit), folders: folders.length, failed };
}
