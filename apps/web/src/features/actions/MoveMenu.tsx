import { useState } from 'react';
import { useMenuButton } from './useMenuButton.ts';

export interface MoveDestination {
  path: string;
  label: string;
  depth: number;
}

interface MoveMenuProps {
  /** Read when the menu opens: it does not shift under the pointer while it is open. */
  destinations: () => MoveDestination[];
  onMove: (path: string) => void;
  disabled?: boolean;
}

/** "Move to": a button and a menu of the folders the messages can go to. */
export function MoveMenu({ destinations, onMove, disabled = false }: MoveMenuProps) {
  const [open, setOpen] = useState<MoveDestination[] | null>(null);
  const { rootRef, buttonRef, menuRef, menuId, onMenuKey } = useMenuButton(open, setOpen, null);

  return (
    <div className="menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="button button--quiet"
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-controls={open ? menuId : undefined}
        disabled={disabled}
        onClick={() => setOpen(open ? null : destinations())}
      >
        Move to
      </button>
      {open && (
        <ul
          ref={menuRef}
          id={menuId}
          className="menu__list"
          role="menu"
          aria-label="Move to folder"
          onKeyDown={onMenuKey}
        >
          {open.length === 0 && (
            <li role="none" className="menu__empty">
              No other folders
            </li>
          )}
          {open.map((destination) => (
            <li key={destination.path} role="none">
              <button
                type="button"
                role="menuitem"
                className="menu__item"
                style={{ paddingInlineStart: 12 + destination.depth * 14 }}
                tabIndex={-1}
                onClick={() => {
                  setOpen(null);
                  onMove(destination.path);
                }}
              >
                {destination.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
