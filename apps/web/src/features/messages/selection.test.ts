import { describe, expect, it } from 'vitest';
import {
  actionTargets,
  ClickKind,
  clickKind,
  clickSelection,
  emptySelection,
  keepPresent,
  neighbourAfterRemoval,
  selectAll,
} from './selection.ts';

const order = [50, 40, 30, 20, 10];

describe('clickKind', () => {
  it('reads the modifiers: shift for a range, ctrl or cmd to toggle', () => {
    expect(clickKind({ shiftKey: false, ctrlKey: false, metaKey: false })).toBe(ClickKind.Single);
    expect(clickKind({ shiftKey: true, ctrlKey: false, metaKey: false })).toBe(ClickKind.Range);
    expect(clickKind({ shiftKey: false, ctrlKey: true, metaKey: false })).toBe(ClickKind.Toggle);
    expect(clickKind({ shiftKey: false, ctrlKey: false, metaKey: true })).toBe(ClickKind.Toggle);
  });
});

describe('clickSelection', () => {
  it('a plain click selects only that row and anchors there', () => {
    const current = { checked: [50, 40], anchor: 50 };
    expect(clickSelection(current, 30, ClickKind.Single, order)).toEqual({
      checked: [30],
      anchor: 30,
    });
  });

  it('shift-click selects the range from the anchor, either direction', () => {
    const start = clickSelection(emptySelection, 40, ClickKind.Single, order);
    expect(clickSelection(start, 20, ClickKind.Range, order)).toEqual({
      checked: [40, 30, 20],
      anchor: 40,
    });
    expect(clickSelection(start, 50, ClickKind.Range, order)).toEqual({
      checked: [50, 40],
      anchor: 40,
    });
  });

  it('a second shift-click re-draws the range from the same anchor', () => {
    let selection = clickSelection(emptySelection, 30, ClickKind.Single, order);
    selection = clickSelection(selection, 10, ClickKind.Range, order);
    selection = clickSelection(selection, 40, ClickKind.Range, order);
    expect(selection).toEqual({ checked: [40, 30], anchor: 30 });
  });

  it('shift-click without an anchor in view selects the one row', () => {
    expect(clickSelection({ checked: [], anchor: 99 }, 20, ClickKind.Range, order)).toEqual({
      checked: [20],
      anchor: 20,
    });
  });

  it('ctrl-click toggles one row and keeps display order', () => {
    let selection = clickSelection(emptySelection, 20, ClickKind.Single, order);
    selection = clickSelection(selection, 50, ClickKind.Toggle, order);
    expect(selection).toEqual({ checked: [50, 20], anchor: 50 });
    selection = clickSelection(selection, 20, ClickKind.Toggle, order);
    expect(selection).toEqual({ checked: [50], anchor: 20 });
  });

  it('keeps selected rows that scrolled out of the loaded window', () => {
    const selection = clickSelection({ checked: [7], anchor: 7 }, 40, ClickKind.Toggle, order);
    expect(selection.checked).toEqual([40, 7]);
  });
});

describe('selectAll, keepPresent, actionTargets', () => {
  it('selects every row in view', () => {
    expect(selectAll(emptySelection, order)).toEqual({ checked: order, anchor: 50 });
    expect(selectAll({ checked: [], anchor: 30 }, order).anchor).toBe(30);
  });

  it('drops rows that left the list, and is unchanged otherwise', () => {
    const selection = { checked: [50, 30], anchor: 30 };
    expect(keepPresent(selection, (uid) => uid !== 50)).toEqual({ checked: [30], anchor: 30 });
    expect(keepPresent(selection, () => true)).toBe(selection);
  });

  it('acts on the selection when several rows are selected, else on the open message', () => {
    expect(actionTargets([50, 40], 40)).toEqual([50, 40]);
    expect(actionTargets([40], 40)).toEqual([40]);
    expect(actionTargets([], 40)).toEqual([40]);
    expect(actionTargets([30], null)).toEqual([30]);
    expect(actionTargets([], null)).toEqual([]);
  });
});

describe('neighbourAfterRemoval', () => {
  it('opens the next older message, else the nearest newer one, else none', () => {
    expect(neighbourAfterRemoval(order, new Set([30]), 30)).toBe(20);
    expect(neighbourAfterRemoval(order, new Set([30, 20, 10]), 30)).toBe(40);
    expect(neighbourAfterRemoval(order, new Set(order), 30)).toBeNull();
    expect(neighbourAfterRemoval(order, new Set([99]), 99)).toBeNull();
  });
});
