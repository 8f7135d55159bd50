import type { SearchMatchedEvent, SearchQuery } from '@tidings/protocol';
import {
  closeSearch,
  searchEverywhere,
  searchMessages,
  type GatewaySocket,
} from '../../lib/socket.ts';
import type { MailboxView } from '../messages/mailboxView.ts';
import { freshSelection } from '../messages/messageActions.ts';
import type { MailboxEvent } from '../messages/messageWindow.ts';
import { addMatches, applyToResults, resultsWindow } from './searchResults.ts';

/** The newest matches shown; the header says how many more the server found. */
export const SEARCH_RESULTS_LIMIT = 200;
/** The newest matches over all folders shown (the gateway fetches as many from each). */
export const EVERYWHERE_RESULTS_LIMIT = 100;
/**
 * How long the matches over all folders wait after a folder changed before they are asked
 * again: a burst of new mail or a bulk move costs one search, not one per message.
 */
export const EVERYWHERE_REFRESH_MS = 1_000;

export interface MailSearchHost {
  socket(): GatewaySocket | null;
  view(): MailboxView;
  update(patch: Partial<MailboxView>): void;
  /** Runs `run` after `ms` (unless the account stops first). */
  later(ms: number, run: () => void): void;
}

/**
 * Runs the search box's query on the server (IMAP SEARCH, in the open folder) and keeps the
 * results live: new mail that matches arrives as `search:matched`, flag changes and expunges
 * of the folder apply to the rows shown. Leaving the search tells the server (`search:close`).
 */
export class MailSearch {
  private serial = 0;
  /** A refresh of the matches over all folders is waiting to be asked. */
  private refreshDue = false;
  /** The latest refresh asked: an earlier one answering later is out of date. */
  private refreshes = 0;

  constructor(private readonly host: MailSearchHost) {}

  async run(input: string, query: SearchQuery): Promise<void> {
    const socket = this.host.socket();
    const mailbox = this.host.view().current;
    this.closeOnServer();
    const serial = ++this.serial;
    this.host.update({
      search: {
        input,
        query,
        mailbox,
        serial,
        searchId: null,
        results: null,
        total: 0,
        error: null,
        everywhere: null,
      },
      selected: null,
      checked: [],
      anchor: null,
    });
    if (!socket?.connected) {
      this.fail(serial, 'Not connected to Tidings right now; the search runs once it is back.');
      return;
    }
    const answer = await searchMessages(socket, { mailbox, query, limit: SEARCH_RESULTS_LIMIT });
    const current = this.host.view().search;
    if (current?.serial !== serial) {
      // Superseded (another search, or the user left): the server may stop watching it.
      if (answer.ok && socket.connected) void closeSearch(socket, answer.data.searchId);
      return;
    }
    if (!answer.ok) return this.fail(serial, answer.error.message);
    this.host.update({
      search: {
        ...current,
        searchId: answer.data.searchId,
        results: resultsWindow(answer.data),
        total: answer.data.total,
        error: null,
      },
    });
  }

  /**
   * The open search's query in every folder but Trash and Junk, shown in place of the folder's
   * matches until the user goes back to them (`onlyHere`) or searches again.
   */
  async everywhere(): Promise<void> {
    const search = this.host.view().search;
    if (!search) return;
    const { serial } = search;
    this.host.update({
      search: { ...search, everywhere: { status: 'searching' } },
      selected: null,
      checked: [],
      anchor: null,
    });
    const socket = this.host.socket();
    const answer = socket?.connected
      ? await searchEverywhere(socket, { query: search.query, limit: EVERYWHERE_RESULTS_LIMIT })
      : null;
    const current = this.host.view().search;
    // Another search, or back to the folder's matches, meanwhile: this answer is nobody's.
    if (current?.serial !== serial || current.everywhere?.status !== 'searching') return;
    this.host.update({
      search: {
        ...current,
        everywhere: !answer
          ? { status: 'failed', message: 'Not connected to Tidings right now.' }
          : answer.ok
            ? { status: 'ready', ...answer.data }
            : { status: 'failed', message: answer.error.message },
      },
    });
  }

  /**
   * Mail arrived, went or changed in some folder (counts, list events): the matches over all
   * folders are asked again, after EVERYWHERE_REFRESH_MS, and replace the rows in place. The
   * server keeps no search over all folders (each folder would need watching); this keeps
   * them live from the changes every tab hears anyway. A failed refresh leaves the rows shown.
   */
  foldersChanged(): void {
    if (this.host.view().search?.everywhere?.status !== 'ready' || this.refreshDue) return;
    this.refreshDue = true;
    this.host.later(EVERYWHERE_REFRESH_MS, () => {
      this.refreshDue = false;
      void this.refreshEverywhere();
    });
  }

  private async refreshEverywhere(): Promise<void> {
    const search = this.host.view().search;
    const socket = this.host.socket();
    if (search?.everywhere?.status !== 'ready' || !socket?.connected) return;
    const refresh = ++this.refreshes;
    const answer = await searchEverywhere(socket, {
      query: search.query,
      limit: EVERYWHERE_RESULTS_LIMIT,
    });
    const current = this.host.view().search;
    if (refresh !== this.refreshes || !answer.ok) return;
    if (current?.serial !== search.serial || current.everywhere?.status !== 'ready') return;
    this.host.update({ search: { ...current, everywhere: { status: 'ready', ...answer.data } } });
  }

  /** Back from all folders to the open folder's matches. */
  onlyHere(): void {
    const search = this.host.view().search;
    if (search?.everywhere) {
      this.host.update({ search: { ...search, everywhere: null }, selected: null, checked: [] });
    }
  }

  /** Back to the folder. */
  clear(): void {
    if (!this.host.view().search) return;
    this.closeOnServer();
    this.serial += 1;
    this.host.update({ search: null, selected: null, checked: [], anchor: null });
  }

  /** The server forgets a tab's searches when its socket drops: run the open one again. */
  reconnected(): void {
    const search = this.host.view().search;
    if (search) void this.run(search.input, search.query);
  }

  onMatched(event: SearchMatchedEvent): void {
    const search = this.host.view().search;
    if (!search?.results || search.searchId !== event.searchId) return;
    const results = addMatches(search.results, event.messages);
    this.host.update({
      search: { ...search, results, total: Math.max(event.total, results.total) },
    });
  }

  onListEvent(entry: MailboxEvent): void {
    const search = this.host.view().search;
    if (!search?.results) return;
    const results = applyToResults(search.results, entry);
    if (results === search.results) return;
    const removed = search.results.rows.length - results.rows.length;
    this.host.update({
      search: { ...search, results, total: Math.max(results.total, search.total - removed) },
      selected: freshSelection(results, this.host.view().selected),
    });
  }

  private fail(serial: number, message: string): void {
    const current = this.host.view().search;
    if (current?.serial === serial) this.host.update({ search: { ...current, error: message } });
  }

  private closeOnServer(): void {
    const socket = this.host.socket();
    const searchId = this.host.view().search?.searchId;
    if (searchId && socket?.connected) void closeSearch(socket, searchId);
  }
}
