import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { menuKey } from '../actions/menuKeys.ts';

interface FolderMenuProps {
  /** The folder as the list shows it. */
  label: string;
  onRename: () => void;
  onDelete: () => void;
}

/** The small "⋯" button beside one of the user's folders, and its Rename / Delete menu. */
export function FolderMenu({ label, onRename, onDelete }: FolderMenuProps) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);
  const menuId = useId();
  const name = `Folder actions: ${label}`;

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  function close() {
    setOpen(false);
    buttonRef.current?.focus();
  }

  /** The focus goes back to this button first, so the dialog hands it back here on closing. */
  function choose(action: () => void) {
    close();
    action();
  }

  function onMenuKey(event: KeyboardEvent<HTMLUListElement>) {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const move = menuKey(
      event.key,
      items.indexOf(document.activeElement as HTMLElement),
      items.length,
    );
    if (move === null) return;
    event.preventDefault();
    if (move === 'close') close();
    else items[move]?.focus();
  }

  return (
    <div className="menu folder-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="folder-menu__button"
        aria-label={name}
        title="Folder actions"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen(!open)}
      >
        <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <circle cx="5" cy="12" r="1.8" fill="currentColor" />
          <circle cx="12" cy="12" r="1.8" fill="currentColor" />
          <circle cx="19" cy="12" r="1.8" fill="currentColor" />
        </svg>
      </button>
      {open && (
        <ul
          ref={menuRef}
          id={menuId}
          className="menu__list"
          role="menu"
          aria-label={name}
          onKeyDown={onMenuKey}
        >
          <li role="none">
            <button
              type="button"
              role="menuitem"
              className="menu__item"
              tabIndex={-1}
              onClick={() => choose(onRename)}
            >
              Rename folder…
            </button>
          </li>
          <li role="none">
            <button
              type="button"
              role="menuitem"
              className="menu__item"
              tabIndex={-1}
              onClick={() => choose(onDelete)}
            >
              Delete folder…
            </button>
          </li>
        </ul>
      )}
    </div>
  );
}
