import { NEWEST_FIRST, SortKey, isNewestFirst, sameSort, type SortOrder } from '@tidings/protocol';

/** One choice of the list header's Sort menu. */
export interface SortOption {
  /** The `<option>` value: stable, and what the menu reports back. */
  value: string;
  label: string;
  order: SortOrder;
}

function option(label: string, by: SortKey, reverse: boolean): SortOption {
  return { value: `${by}${reverse ? '-reverse' : ''}`, label, order: { by, reverse } };
}

/** The orders the user can choose, in menu order; the first is the live order. */
export const SORT_OPTIONS: readonly SortOption[] = [
  option('Newest first', SortKey.Received, true),
  option('Oldest first', SortKey.Received, false),
  option('Date sent, newest first', SortKey.Date, true),
  option('Sender (A to Z)', SortKey.From, false),
  option('Sender (Z to A)', SortKey.From, true),
  option('Subject (A to Z)', SortKey.Subject, false),
  option('Subject (Z to A)', SortKey.Subject, true),
  option('Largest first', SortKey.Size, true),
  option('Smallest first', SortKey.Size, false),
];

/** The menu's choice showing `order`; null for an order the menu does not offer. */
export function sortOptionFor(order: SortOrder | null | undefined): SortOption | null {
  return SORT_OPTIONS.find((choice) => sameSort(choice.order, order)) ?? null;
}

/** The order a menu value stands for; newest first for a value the menu does not have. */
export function sortOrderOf(value: string): SortOrder {
  return SORT_OPTIONS.find((choice) => choice.value === value)?.order ?? NEWEST_FIRST;
}

/**
 * What a `mailbox:open` or `message:list` request carries for `order`: nothing for the live
 * order, so that those requests stay what they were before lists could be sorted.
 */
export function sortField(order: SortOrder): { sort?: SortOrder } {
  return isNewestFirst(order) ? {} : { sort: { by: order.by, reverse: order.reverse } };
}

/**
 * Whether the list still shows another order than the one chosen: the server is sorting (the
 * first sort of a big folder by sender can take it seconds), so the header says so.
 */
export function awaitingOrder(list: { sort: SortOrder } | null, wanted: SortOrder): boolean {
  return list !== null && !sameSort(list.sort, wanted);
}
