import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import {
  Events,
  type ClientToServerEvents,
  type InterServerEvents,
  type MessageAddedEvent,
  type MessageExpungedEvent,
  type MessageFlagsChangedEvent,
  type MessageSummary,
  type SearchQuery,
  type SearchResult,
  type ServerToClientEvents,
  type SocketData,
  uidsOfSequenceSet,
} from '@tidings/protocol';
import type { AccountSession } from './account-session.ts';
import { dependsOnFlags } from './message-search.ts';
import { SearchMatches } from './search-matches.ts';

/** Open searches one tab may keep live at once. */
const MAX_LIVE_SEARCHES = 4;

/** What a live search needs of the account (a cluster's stand-in has it too). */
type SearchableAccount = Pick<AccountSession, 'search' | 'matchNew'>;

type TabSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** A change pushed for a mailbox: new mail, flags changed or messages expunged (by anyone). */
export interface WatchedChange {
  kind: 'added' | 'flags' | 'expunged';
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
  if (event === Events.MessageExpunged) {
    const { mailbox, removed } = payload as MessageExpungedEvent;
    return { kind: 'expunged', path: mailbox, uids: removed.map((r) => r.uid) };
  }
  return null;
}

interface OpenSearch {
  mailbox: string;
  query: SearchQuery;
  /** What its count counts: the tab has only the newest rows of a large search. */
  matches: SearchMatches;
}

/**
 * One tab's searches, kept live: when new mail is pushed for the searched mailbox, it is run
 * against the query on the server (UID SEARCH limited to the new UIDs) and the matches go to
 * this tab only. So are messages whose flags changed, for a search that asks about flags
 * (`tag:work`, `is:unread`): one tagged on the phone joins the results. The tab keeps rows it
 * already has (a message read in an unread search stays until the search runs again), and its
 * count is of those: every match when it ran, every one that joined since, less those expunged
 * (search-matches.ts), so a deletion elsewhere of a match the tab has no row for lowers it too.
 * Results are the server's, never re-implemented here.
 *
 * The changes are the pushes this tab's own socket sends (socket.io tells the socket's
 * outgoing listeners of room broadcasts too), so a search on a process that does not own the
 * account in a cluster hears them as one on the owner does, and through a takeover.
 */
export class LiveSearches {
  private readonly searches = new Map<string, OpenSearch>();
  private listening = false;
  /** Searches and matches on the server now: their answers may name a message gone since. */
  private asking = 0;
  /** UIDs expunged, by mailbox, while something was asked: left out of its answer. */
  private readonly expungedMeanwhile = new Map<string, Set<number>>();
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
    // Listening first: a message expunged while the search runs is left out of its answer.
    if (!this.listening) this.socket.onAnyOutgoing(this.onOutgoing);
    this.listening = true;
    const [{ result, matched }, gone] = await this.ask(mailbox, () =>
      account.search(mailbox, query, limit),
    );
    if (this.searches.size >= MAX_LIVE_SEARCHES)
      this.searches.delete(this.searches.keys().next().value as string);
    const matches = new SearchMatches(uidsOfSequenceSet(matched));
    this.searches.set(result.searchId, { mailbox, query, matches });
    if (!gone.size || !matches.delete(gone)) return result;
    const messages = result.messages.filter((message) => !gone.has(message.uid));
    return { ...result, total: matches.size, messages };
  }

  remove(searchId: string): void {
    this.searches.delete(searchId);
  }

  close(): void {
    this.searches.clear();
    this.expungedMeanwhile.clear();
    this.socket.offAnyOutgoing(this.onOutgoing);
    this.listening = false;
  }

  private async onChange(change: WatchedChange): Promise<void> {
    const { kind, path, uids } = change;
    if (kind === 'expunged') {
      if (this.asking) {
        const gone = this.expungedMeanwhile.get(path) ?? new Set<number>();
        for (const uid of uids) gone.add(uid);
        this.expungedMeanwhile.set(path, gone);
      }
      // Told after the expunge itself, which goes out once its outgoing listeners are done.
      await Promise.resolve();
      this.forgetExpunged(path, uids);
      return;
    }
    for (const [searchId, search] of this.searches) {
      if (search.mailbox !== path) continue;
      if (kind === 'flags' && !dependsOnFlags(search.query)) continue;
      try {
        const [found, gone] = await this.ask(path, () =>
          this.account().matchNew(path, search.query, uids),
        );
        if (!this.searches.has(searchId)) continue;
        // A message whose flags changed may have matched already: only the others join.
        const joined = new Set(search.matches.add(found.uids.filter((uid) => !gone.has(uid))));
        const messages = found.messages.filter((message) => joined.has(message.uid));
        if (!joined.size) continue;
        this.emitMatched(searchId, search, messages);
      } catch (error) {
        this.logger.warn(
          { err: { message: (error as Error).message } },
          'live search update failed',
        );
      }
    }
  }

  /** `question`'s answer, and what of `path` was expunged while it was on the server. */
  private async ask<T>(path: string, question: () => Promise<T>): Promise<[T, Set<number>]> {
    this.asking++;
    try {
      const answer = await question();
      return [answer, new Set(this.expungedMeanwhile.get(path))];
    } finally {
      if (--this.asking === 0) this.expungedMeanwhile.clear();
    }
  }

  /** Expunged matches leave the count, rows loaded or not (the tab drops the rows it has). */
  private forgetExpunged(path: string, uids: number[]): void {
    for (const [searchId, search] of this.searches) {
      if (search.mailbox === path && search.matches.delete(uids) > 0) {
        this.emitMatched(searchId, search, []);
      }
    }
  }

  private emitMatched(searchId: string, search: OpenSearch, messages: MessageSummary[]): void {
    this.socket.emit(Events.SearchMatched, {
      searchId,
      mailbox: search.mailbox,
      total: search.matches.size,
      messages,
    });
  }
}
