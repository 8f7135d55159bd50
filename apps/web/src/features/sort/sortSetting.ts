import { NEWEST_FIRST, type SortOrder } from '@tidings/protocol';
import { sortOptionFor } from './sortOptions.ts';
import { browserStorage, type SettingsStore } from '../../lib/settingsStorage.ts';

/** The message list's order; kept in localStorage for this browser. */
export const SORT_KEY = 'tidings:sort';

/**
 * The order this browser chose, else newest first. What is stored is checked against the
 * menu's choices: an edited, outdated or half-written value falls back to the default instead
 * of asking the gateway for an order the menu could not even show.
 */
export function loadSortOrder(storage: SettingsStore | null = browserStorage()): SortOrder {
  try {
    const stored = storage?.getItem(SORT_KEY);
    if (!stored) return NEWEST_FIRST;
    const parsed: unknown = JSON.parse(stored);
    if (typeof parsed !== 'object' || parsed === null) return NEWEST_FIRST;
    const { by, reverse } = parsed as Record<string, unknown>;
    if (typeof by !== 'string' || typeof reverse !== 'boolean') return NEWEST_FIRST;
    return sortOptionFor({ by, reverse } as SortOrder)?.order ?? NEWEST_FIRST;
  } catch {
    return NEWEST_FIRST;
  }
}

export function saveSortOrder(
  order: SortOrder,
  storage: SettingsStore | null = browserStorage(),
): void {
  try {
    storage?.setItem(SORT_KEY, JSON.stringify({ by: order.by, reverse: order.reverse }));
  } catch {
    // Refused (private mode, quota): the choice lasts until the tab closes.
  }
}
