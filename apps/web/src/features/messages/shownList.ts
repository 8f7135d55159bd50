import type { MessageWindowState } from './messageWindow.ts';

/**
 * The list as the user sees it: the loaded window without the rows an action has just taken
 * away (optimistically, before the server's expunge arrives or after it refused). Positions
 * below the hidden rows move up, the total shrinks; nothing else changes.
 */
export function withoutRows(
  list: MessageWindowState,
  hidden: ReadonlySet<number>,
): MessageWindowState {
  if (hidden.size === 0) return list;
  const rows = list.rows.filter((row) => !hidden.has(row.uid));
  const removed = list.rows.length - rows.length;
  if (removed === 0) return list;
  return { ...list, rows, total: Math.max(0, list.total - removed) };
}

/**
 * Remembers its last answer: the view asks on every render, and a new object each time would
 * re-render every row.
 */
export function shownListCache(): (
  list: MessageWindowState | null,
  hidden: readonly number[],
) => MessageWindowState | null {
  let lastList: MessageWindowState | null = null;
  let lastHidden: readonly number[] | null = null;
  let lastShown: MessageWindowState | null = null;
  return (list, hidden) => {
    if (list === lastList && hidden === lastHidden) return lastShown;
    lastList = list;
    lastHidden = hidden;
    lastShown = list ? withoutRows(list, new Set(hidden)) : null;
    return lastShown;
  };
}
