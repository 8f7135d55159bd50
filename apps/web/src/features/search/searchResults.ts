import {
  NEWEST_FIRST,
  type FolderMatch,
  type MessageSummary,
  type SearchQuery,
  type SearchResult,
} from '@tidings/protocol';
import type { MailboxEvent, MessageWindowState } from '../messages/messageWindow.ts';

/** A search the list is showing in place of its folder. */
export interface SearchView {
  /** What the user typed. */
  input: string;
  query: SearchQuery;
  mailbox: string;
  /** Increases with every search this tab runs: a new one starts the list at the top. */
  serial: number;
  /** The server's name for it, for `search:matched` and `search:close`; null while it runs. */
  searchId: string | null;
  /** The matches shown, newest first; null while the search runs. */
  results: MessageWindowState | null;
  /** Every match on the server (the list shows the newest of them). */
  total: number;
  error: string | null;
  /** The same query in all folders, shown in place of the folder's matches; null: not asked. */
  everywhere: EverywhereView | null;
}

/** A search in all folders: running, done, or failed with the reason. */
export type EverywhereView =
  | { status: 'searching' }
  | { status: 'ready'; total: number; matches: FolderMatch[]; failed: string[] }
  | { status: 'failed'; message: string };

/**
 * Search results in the list's own shape, so the grid, selection and actions work on them as
 * on a folder. They are one loaded slice from position 0; `seq` is unused (pushes are applied
 * by UID, see `applyToResults`).
 */
export function resultsWindow(result: SearchResult): MessageWindowState {
  return {
    mailbox: result.mailbox,
    uidValidity: result.uidValidity,
    total: result.messages.length,
    offset: 0,
    rows: result.messages,
    sort: NEWEST_FIRST,
    seq: 0,
    arrived: [],
    shift: null,
    stale: false,
  };
}

/** New matches pushed by `search:matched`: on top, like new mail; ones already shown are skipped. */
export function addMatches(
  results: MessageWindowState,
  messages: readonly MessageSummary[],
): MessageWindowState {
  const known = new Set(results.rows.map((row) => row.uid));
  const fresh = messages.filter((message) => !known.has(message.uid));
  if (fresh.length === 0) return results;
  const rows = [...fresh, ...results.rows].sort((a, b) => b.uid - a.uid);
  return {
    ...results,
    rows,
    total: rows.length,
    arrived: fresh.map((message) => message.uid),
    shift: { inserted: fresh.length, removedPositions: [] },
  };
}

/**
 * Keeps the results in step with the searched folder: flag changes restyle rows, expunged
 * messages leave. New mail is not added here; the server says which of it matches.
 */
export function applyToResults(
  results: MessageWindowState,
  entry: MailboxEvent,
): MessageWindowState {
  const { event } = entry;
  if (event.mailbox !== results.mailbox || event.uidValidity !== results.uidValidity) {
    return results;
  }
  if (entry.type === 'flagsChanged') {
    const flagsByUid = new Map(entry.event.changes.map((change) => [change.uid, change.flags]));
    if (!results.rows.some((row) => flagsByUid.has(row.uid))) return results;
    return {
      ...results,
      rows: results.rows.map((row) => {
        const flags = flagsByUid.get(row.uid);
        return flags ? { ...row, flags } : row;
      }),
    };
  }
  if (entry.type === 'expunged') {
    const gone = new Set(entry.event.removed.map((removed) => removed.uid));
    const removedPositions: number[] = [];
    const rows = results.rows.filter((row, index) => {
      if (!gone.has(row.uid)) return true;
      removedPositions.push(index);
      return false;
    });
    if (removedPositions.length === 0) return results;
    return {
      ...results,
      rows,
      total: rows.length,
      shift: { inserted: 0, removedPositions: removedPositions.reverse() },
    };
  }
  return results;
}
