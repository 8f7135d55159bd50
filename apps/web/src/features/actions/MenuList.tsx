import type { CSSProperties, KeyboardEvent, Ref } from 'react';

export interface MenuChoice {
  key: string;
  label: string;
  onChoose: () => void;
  style?: CSSProperties;
}

interface MenuListProps {
  /** From useMenuButton. */
  menuRef: Ref<HTMLUListElement>;
  menuId: string;
  onMenuKey: (event: KeyboardEvent<HTMLUListElement>) => void;
  label: string;
  choices: readonly MenuChoice[];
  /** Shown, not focusable, when there is nothing to choose. */
  empty?: string;
}

/** The open list of a menu button (useMenuButton.ts): its items are reached by the arrow keys. */
export function MenuList({ menuRef, menuId, onMenuKey, label, choices, empty }: MenuListProps) {
  return (
    <ul
      ref={menuRef}
      id={menuId}
      className="menu__list"
      role="menu"
      aria-label={label}
      onKeyDown={onMenuKey}
    >
      {choices.length === 0 && empty && (
        <li role="none" className="menu__empty">
          {empty}
        </li>
      )}
      {choices.map((choice) => (
        <li key={choice.key} role="none">
          <button
            type="button"
            role="menuitem"
            className="menu__item"
            style={choice.style}
            tabIndex={-1}
            onClick={choice.onChoose}
          >
            {choice.label}
          </button>
        </li>
      ))}
    </ul>
  );
}
