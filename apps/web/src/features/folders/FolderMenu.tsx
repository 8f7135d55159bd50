import { useState } from 'react';
import { MenuList } from '../actions/MenuList.tsx';
import { useMenuButton } from '../actions/useMenuButton.ts';

interface FolderMenuProps {
  /** The folder as the list shows it. */
  label: string;
  /** The menu's items, in order (folderManagement.folderActions). */
  items: { label: string; onChoose: () => void }[];
}

/** The small "⋯" button beside a folder, and its menu (Rename or move, Delete; Empty). */
export function FolderMenu({ label, items }: FolderMenuProps) {
  const [open, setOpen] = useState(false);
  const { rootRef, buttonRef, menuRef, menuId, close, onMenuKey } = useMenuButton(
    open,
    setOpen,
    false,
  );
  const name = `Folder actions: ${label}`;

  /** The focus goes back to this button first, so the dialog hands it back here on closing. */
  function choose(action: () => void) {
    close();
    action();
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
        <MenuList
          menuRef={menuRef}
          menuId={menuId}
          onMenuKey={onMenuKey}
          label={name}
          choices={items.map((item) => ({
            key: item.label,
            label: item.label,
            onChoose: () => choose(item.onChoose),
          }))}
        />
      )}
    </div>
  );
}
