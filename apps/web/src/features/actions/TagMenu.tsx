import { useState } from 'react';
import { TAGS, type Tag } from '@tidings/protocol';
import { tagClass, tagCoverage } from '../tags/tagState.ts';
import { MenuList } from './MenuList.tsx';
import { ToolButton } from './ToolButton.tsx';
import type { TargetRows } from './targetState.ts';
import { useMenuButton } from './useMenuButton.ts';

interface TagMenuProps {
  /** The messages acted on: each tag's tick says whether all, some or none of them have it. */
  targets: TargetRows;
  /** Puts the tag on every target, or takes it off every one (TagMenu decides: tagState.ts). */
  onToggle: (tag: Tag) => void;
  disabled?: boolean;
}

/** "Tag": a button and a menu of the five tags, ticked where the messages carry them. */
export function TagMenu({ targets, onToggle, disabled = false }: TagMenuProps) {
  const [open, setOpen] = useState(false);
  const { rootRef, buttonRef, menuRef, menuId, close, onMenuKey } = useMenuButton(
    open,
    setOpen,
    false,
  );

  return (
    <div className="menu" ref={rootRef}>
      <ToolButton
        buttonRef={buttonRef}
        icon="tag"
        label="Tag"
        title="Tag (1 to 5, 0 takes all off)"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        disabled={disabled}
        onClick={() => setOpen(!open)}
      />
      {open && (
        <MenuList
          menuRef={menuRef}
          menuId={menuId}
          onMenuKey={onMenuKey}
          label="Tags"
          choices={TAGS.map((tag, index) => ({
            key: tag.keyword,
            label: tag.name,
            checked: tagCoverage(targets.rows, tag.keyword, targets.unloaded),
            before: <span className={`tag__dot ${tagClass(tag)}`} aria-hidden="true" />,
            shortcut: String(index + 1),
            onChoose: () => {
              close();
              onToggle(tag);
            },
          }))}
        />
      )}
    </div>
  );
}
