import { useMemo, type CSSProperties } from 'react';
import type { MailboxInfo } from '@tidings/protocol';
import { FolderIcon } from './FolderIcon.tsx';
import { isInbox, orderFolders } from './folderTree.ts';

interface FolderListProps {
  mailboxes: MailboxInfo[] | null;
  current: string;
  error: string | null;
  onOpen: (path: string) => void;
}

export function FolderList({ mailboxes, current, error, onOpen }: FolderListProps) {
  const entries = useMemo(() => (mailboxes ? orderFolders(mailboxes) : []), [mailboxes]);
  return (
    <nav className="folders" aria-label="Folders">
      {error && <p className="folders__error">{error}</p>}
      {!mailboxes && !error && <p className="folders__loading">Loading folders…</p>}
      <ul className="folders__list">
        {entries.map(({ mailbox, label, depth }) => {
          const active = mailbox.path === current || (isInbox(mailbox) && current === 'INBOX');
          return (
            <li key={mailbox.path}>
              <button
                type="button"
                className={`folder${active ? ' folder--active' : ''}${mailbox.unread > 0 ? ' folder--unread' : ''}`}
                style={{ '--depth': depth } as CSSProperties}
                aria-current={active ? 'true' : undefined}
                disabled={!mailbox.selectable}
                onClick={() => onOpen(mailbox.path)}
              >
                <FolderIcon role={isInbox(mailbox) ? 'inbox' : mailbox.role} />
                <span className="folder__name">{label}</span>{' '}
                {mailbox.unread > 0 && (
                  <span className="folder__count">
                    {mailbox.unread}
                    <span className="visually-hidden"> unread</span>
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
