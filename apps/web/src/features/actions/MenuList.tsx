import type { CSSProperties, KeyboardEvent, ReactNode, Ref } from 'react';

export interface MenuChoice {
  key: string;
  label: string;
  onChoose: () => void;
  style?: CSSProperties;
  /** A choice that is on, off or on for some (`mixed`): a menuitemcheckbox with a tick. */
  checked?: boolean | 'mixed';
  /** Drawn before the label (a tag's colour). */
  before?: ReactNode;
  /** The key that does the same outside the menu, shown at its end (`aria-keyshortcuts`). */
  shortcut?: string;
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
            role={choice.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
            aria-checked={choice.checked}
            aria-keyshortcuts={choice.shortcut}
            className="menu__item"
            style={choice.style}
            tabIndex={-1}
            onClick={choice.onChoose}
          >
            {choice.checked !== undefined && (
              <span className="menu__tick" aria-hidden="true">
                {choice.checked === true ? '✓' : choice.checked === 'mixed' ? '–' : ''}
              </span>
            )}
            {choice.before}
            {choice.label}
            {choice.shortcut && (
              <kbd className="menu__shortcut" aria-hidden="true">
                {choice.shortcut}
              </kbd>
            )}
          </button>
        </li>
      ))}
    </ul>
  );
}
