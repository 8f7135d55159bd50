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
  uids: Uint32Array;
  /**
   * False when the state holds messages the server's order did not (mail the idle connection
   * saw first): they are put at the top, newest first, until the order is read again.
   */
  complete: boolean;
}

/**
 * Fits `order` (UIDs in the server's order) to `state`: UIDs the state no longer has (expunged
 * since, or not yet seen by the idle connection) and repeats are dropped; the state's UIDs the
 * order lacks go first. Dropping keeps an order right, so an expunge never needs a new SORT;
 * an addition does.
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
  const uids = new Uint32Array(total);
  let next = 0;
  for (let position = 0; position < total && keptCount + next < total; position++) {
    if (!placed[position]) uids[next++] = state.uidAtPosition(position)!;
  }
  uids.set(kept.subarray(0, keptCount), next);
  return { version: state.membershipVersion, uids, complete: next === 0 };
}

/** UIDs at positions [offset, offset + limit) of a fitted order. */
export function uidsOfOrder(order: FittedOrder, offset: number, limit: number): number[] {
  const from = Math.min(offset, order.uids.length);
  return Array.from(order.uids.subarray(from, Math.min(offset + limit, order.uids.length)));
}
