import { useMemo, useState, type CSSProperties, type DragEvent } from 'react';
import type { MailboxInfo } from '@tidings/protocol';
import { DRAG_TYPE } from '../messages/MessageRow.tsx';
import { FolderIcon } from './FolderIcon.tsx';
import { folderActions, type FolderTask } from './folderManagement.ts';
import { FolderMenu } from './FolderMenu.tsx';
import { isInbox, orderFolders } from './folderTree.ts';

interface FolderListProps {
  mailboxes: MailboxInfo[] | null;
  current: string;
  error: string | null;
  onOpen: (path: string) => void;
  /** Whether messages being dragged may be dropped on this folder. */
  canDrop: (path: string) => boolean;
  onDrop: (path: string) => void;
  /** New folder, or an item of a folder's menu: opens its dialog. */
  onManage: (task: FolderTask) => void;
}

export function FolderList({
  mailboxes,
  current,
  error,
  onOpen,
  canDrop,
  onDrop,
  onManage,
}: FolderListProps) {
  const entries = useMemo(() => (mailboxes ? orderFolders(mailboxes) : []), [mailboxes]);
  const [dropTarget, setDropTarget] = useState<string | null>(null);

  function onDragOver(event: DragEvent<HTMLButtonElement>, mailbox: MailboxInfo) {
    if (!mailbox.selectable || !event.dataTransfer.types.includes(DRAG_TYPE)) return;
    if (!canDrop(mailbox.path)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    if (dropTarget !== mailbox.path) setDropTarget(mailbox.path);
  }
  return (
    <nav className="folders" aria-label="Folders">
      {error && <p className="folders__error">{error}</p>}
      {!mailboxes && !error && <p className="folders__loading">Loading folders…</p>}
      <ul className="folders__list">
        {entries.map(({ mailbox, label, depth, within }) => {
          const active = mailbox.path === current || (isInbox(mailbox) && current === 'INBOX');
          const actions = folderActions(mailbox);
          return (
            <li key={mailbox.path} className="folders__item">
              <button
                type="button"
                className={`folder${active ? ' folder--active' : ''}${mailbox.unread > 0 ? ' folder--unread' : ''}${dropTarget === mailbox.path ? ' folder--drop' : ''}`}
                style={{ '--depth': depth } as CSSProperties}
                aria-current={active ? 'true' : undefined}
                disabled={!mailbox.selectable}
                onClick={() => onOpen(mailbox.path)}
                onDragOver={(event) => onDragOver(event, mailbox)}
                onDragLeave={() => setDropTarget(null)}
                onDrop={(event) => {
                  event.preventDefault();
                  setDropTarget(null);
                  onDrop(mailbox.path);
                }}
              >
                <FolderIcon role={isInbox(mailbox) ? 'inbox' : mailbox.role} />
                <span className="folder__name">{label}</span>{' '}
                {within && <span className="visually-hidden">in {within} </span>}
                {mailbox.unread > 0 && (
                  <span className="folder__count">
                    {mailbox.unread}
                    <span className="visually-hidden"> unread</span>
                  </span>
                )}
              </button>
              {actions.length > 0 && (
                <FolderMenu
                  label={within ? `${label} in ${within}` : label}
                  items={actions.map((action) => ({
                    label: action.label,
                    onChoose: () => onManage({ kind: action.kind, mailbox }),
                  }))}
                />
              )}
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        className="button button--quiet folders__new"
        onClick={() => onManage({ kind: 'create' })}
      >
        <span aria-hidden="true">+</span>
        New folder
      </button>
    </nav>
  );
}
