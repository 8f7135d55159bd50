import { useState } from 'react';
import { MenuList } from './MenuList.tsx';
import { ToolButton } from './ToolButton.tsx';
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
      <ToolButton
        buttonRef={buttonRef}
        icon="move"
        label="Move to"
        title="Move to a folder"
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-controls={open ? menuId : undefined}
        disabled={disabled}
        onClick={() => setOpen(open ? null : destinations())}
      />
      {open && (
        <MenuList
          menuRef={menuRef}
          menuId={menuId}
          onMenuKey={onMenuKey}
          label="Move to folder"
          empty="No other folders"
          choices={open.map((destination) => ({
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
