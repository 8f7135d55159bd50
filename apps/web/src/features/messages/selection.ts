/**
 * Which messages of the list are selected, for bulk actions: a click selects one, shift-click
 * a range from the anchor (the last row clicked), ctrl/cmd-click adds or removes one.
 * Pure: the caller passes the display order of the rows it can see.
 */

export const ClickKind = {
  /** A plain click (or j/k): only this row. */
  Single: 'single',
  /** Shift-click: every row between the anchor and this one. */
  Range: 'range',
  /** Ctrl-click (cmd-click on a Mac): this row in or out, the rest untouched. */
  Toggle: 'toggle',
} as const;
export type ClickKind = (typeof ClickKind)[keyof typeof ClickKind];

export interface ListSelection {
  /** Selected UIDs, in display order. */
  checked: readonly number[];
  /** Where the next shift-click range starts, and what Enter opens when nothing is open. */
  anchor: number | null;
}

export const emptySelection: ListSelection = { checked: [], anchor: null };

export function clickKind(modifiers: {
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}): ClickKind {
  if (modifiers.shiftKey) return ClickKind.Range;
  if (modifiers.ctrlKey || modifiers.metaKey) return ClickKind.Toggle;
  return ClickKind.Single;
}

/** The selection after a click on `uid`; `order` is the UIDs of the loaded rows, top first. */
export function clickSelection(
  current: ListSelection,
  uid: number,
  kind: ClickKind,
  order: readonly number[],
): ListSelection {
  switch (kind) {
    case ClickKind.Single:
      return { checked: [uid], anchor: uid };
    case ClickKind.Toggle: {
      const wanted = new Set(current.checked);
      if (wanted.has(uid)) wanted.delete(uid);
      else wanted.add(uid);
      return { checked: inOrder(wanted, order), anchor: uid };
    }
    case ClickKind.Range: {
      const to = order.indexOf(uid);
      const from = current.anchor === null ? -1 : order.indexOf(current.anchor);
      if (from < 0 || to < 0) return { checked: [uid], anchor: uid };
      const [start, end] = from <= to ? [from, to] : [to, from];
      return { checked: order.slice(start, end + 1), anchor: current.anchor };
    }
  }
}

/** Every row in view; the anchor stays where it was (or moves to the top). */
export function selectAll(current: ListSelection, order: readonly number[]): ListSelection {
  const anchor =
    current.anchor !== null && order.includes(current.anchor) ? current.anchor : (order[0] ?? null);
  return { checked: [...order], anchor };
}

/** Drops UIDs that left the list (expunged, moved by another client). */
export function keepPresent(
  current: ListSelection,
  present: (uid: number) => boolean,
): ListSelection {
  const checked = current.checked.filter(present);
  if (checked.length === current.checked.length) return current;
  return { checked, anchor: current.anchor };
}

/**
 * What an action applies to: the selected rows when several are, else the message open in
 * the reader, else the one selected row (if any).
 */
export function actionTargets(checked: readonly number[], openUid: number | null): number[] {
  if (checked.length > 1) return [...checked];
  if (openUid !== null) return [openUid];
  return [...checked];
}

function inOrder(wanted: ReadonlySet<number>, order: readonly number[]): number[] {
  const ordered = order.filter((uid) => wanted.has(uid));
  // Selected rows scrolled out of the loaded window keep their place at the end.
  const placed = new Set(ordered);
  for (const uid of wanted) if (!placed.has(uid)) ordered.push(uid);
  return ordered;
}

/**
 * The message to open after `removed` leave the list while `current` was open: the next one
 * down (older), else the nearest one up, else none.
 */
export function neighbourAfterRemoval(
  order: readonly number[],
  removed: ReadonlySet<number>,
  current: number,
): number | null {
  const index = order.indexOf(current);
  if (index < 0) return null;
  for (let i = index + 1; i < order.length; i += 1) {
    if (!removed.has(order[i]!)) return order[i]!;
  }
  for (let i = index - 1; i >= 0; i -= 1) {
    if (!removed.has(order[i]!)) return order[i]!;
  }
  return null;
}

/** `uids` in order, cut into batches of at most `size` (one request each). */
export function inBatches(uids: readonly number[], size: number): number[][] {
  const batches: number[][] = [];
  for (let from = 0; from < uids.length; from += size) batches.push(uids.slice(from, from + size));
  return batches;
}
