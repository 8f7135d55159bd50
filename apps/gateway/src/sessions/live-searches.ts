import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import {
  Events,
  type ClientToServerEvents,
  type InterServerEvents,
  type MessageAddedEvent,
  type MessageFlagsChangedEvent,
  type SearchQuery,
  type SearchResult,
  type ServerToClientEvents,
  type SocketData,
} from '@tidings/protocol';
import type { AccountSession } from './account-session.ts';
import { dependsOnFlags } from './message-search.ts';

/** Open searches one tab may keep live at once. */
const MAX_LIVE_SEARCHES = 4;

/** What a live search needs of the account (a cluster's stand-in has it too). */
type SearchableAccount = Pick<AccountSession, 'search' | 'matchNew'>;

type TabSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** A change pushed for a mailbox: new mail, or flags changed (by anyone). */
export interface WatchedChange {
  kind: 'added' | 'flags';
  path: string;
  uids: number[];
}

/** The change a push to the tab tells of, if a live search may care. */
export function watchedChangeOf(event: string, payload: unknown): WatchedChange | null {
  if (event === Events.MessageAdded) {
    const { mailbox, messages } = payload as MessageAddedEvent;
    return { kind: 'added', path: mailbox, uids: messages.map((m) => m.uid) };
  }
  if (event === Events.MessageFlagsChanged) {
    const { mailbox, changes } = payload as MessageFlagsChangedEvent;
    return { kind: 'flags', path: mailbox, uids: changes.map((c) => c.uid) };
  }
  return null;
}

interface OpenSearch {
  mailbox: string;
  query: SearchQuery;
  total: number;
}

/**
 * One tab's searches, kept live: when new mail is pushed for the searched mailbox, it is run
 * against the query on the server (UID SEARCH limited to the new UIDs) and the matches go to
 * this tab only. So are messages whose flags changed, for a search that asks about flags
 * (`tag:work`, `is:unread`): one tagged on the phone joins the results. The tab keeps rows it
 * already has (a message read in an unread search stays until the search runs again). Results
 * are the server's, never re-implemented here.
 *
 * The changes are the pushes this tab's own socket sends (socket.io tells the socket's
 * outgoing listeners of room broadcasts too), so a search on a process that does not own the
 * account in a cluster hears them as one on the owner does, and through a takeover.
 */
export class LiveSearches {
  private readonly searches = new Map<string, OpenSearch>();
  private listening = false;
  private readonly onOutgoing = (event: string, payload: unknown): void => {
    const change = watchedChangeOf(event, payload);
    if (change) void this.onChange(change);
  };

  constructor(
    private readonly socket: TabSocket,
    private readonly account: () => SearchableAccount,
    private readonly logger: Logger,
  ) {}

  async open(mailbox: string, query: SearchQuery, limit: number): Promise<SearchResult> {
    const account = this.account();
    const result = await account.search(mailbox, query, limit);
    if (this.searches.size >= MAX_LIVE_SEARCHES)
      this.searches.delete(this.searches.keys().next().value as string);
    this.searches.set(result.searchId, { mailbox, query, total: result.total });
    if (!this.listening) this.socket.onAnyOutgoing(this.onOutgoing);
    this.listening = true;
    return result;
  }

  remove(searchId: string): void {
    this.searches.delete(searchId);
  }

  close(): void {
    this.searches.clear();
    this.socket.offAnyOutgoing(this.onOutgoing);
    this.listening = false;
  }

  private async onChange(change: WatchedChange): Promise<void> {
    const { kind, path, uids } = change;
    for (const [searchId, search] of this.searches) {
      if (search.mailbox !== path) continue;
      if (kind === 'flags' && !dependsOnFlags(search.query)) continue;
      try {
        const messages = await this.account().matchNew(path, search.query, uids);
        if (!messages.length || !this.searches.has(searchId)) continue;
        // New mail adds to the count; a message whose flags changed may have matched already
        // (the tab tells, by the rows it has).
        if (kind === 'added') search.total += messages.length;
        this.socket.emit(Events.SearchMatched, {
          searchId,
          mailbox: path,
          total: search.total,
          messages,
        });
      } catch (error) {
        this.logger.warn(
          { err: { message: (error as Error).message } },
          'live search update failed',
        );
      }
    }
  }
}
