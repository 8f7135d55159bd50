import { messageCount } from '../messages/moveActions.ts';

/** What a ConfirmDialog asks before an action. */
export interface Question {
  title: string;
  message: string;
  confirmLabel: string;
}

/** A question, and the action it guards: done only when the user confirms. */
export interface Confirmation extends Question {
  run: () => void;
}

/** Deleting from Trash is for good. */
export function deleteForeverQuestion(count: number): Question {
  return {
    title: 'Delete forever?',
    message: `${messageCount(count)} will be deleted for good. This cannot be undone.`,
    confirmLabel: 'Delete forever',
  };
}

/**
 * Before an action (`label`: "Move to Trash", "Mark as read", "Tag as Work") on messages
 * selected past the rows on screen (a whole folder, thousands the user has not seen).
 */
export function unseenRowsQuestion(label: string, count: number, folder: string): Question {
  return {
    title: `Act on ${messageCount(count)}?`,
    message: `${label}: all ${messageCount(count)} selected in ${folder}, not only those on screen.`,
    confirmLabel: label,
  };
}
