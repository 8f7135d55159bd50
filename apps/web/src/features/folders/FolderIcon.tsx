import type { MailboxRole } from '@tidings/protocol';
import { OutlineIcon } from '../../lib/OutlineIcon.tsx';

/** Outline icons on a 24-unit grid, one per special-use role, a folder for the rest. */
const PATHS: Record<MailboxRole | 'folder', string> = {
  inbox: 'M3 13h5l2 3h4l2-3h5M5 5h14l2 8v6H3v-6z',
  drafts: 'M4 20h4L19 9l-4-4L4 16zM13 7l4 4',
  sent: 'M21 3 10 14M21 3l-7 18-4-7-7-4z',
  archive: 'M3 4h18v4H3zM5 8v12h14V8M10 12h4',
  junk: 'M12 3 3 20h18zM12 10v4M12 17v.5',
  trash: 'M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13',
  all: 'M4 6h16M4 12h16M4 18h16',
  flagged: 'M5 21V4h11l-2 4 2 4H5',
  folder: 'M3 6h6l2 2h10v11H3z',
};

export function FolderIcon({ role }: { role: MailboxRole | null }) {
  return <OutlineIcon className="folder__icon" size={16} path={PATHS[role ?? 'folder']} />;
}
