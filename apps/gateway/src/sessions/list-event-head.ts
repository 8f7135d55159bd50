import type { MailboxState } from '../imap/mailbox-state.ts';

/**
 * What every list event of the watched mailbox (`message:added`, `message:expunged`,
 * `message:flagsChanged`) starts with: which mailbox, and its counts as they are now, after the
 * change (protocol 2: the folder list takes them from here, with no push of its own).
 */
export function listEventHead(state: MailboxState) {
  return { mailbox: state.path, uidValidity: state.uidValidity, ...state.counts() };
}
