import type { MailboxState } from './mailbox-state.ts';

/** The parts of a mailbox's state an order is fitted to. */
export type OrderedState = Pick<
  MailboxState,
  'total' | 'positionOf' | 'uidAtPosition' | 'membershipVersion'
>;

/**
 * A mailbox's messages in a server's sort order, made to name exactly the messages of the
 * gateway's state at `version`, so that a window cut from it agrees with the live list's total
 * and with the pushes numbered after it.
 */
export interface FittedOrder {
  /** The state's `membershipVersion` this order names. */
  version: number;
  /** The server's order, without what the state does not hold. */
  uids: Uint32Array;
  /**
   * What the state holds and the server's order did not (mail the idle connection saw first),
   * newest first: shown above the rest until the order is read again. Kept apart, so that
   * fitting this order again never counts them as placed.
   */
  unplaced: Uint32Array;
}

/** Whether the server's order placed every message of the state. */
export function isComplete(order: FittedOrder): boolean {
  return order.unplaced.length === 0;
}

/**
 * Fits `order` (UIDs in the server's order) to `state`: UIDs the state no longer has (expunged
 * since, or not yet seen by the idle connection) and repeats are dropped; the state's UIDs the
 * order lacks are set apart as unplaced. Dropping keeps an order right, so an expunge never
 * needs a new SORT; an addition does.
 */
export function fitOrder(order: ArrayLike<number>, state: OrderedState): FittedOrder {
  const total = state.total;
  const placed = new Uint8Array(total);
  const kept = new Uint32Array(total);
  let keptCount = 0;
  for (let index = 0; index < order.length; index++) {
    const uid = order[index]!;
    const position = state.positionOf(uid);
    if (position < 0 || placed[position]) continue;
    placed[position] = 1;
    kept[keptCount++] = uid;
  }
  const unplaced = new Uint32Array(total - keptCount);
  let next = 0;
  for (let position = 0; next < unplaced.length; position++) {
    if (!placed[position]) unplaced[next++] = state.uidAtPosition(position)!;
  }
  const uids = keptCount === total ? kept : kept.slice(0, keptCount);
  return { version: state.membershipVersion, uids, unplaced };
}

/** UIDs at positions [offset, offset + limit) of a fitted order: the unplaced, then the rest. */
export function uidsOfOrder(order: FittedOrder, offset: number, limit: number): number[] {
  const result: number[] = [];
  const { unplaced, uids } = order;
  const end = Math.min(offset + limit, unplaced.length + uids.length);
  for (let position = offset; position < end; position++) {
    result.push(
      position < unplaced.length ? unplaced[position]! : uids[position - unplaced.length]!,
    );
  }
  return result;
}
