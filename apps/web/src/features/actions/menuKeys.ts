/** What a key does in an open menu: focus the item at an index, close the menu, or nothing. */
export type MenuMove = number | 'close' | null;

/**
 * The WAI-ARIA menu pattern's keys, for a menu of `count` items with the focus on `index`
 * (-1: on none yet): arrows go round, Home and End jump, Escape and Tab leave.
 */
export function menuKey(key: string, index: number, count: number): MenuMove {
  if (key === 'Escape' || key === 'Tab') return 'close';
  if (count === 0) return null;
  switch (key) {
    case 'ArrowDown':
      return (index + 1) % count;
    case 'ArrowUp':
      return index <= 0 ? count - 1 : index - 1;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
