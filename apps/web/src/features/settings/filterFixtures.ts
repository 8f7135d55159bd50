import type { FilterRule } from '@tidings/protocol';

/** A stored rule the filter tests start from: news from a shop, filed and marked read. */
export const news: FilterRule = {
  field: 'from',
  test: 'contains',
  value: 'news@shop.example',
  moveTo: 'Newsletters',
  markRead: true,
};
