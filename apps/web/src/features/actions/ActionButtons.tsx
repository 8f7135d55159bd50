import type { MessageSummary } from '@tidings/protocol';
import { MoveMenu, type MoveDestination } from './MoveMenu.tsx';
import { allFlagged, anyUnread } from './targetState.ts';

/** What the action buttons (and the keyboard) ask of the app. */
export interface MailCommands {
  archive(): void;
  /** To Trash; in Trash, after a confirmation, for good. */
  delete(): void;
  moveTo(path: string): void;
  setRead(read: boolean): void;
  setFlagged(flagged: boolean): void;
  /** To Junk (`true`), or from Junk back to the Inbox. */
  reportJunk(junk: boolean): void;
}

interface ActionButtonsProps {
  /** The messages acted on (the open one, or the selection). */
  targets: readonly MessageSummary[];
  commands: MailCommands;
  destinations: () => MoveDestination[];
  /** False in the Archive folder itself. */
  canArchive: boolean;
  /** The open folder is Junk: "Not junk" instead of "Junk". */
  inJunk: boolean;
}

export function ActionButtons({
  targets,
  commands,
  destinations,
  canArchive,
  inJunk,
}: ActionButtonsProps) {
  const unread = anyUnread(targets);
  const flagged = allFlagged(targets);
  const none = targets.length === 0;
  return (
    <>
      {canArchive && (
        <button
          type="button"
          className="button button--quiet"
          disabled={none}
          onClick={() => commands.archive()}
        >
          Archive
        </button>
      )}
      <button
        type="button"
        className="button button--quiet"
        disabled={none}
        onClick={() => commands.delete()}
      >
        Delete
      </button>
      <button
        type="button"
        className="button button--quiet"
        disabled={none}
        title={inJunk ? 'Back to the Inbox (!)' : 'Move to Junk (!)'}
        onClick={() => commands.reportJunk(!inJunk)}
      >
        {inJunk ? 'Not junk' : 'Junk'}
      </button>
      <MoveMenu
        destinations={destinations}
        onMove={(path) => commands.moveTo(path)}
        disabled={none}
      />
      <button
        type="button"
        className="button button--quiet"
        disabled={none}
        onClick={() => commands.setRead(unread)}
      >
        {unread ? 'Mark as read' : 'Mark as unread'}
      </button>
      <button
        type="button"
        className="button button--quiet"
        disabled={none}
        onClick={() => commands.setFlagged(!flagged)}
      >
        {flagged ? 'Unflag' : 'Flag'}
      </button>
    </>
  );
}
