import { Flag, hasFlag, type MessageSummary } from '@tidings/protocol';

/** Whether the buttons offer "Mark as read" (some are unread) or "Mark as unread". */
export function anyUnread(targets: readonly MessageSummary[]): boolean {
  return targets.some((message) => !hasFlag(message.flags, Flag.Seen));
}

/** Whether the buttons offer "Unflag" (all are flagged) or "Flag". */
export function allFlagged(targets: readonly MessageSummary[]): boolean {
  return targets.length > 0 && targets.every((message) => hasFlag(message.flags, Flag.Flagged));
}
