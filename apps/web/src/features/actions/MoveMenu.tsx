import { useEffect, useState } from 'react';
import { MenuList } from './MenuList.tsx';
import { ToolButton } from './ToolButton.tsx';
import { useMenuButton } from './useMenuButton.ts';

export interface MoveDestination {
  path: string;
  label: string;
  depth: number;
}

interface MoveMenuProps {
  /**
   * The folders the messages can go to, or null while the folder list has not come yet. Read
   * when the menu opens and kept while it is open, so it does not shift under the pointer; a
   * menu opened before the list came fills in when it does.
   */
  destinations: () => MoveDestination[] | null;
  onMove: (path: string) => void;
  disabled?: boolean;
}

/** The menu's state: shut, open waiting for the folder list, or open on the folders read. */
type MenuState = MoveDestination[] | 'loading' | null;

/** "Move to": a button and a menu of the folders the messages can go to. */
export function MoveMenu({ destinations, onMove, disabled = false }: MoveMenuProps) {
  const [open, setOpen] = useState<MenuState>(null);
  const { rootRef, buttonRef, menuRef, menuId, onMenuKey } = useMenuButton(open, setOpen, null);
  const arrived = open === 'loading' ? destinations() : null;
  // The list came while the menu was open: it is read now, and kept (set during render, as
  // React suggests for state that follows props).
  if (arrived) setOpen(arrived);

  useEffect(() => {
    // The list filled an open menu: its first folder takes the focus, as on opening.
    if (Array.isArray(open) && rootRef.current?.contains(document.activeElement)) {
      menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    }
  }, [open, rootRef, menuRef]);

  const shown = Array.isArray(open) ? open : [];
  return (
    <div className="menu" ref={rootRef}>
      <ToolButton
        buttonRef={buttonRef}
        icon="move"
        label="Move to"
        title="Move to a folder"
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-controls={open ? menuId : undefined}
        disabled={disabled}
        onClick={() => setOpen(open ? null : (destinations() ?? 'loading'))}
      />
      {open && (
        <MenuList
          menuRef={menuRef}
          menuId={menuId}
          onMenuKey={onMenuKey}
          label="Move to folder"
          empty={open === 'loading' ? 'Loading folders…' : 'No other folders'}
          choices={shown.map((destination) => ({
            key: destination.path,
            label: destination.label,
            style: { paddingInlineStart: 12 + destination.depth * 14 },
            onChoose: () => {
              setOpen(null);
              onMove(destination.path);
            },
          }))}
        />
      )}
    </div>
  );
}
