import type { Tag } from '@tidings/protocol';
import { Command, withShortcut } from '../keyboard/shortcuts.ts';
import { MoveMenu, type MoveDestination } from './MoveMenu.tsx';
import { TagMenu } from './TagMenu.tsx';
import { ToolButton } from './ToolButton.tsx';
import { allFlagged, anyUnread, type TargetRows } from './targetState.ts';

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
  /** Puts the tag on every message, or takes it off where all have it (tagState.ts). */
  toggleTag(tag: Tag): void;
}

interface ActionButtonsProps {
  /** The messages acted on (the open one, or the selection). */
  targets: TargetRows;
  commands: MailCommands;
  destinations: () => MoveDestination[] | null;
  /** False in the Archive folder itself. */
  canArchive: boolean;
  /** False in Sent and Drafts: the user's own mail. */
  canReportJunk: boolean;
  /** The open folder is Junk: "Not junk" instead of "Junk". */
  inJunk: boolean;
}

export function ActionButtons({
  targets,
  commands,
  destinations,
  canArchive,
  canReportJunk,
  inJunk,
}: ActionButtonsProps) {
  const unread = anyUnread(targets);
  const flagged = allFlagged(targets);
  const none = targets.rows.length + targets.unloaded === 0;
  return (
    <>
      {canArchive && (
        <ToolButton
          icon="archive"
          label="Archive"
          title={withShortcut('Archive', Command.Archive)}
          disabled={none}
          onClick={() => commands.archive()}
        />
      )}
      <ToolButton
        icon="delete"
        label="Delete"
        title={withShortcut('Delete', Command.Delete)}
        disabled={none}
        onClick={() => commands.delete()}
      />
      {canReportJunk && (
        <ToolButton
          icon={inJunk ? 'notJunk' : 'junk'}
          label={inJunk ? 'Not junk' : 'Junk'}
          title={withShortcut(inJunk ? 'Back to the Inbox' : 'Move to Junk', Command.Junk)}
          disabled={none}
          onClick={() => commands.reportJunk(!inJunk)}
        />
      )}
      <MoveMenu
        destinations={destinations}
        onMove={(path) => commands.moveTo(path)}
        disabled={none}
      />
      <ToolButton
        icon={unread ? 'markRead' : 'markUnread'}
        label={unread ? 'Mark as read' : 'Mark as unread'}
        title={withShortcut(
          unread ? 'Mark as read' : 'Mark as unread',
          unread ? Command.MarkRead : Command.MarkUnread,
        )}
        disabled={none}
        onClick={() => commands.setRead(unread)}
      />
      <ToolButton
        icon={flagged ? 'unflag' : 'flag'}
        label={flagged ? 'Unflag' : 'Flag'}
        title={withShortcut(flagged ? 'Unflag' : 'Flag', Command.ToggleFlag)}
        disabled={none}
        onClick={() => commands.setFlagged(!flagged)}
      />
      <TagMenu targets={targets} onToggle={(tag) => commands.toggleTag(tag)} disabled={none} />
    </>
  );
}
