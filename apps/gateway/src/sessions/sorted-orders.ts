import type { ImapFlow } from 'imapflow';
import { ErrorCode, SortKey, type SortOrder } from '@tidings/protocol';
import type { MailboxState } from '../imap/mailbox-state.ts';
import { fetchSortedUids, sortCriteria } from '../imap/sort-command.ts';
import { fitOrder, isComplete, uidsOfOrder, type FittedOrder } from '../imap/sorted-order.ts';
import { AccountError } from './account-error.ts';
import { withSelected } from './selected-mailbox.ts';

/**
 * Orders kept per mailbox state: two tabs sorting the same folder differently do not re-sort
 * it for every page. Each costs 4 bytes a message (a 100,000-message folder: 400 KB).
 */
const ORDERS_PER_STATE = 2;

interface Entry {
  name: string;
  fitted: FittedOrder;
}

/** Server-side orders (keys other than `received`) are read with SORT; see `sortCriteria`. */
export type ServerSort = SortOrder & { by: Exclude<SortKey, 'received'> };

export function isServerSort(sort: SortOrder): sort is ServerSort {
  return sort.by !== SortKey.Received;
}

/**
 * The watched mailbox in orders other than the live one, for windows cut from its state: each
 * is read once with `UID SORT` on the command connection and then kept fitted to the state
 * (an expunge drops the UID; only an addition needs the server again, see `fitOrder`).
 */
export class SortedOrders {
  private readonly orders = new WeakMap<MailboxState, Entry[]>();
  /** A SORT in flight per state and order, so that concurrent pages wait for the same one. */
  private readonly loading = new Map<string, Promise<void>>();

  constructor(private readonly commandClient: () => Promise<ImapFlow>) {}

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
    const client = await this.commandClient();
    const criteria = sortCriteria(sort, client.capabilities);
    if (!criteria) {
      throw new AccountError(
        ErrorCode.Unsupported,
        'This mail server cannot sort messages; the list shows the newest first.',
      );
    }
    const order = await withSelected(client, state.path, state.uidValidity, [], async () => {
      // NOOP first: Dovecot brings this connection's view up to date on NOOP, so the order
      // includes mail the idle connection may already have pushed.
      await client.noop();
      return fetchSortedUids(client, criteria);
    });
    const entries = (this.orders.get(state) ?? []).filter((entry) => entry.name !== name);
    entries.unshift({ name, fitted: fitOrder(order, state) });
    this.orders.set(state, entries.slice(0, ORDERS_PER_STATE));
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
