import type { ButtonHTMLAttributes, Ref } from 'react';
import { OutlineIcon } from '../../lib/OutlineIcon.tsx';

/** Outline icons (as FolderIcon's), one per action of a toolbar. */
const PATHS = {
  reply: 'M9 14 4 9l5-5M4 9h10a6 6 0 0 1 6 6v5',
  replyAll: 'M8 14 3 9l5-5M13 14 8 9l5-5M8 9h7a6 6 0 0 1 6 6v5',
  forward: 'M15 14l5-5-5-5M20 9H10a6 6 0 0 0-6 6v5',
  archive: 'M3 4h18v4H3zM5 8v12h14V8M10 12h4',
  delete: 'M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13M10 11v6M14 11v6',
  junk: 'M12 3 3 20h18zM12 10v4M12 17v.5',
  notJunk: 'M3 13h5l2 3h4l2-3h5M5 5h14l2 8v6H3v-6z',
  move: 'M3 6h6l2 2h10v11H3zM9 13.5h7M13.5 11l2.5 2.5-2.5 2.5',
  markRead: 'M3 10l9-6 9 6v10H3zM3 10l9 6 9-6',
  markUnread: 'M3 6h18v12H3zM3 6l9 7 9-7',
  flag: 'M5 21V4h11l-2 4 2 4H5',
  unflag: 'M5 21V4h11l-2 4 2 4H5M3 3l18 18',
  print: 'M7 9V3h10v6M7 17H4V9h16v8h-3M7 14h10v7H7z',
  tag: 'M3 12V3h9l9 9-9 9zM7.5 7.5h.01',
} as const;

export type ToolIcon = keyof typeof PATHS;

interface ToolButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children'> {
  icon: ToolIcon;
  /** The button's name: shown beside the icon where the toolbar has room, always its tooltip. */
  label: string;
  buttonRef?: Ref<HTMLButtonElement>;
}

/**
 * A toolbar button: an icon and its name. Where the toolbar is narrow (a container query in
 * tool-button.css) the name is hidden from sight but not from assistive technology, so it
 * stays the button's accessible name, and the tooltip shows it. The name is the button's text,
 * not an aria-label: `getByLabel('To')` must find the composer's To field alone, not "Move to".
 */
export function ToolButton({ icon, label, title, buttonRef, className, ...rest }: ToolButtonProps) {
  return (
    <button
      ref={buttonRef}
      type="button"
      className={`button button--quiet tool-button${className ? ` ${className}` : ''}`}
      title={title ?? label}
      {...rest}
    >
      <OutlineIcon className="tool-button__icon" size={18} path={PATHS[icon]} />
      <span className="tool-button__label">{label}</span>
    </button>
  );
}
