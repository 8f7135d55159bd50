import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { menuKey } from './menuKeys.ts';

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
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(null);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  function close() {
    setOpen(null);
    buttonRef.current?.focus();
  }

  function onMenuKey(event: KeyboardEvent<HTMLUListElement>) {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const index = items.indexOf(document.activeElement as HTMLElement);
    const move = menuKey(event.key, index, items.length);
    if (move === null) return;
    event.preventDefault();
    if (move === 'close') close();
    else items[move]?.focus();
  }

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
