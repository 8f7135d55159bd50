import type { MailboxState, MessageFlags, RemovedMessage } from './mailbox-state.ts';

export interface MailboxDiff {
  /** Removed messages, highest position first, each position as before any removal. */
  removed: RemovedMessage[];
  /** Messages the state did not have, ascending UID. */
  added: MessageFlags[];
  /** Messages whose flags differ, with the server's flags. */
  changed: MessageFlags[];
}

/**
 * Brings `state` to the server's truth (every UID with its flags, as after a reconnect without
 * QRESYNC) and returns only the differences, for the browser. Applies the diff to `state`.
 */
export function reconcile(state: MailboxState, truth: readonly MessageFlags[]): MailboxDiff {
  const truthUids = new Set(truth.map((m) => m.uid));
  const removed: RemovedMessage[] = [];
  // Ascending UID = descending position, so each removal leaves the others' positions intact.
  const gone = state.allUids().filter((uid) => !truthUids.has(uid));
  const positions = new Map(gone.map((uid) => [uid, state.positionOf(uid)]));
  for (const uid of gone) {
    if (state.remove(uid)) removed.push({ uid, position: positions.get(uid)! });
  }
  const changed: MessageFlags[] = [];
  const fresh: MessageFlags[] = [];
  for (const message of truth) {
    if (state.has(message.uid)) {
      const update = state.setFlags(message.uid, message.flags);
      if (update) changed.push(update);
    } else {
      fresh.push(message);
    }
  }
  const added = state.add(fresh);
  return { removed, added, changed };
}
