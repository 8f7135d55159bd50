import type { MessageAddedEvent, MessageExpungedEvent } from '@tidings/protocol';
import type { MessageWindowState, RowShift } from './messageWindow.ts';

// Pushes onto a list shown in another order than the live one (newest arrival first). The
// gateway sends every tab of the account the same events, so their positions are live-order
// positions and say nothing about where a message sits in this list: what can be applied by
// UID is, and what cannot marks the list stale, to be read again at the user's place.

/**
 * New mail: where it goes in this order is the server's to say, so the list is read again.
 * The total follows the event meanwhile, and the new UIDs are kept as `arrived` so that their
 * rows still get the arrival styling once that read brings them in.
 */
export function addedToSorted(
  state: MessageWindowState,
  event: MessageAddedEvent,
): MessageWindowState {
  const known = new Set(state.arrived);
  const fresh = event.messages.map((message) => message.uid).filter((uid) => !known.has(uid));
  return {
    ...state,
    seq: event.seq,
    total: event.total,
    arrived: [...state.arrived, ...fresh],
    stale: true,
  };
}

/**
 * Expunged mail leaves the loaded rows by UID. A message that is not loaded may have sat above
 * them, which would move them all up one place: only a list loaded from the very top knows it
 * did not, any other is marked stale and read again.
 */
export function expungedFromSorted(
  state: MessageWindowState,
  event: MessageExpungedEvent,
): MessageWindowState {
  const gone = new Set(event.removed.map((removed) => removed.uid));
  const removedPositions: number[] = [];
  const rows = state.rows.filter((row, index) => {
    if (!gone.has(row.uid)) return true;
    removedPositions.push(state.offset + index);
    return false;
  });
  const unplaced = gone.size - removedPositions.length;
  return {
    ...state,
    seq: event.seq,
    total: event.total,
    rows,
    arrived: state.arrived.filter((uid) => !gone.has(uid)),
    shift: removedPositions.length > 0 ? { inserted: 0, removedPositions } : state.shift,
    stale:
      state.stale || event.total !== state.total - gone.size || (unplaced > 0 && state.offset > 0),
  };
}

/**
 * A sorted list read again (after new mail, say) may have the row the user's viewport starts
 * at further down, with mail sorted in above it: told as rows inserted above, the view scrolls
 * along with it instead of the rows sliding under the user. Null when it did not move down
 * (or is no longer loaded).
 */
export function shiftAfterReread(
  before: MessageWindowState,
  after: MessageWindowState,
  top: number,
): RowShift | null {
  if (top < before.offset) return null;
  const uid = before.rows[top - before.offset]?.uid;
  if (uid === undefined) return null;
  const index = after.rows.findIndex((row) => row.uid === uid);
  if (index < 0) return null;
  const moved = after.offset + index - top;
  return moved > 0 ? { inserted: moved, removedPositions: [] } : null;
}
