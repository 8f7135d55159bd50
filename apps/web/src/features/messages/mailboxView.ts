import { NEWEST_FIRST, type MessageSummary, type SortOrder } from '@tidings/protocol';
import { initialListSync, type ListSync } from '../connection/connectionStatus.ts';
import type { SearchView } from '../search/searchResults.ts';
import type { MessageWindowState } from './messageWindow.ts';
import { shownListCache } from './shownList.ts';

export const INBOX_PATH = 'INBOX';

/** What the open mailbox contributes to the screen. */
export interface MailboxView {
  /** Path of the mailbox shown in the list. */
  current: string;
  /** The order the user wants folders in (the list's own `sort` says which its rows are in). */
  sort: SortOrder;
  /** The loaded part of the current mailbox; null while it opens. */
  list: MessageWindowState | null;
  listError: string | null;
  /** The message open in the reader. */
  selected: MessageSummary | null;
  /** Selected rows (display order): the open message alone, or several for bulk actions. */
  checked: readonly number[];
  /** The row the last click or keyboard move was on: shift-click ranges and Enter start here. */
  anchor: number | null;
  /** Rows taken away by an action of this tab, hidden until the server's expunge arrives. */
  hidden: readonly number[];
  /** A search shown in place of the folder, or null. */
  search: SearchView | null;
  /** Gaps in the event stream and whether a re-open has covered them yet. */
  listSync: ListSync;
}

/** The Inbox before anything is loaded: where a tab starts. */
export const INITIAL_MAILBOX_VIEW: MailboxView = {
  current: INBOX_PATH,
  sort: NEWEST_FIRST,
  list: null,
  listError: null,
  selected: null,
  checked: [],
  anchor: null,
  hidden: [],
  search: null,
  listSync: initialListSync,
};

const shownCache = shownListCache();

/** The rows the list shows: the search's or the folder's, without the hidden ones. */
export function shownList(view: MailboxView): MessageWindowState | null {
  const base = view.search ? view.search.results : view.list;
  return shownCache(base, view.hidden);
}
