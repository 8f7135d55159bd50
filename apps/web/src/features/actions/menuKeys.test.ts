import { describe, expect, it } from 'vitest';
import { menuKey } from './menuKeys.ts';

describe('menuKey', () => {
  it('goes round with the arrows', () => {
    expect(menuKey('ArrowDown', 0, 3)).toBe(1);
    expect(menuKey('ArrowDown', 2, 3)).toBe(0);
    expect(menuKey('ArrowUp', 1, 3)).toBe(0);
    expect(menuKey('ArrowUp', 0, 3)).toBe(2);
  });

  it('starts at either end when no item has the focus yet', () => {
    expect(menuKey('ArrowDown', -1, 3)).toBe(0);
    expect(menuKey('ArrowUp', -1, 3)).toBe(2);
  });

  it('jumps with Home and End', () => {
    expect(menuKey('Home', 2, 3)).toBe(0);
    expect(menuKey('End', 0, 3)).toBe(2);
  });

  it('closes on Escape and Tab, even when empty, and leaves other keys alone', () => {
    expect(menuKey('Escape', 1, 3)).toBe('close');
    expect(menuKey('Tab', -1, 0)).toBe('close');
    expect(menuKey('ArrowDown', -1, 0)).toBeNull();
    expect(menuKey('Enter', 0, 3)).toBeNull();
    expect(menuKey('a', 0, 3)).toBeNull();
  });
});
