import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import {
  Events,
  type ClientToServerEvents,
  type InterServerEvents,
  type SearchQuery,
  type SearchResult,
  type ServerToClientEvents,
  type SocketData,
} from '@tidings/protocol';
import type { AccountSession } from './account-session.ts';

/** Open searches one tab may keep live at once. */
const MAX_LIVE_SEARCHES = 4;

/** What a live search needs of the account (a cluster's stand-in has it too). */
type SearchableAccount = Pick<AccountSession, 'search' | 'matchNew' | 'onMessagesAdded'>;

type TabSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

interface OpenSearch {
  mailbox: string;
  query: SearchQuery;
  total: number;
}

/**
 * One tab's searches, kept live: when new mail is pushed for the searched mailbox, it is run
 * against the query on the server (UID SEARCH limited to the new UIDs) and the matches go to
 * this tab only. Results are the server's, never re-implemented here.
 */
export class LiveSearches {
  private readonly searches = new Map<string, OpenSearch>();
  private unsubscribe: (() => void) | null = null;

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
    this.unsubscribe ??= account.onMessagesAdded(
      (path, uids) => void this.onAdded(account, path, uids),
    );
    return result;
  }

  remove(searchId: string): void {
    this.searches.delete(searchId);
  }

  close(): void {
    this.searches.clear();
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private async onAdded(account: SearchableAccount, path: string, uids: number[]): Promise<void> {
    for (const [searchId, search] of this.searches) {
      if (search.mailbox !== path) continue;
      try {
        const messages = await account.matchNew(path, search.query, uids);
        if (!messages.length || !this.searches.has(searchId)) continue;
        search.total += messages.length;
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
