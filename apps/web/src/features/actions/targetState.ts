import { Flag, hasFlag, type MessageSummary } from '@tidings/protocol';

/**
 * The messages acted on as the buttons see them: the rows the tab has loaded, and how many
 * more it acts on without their rows (a whole folder selected past the rows shown), whose
 * flags it does not know.
 */
export interface TargetRows {
  rows: readonly MessageSummary[];
  unloaded: number;
  /** Some of the unloaded may be unread: the folder's unread count is not 0, or not known. */
  unloadedMayBeUnread: boolean;
}

/** Whether the buttons offer "Mark as read" (some are or may be unread) or "Mark as unread". */
export function anyUnread({ rows, unloaded, unloadedMayBeUnread }: TargetRows): boolean {
  return (
    rows.some((message) => !hasFlag(message.flags, Flag.Seen)) ||
    (unloaded > 0 && unloadedMayBeUnread)
  );
}

/** Whether the buttons offer "Unflag" (all are known to be flagged) or "Flag". */
export function allFlagged({ rows, unloaded }: TargetRows): boolean {
  return (
    unloaded === 0 &&
    rows.length > 0 &&
    rows.every((message) => hasFlag(message.flags, Flag.Flagged))
  );
}
