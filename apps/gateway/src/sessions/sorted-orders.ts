import type { ImapFlow } from 'imapflow';
import { ErrorCode, LOCAL_SORT_LIMIT, type SortOrder } from '@tidings/protocol';
import type { MailboxState } from '../imap/mailbox-state.ts';
import { SUMMARY_FETCH_QUERY, toMessageSummary } from '../imap/envelope.ts';
import { sortRowsLocally } from '../imap/local-sort.ts';
import {
  fetchSortedUids,
  SERVER_SORT_LIMIT,
  sortCriteria,
  type ServerSort,
} from '../imap/sort-command.ts';
import { fitOrder, isComplete, uidsOfOrder, type FittedOrder } from '../imap/sorted-order.ts';
import { AccountError } from './account-error.ts';
import { lockFolder, withSelected } from './selected-mailbox.ts';

/**
 * Orders kept per mailbox state: two tabs sorting the same folder differently do not re-sort
 * it for every page. Each costs 4 bytes a message (a 100,000-message folder: 400 KB).
 */
const ORDERS_PER_STATE = 2;

/** An order as the server gave it, with the uidValidity its UIDs belong to. */
interface ServerOrder {
  uidValidity: number;
  uids: Uint32Array;
}

interface Entry {
  name: string;
  fitted: FittedOrder;
}

/** Runs a sort's IMAP work on a connection: the account's sort connection (sort-connection.ts). */
export type SortOn = <T>(work: (client: ImapFlow) => Promise<T>) => Promise<T>;

/**
 * The watched mailbox in orders other than the live one, for windows cut from its state: each
 * is read once with `UID SORT` on the sort connection, so the command connection stays free
 * meanwhile (without SORT, sorted here from every message's row, for folders up to
 * LOCAL_SORT_LIMIT) and then kept fitted to the state (an expunge drops the UID; only an
 * addition needs the server again, see `fitOrder`).
 */
export class SortedOrders {
  private readonly orders = new WeakMap<MailboxState, Entry[]>();
  /** A SORT in flight per state and order, so that concurrent pages wait for the same one. */
  private readonly loading = new Map<string, Promise<void>>();
  /** A SORT started before the folder's state existed (`prefetch`), for the read that follows. */
  private early: { key: string; order: Promise<ServerOrder | null> } | null = null;

  constructor(private readonly sortOn: SortOn) {}

  /** Bytes of the orders kept for `state`. */
  bytesFor(state: MailboxState): number {
    return (this.orders.get(state) ?? []).reduce(
      (sum, entry) => sum + entry.fitted.uids.byteLength + entry.fitted.unplaced.byteLength,
      0,
    );
  }

  /**
   * The UIDs at `[offset, offset + limit)` in `sort`, or null when no order read from the
   * server fits the state as it is now (call `load`). Synchronous, so that the window built
   * from it has the exact seq.
   */
  uidsAt(state: MailboxState, sort: ServerSort, offset: number, limit: number): number[] | null {
    const fitted = this.fitted(state, sort);
    return fitted && isComplete(fitted) ? uidsOfOrder(fitted, offset, limit) : null;
  }

  /**
   * The last order read, fitted to the state even where it lacks messages (they come first):
   * for a window that must be answered while mail keeps arriving faster than SORT runs.
   */
  uidsAtAnyway(state: MailboxState, sort: ServerSort, offset: number, limit: number): number[] {
    return uidsOfOrder(this.fitted(state, sort) ?? fitOrder([], state), offset, limit);
  }

  /**
   * Starts `UID SORT` of `path` on the sort connection while the idle connection still loads
   * the folder, so that opening it in this order waits for the longer of the two, not both.
   * Its answer is fitted like any other: mail it missed is sorted in by the next SORT.
   */
  prefetch(path: string, sort: ServerSort): void {
    const key = `${path}\n${orderName(sort)}`;
    if (this.early?.key === key) return;
    this.early = { key, order: this.readBeforeLoad(path, sort).catch(() => null) };
  }

