import type { MailboxCounts } from '@tidings/protocol';
import type { MailboxState, MessageFlags, RemovedMessage } from './mailbox-state.ts';

export interface MailboxDiff {
  /** Removed messages, highest position first, each position as before any removal. */
  removed: RemovedMessage[];
  /** Messages the state did not have, ascending UID. */
  added: MessageFlags[];
  /** Messages whose flags differ, with the server's flags. */
  changed: MessageFlags[];
  /** The counts once the removals are applied, and once the flag changes are too. */
  countsAfter: { removed: MailboxCounts; changed: MailboxCounts };
}

/**
 * Brings `state` to the server's truth after a reconnect and returns only the differences, for
 * the browser. `uids` is every UID the mailbox has now; `flags` holds the flags of at least
 * every message that is new or changed (all of them without CONDSTORE, or those FETCH
 * CHANGEDSINCE returned with it). Applies the diff to `state`: removals, then flag changes,
 * then additions, the order the browser is told of them in.
 */
export function reconcile(
  state: MailboxState,
  uids: readonly number[],
  flags: readonly MessageFlags[],
): MailboxDiff {
  const present = new Set(uids);
  const removed = state.removeMany(state.allUids().filter((uid) => !present.has(uid)));
  const afterRemoved = state.counts();
  const changed: MessageFlags[] = [];
  const fresh = new Map<number, MessageFlags>();
  for (const message of flags) {
    if (!present.has(message.uid)) continue;
    if (state.has(message.uid)) {
      const update = state.setFlags(message.uid, message.flags);
      if (update) changed.push(update);
    } else {
      fresh.set(message.uid, message);
    }
  }
  for (const uid of uids) {
    if (!state.has(uid) && !fresh.has(uid)) fresh.set(uid, { uid, flags: [] });
  }
  const afterChanged = state.counts();
  const added = state.add(fresh.values());
  return { removed, added, changed, countsAfter: { removed: afterRemoved, changed: afterChanged } };
}