  /** Reads `sort` of the state's mailbox from the server and fits it to the state. */
  load(state: MailboxState, sort: ServerSort): Promise<void> {
    const name = orderName(sort);
    const key = `${state.path}\n${state.uidValidity}\n${state.membershipVersion}\n${name}`;
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.read(state, sort, name).finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  private async read(state: MailboxState, sort: ServerSort, name: string): Promise<void> {
    const early = this.takeEarly(`${state.path}\n${name}`);
    const prefetched = early ? await early : null;
    const order =
      prefetched?.uidValidity === state.uidValidity
        ? prefetched.uids
        : await this.readNow(state, sort);
    const entries = (this.orders.get(state) ?? []).filter((entry) => entry.name !== name);
    entries.unshift({ name, fitted: fitOrder(order, state) });
    this.orders.set(state, entries.slice(0, ORDERS_PER_STATE));
  }

  private readNow(state: MailboxState, sort: ServerSort): Promise<Uint32Array> {
    return this.sortOn((client) => {
      const criteria = sortCriteria(sort, client.capabilities);
      if (!criteria && state.total > LOCAL_SORT_LIMIT) {
        throw new AccountError(
          ErrorCode.Unsupported,
          `This mail server cannot sort messages, and Tidings sorts folders of up to ${LOCAL_SORT_LIMIT.toLocaleString('en')} itself; this one has ${state.total.toLocaleString('en')}. The list shows the newest first.`,
        );
      }
      if (criteria && state.total > SERVER_SORT_LIMIT) {
        throw new AccountError(
          ErrorCode.Unsupported,
          `Tidings reads the server's order for folders of up to ${SERVER_SORT_LIMIT.toLocaleString('en')} messages; this one has ${state.total.toLocaleString('en')}. The list shows the newest first.`,
        );
      }
      return withSelected(client, state.path, state.uidValidity, [], async () => {
        // NOOP first: Dovecot brings this connection's view up to date on NOOP, so the order
        // includes mail the idle connection may already have pushed.
        await client.noop();
        return criteria ? fetchSortedUids(client, criteria) : sortHere(client, sort);
      });
    });
  }

  /** The server's SORT before the state exists; null without SORT (that waits for the state). */
  private readBeforeLoad(path: string, sort: ServerSort): Promise<ServerOrder | null> {
    return this.sortOn(async (client) => {
      const criteria = sortCriteria(sort, client.capabilities);
      if (!criteria) return null;
      const lock = await lockFolder(client, path);
      try {
        // Too big for one SORT answer: the read after the load says so (readNow).
        if ((client.mailbox ? client.mailbox.exists : 0) > SERVER_SORT_LIMIT) return null;
        const uidValidity = Number(client.mailbox ? client.mailbox.uidValidity : 0);
        return { uidValidity, uids: await fetchSortedUids(client, criteria) };
      } finally {
        lock.release();
      }
    });
  }

  private takeEarly(key: string): Promise<ServerOrder | null> | null {
    if (this.early?.key !== key) return null;
    const { order } = this.early;
    this.early = null;
    return order;
  }

  /** The kept order for `sort`, fitted to the state as it is now; undefined before a SORT. */
  private fitted(state: MailboxState, sort: ServerSort): FittedOrder | undefined {
    const name = orderName(sort);
    const entry = this.orders.get(state)?.find((candidate) => candidate.name === name);
    if (entry && entry.fitted.version !== state.membershipVersion) {
      entry.fitted = fitOrder(entry.fitted.uids, state);
    }
    return entry?.fitted;
  }
}

function orderName(sort: SortOrder): string {
  return `${sort.by}${sort.reverse ? ' reverse' : ''}`;
}

/** Without SORT: every message's row, sorted here (local-sort.ts). */
async function sortHere(client: ImapFlow, sort: ServerSort): Promise<Uint32Array> {
  if (!client.mailbox || client.mailbox.exists === 0) return new Uint32Array(0);
  const rows = [];
  for await (const message of client.fetch('1:*', SUMMARY_FETCH_QUERY, { uid: true })) {
    rows.push(toMessageSummary(message));
  }
  return Uint32Array.from(sortRowsLocally(rows, sort));
}
