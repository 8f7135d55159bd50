import { MAX_WINDOW, type Ack, type MessageWindow, type SortOrder } from '@tidings/protocol';
import { listMessages, openMailbox, type GatewaySocket } from '../../lib/socket.ts';
import { sortField } from '../sort/sortOptions.ts';
import type { PositionRange } from './messageWindow.ts';
import { pageRows, windowAround, WINDOW_PAGES } from './viewport.ts';

export interface ReopenRequest {
  mailbox: string;
  /** The order wanted (both requests ask for it). */
  sort: SortOrder;
  /** The positions on screen. */
  viewport: PositionRange;
  /** Answer with the window at the viewport rather than at the top (a resync keeps the place). */
  keepPlace: boolean;
  /** False once a newer re-open has started: the second request is then not worth sending. */
  stillWanted: () => boolean;
}

/**
 * `mailbox:open`, then, when the user's place is below the first window, `message:list` for the
 * window there, so nothing is replaced until the rows they were looking at are in hand.
 */
export async function reopenMailbox(
  socket: GatewaySocket,
  { mailbox, sort, viewport, keepPlace, stillWanted }: ReopenRequest,
): Promise<Ack<MessageWindow>> {
  const limit = Math.min(MAX_WINDOW, pageRows(viewport) * WINDOW_PAGES);
  const opened = await openMailbox(socket, { mailbox, limit, ...sortField(sort) });
  if (!opened.ok || !keepPlace || viewport.from === 0 || !stillWanted()) return opened;
  const want = windowAround(viewport, opened.data.total);
  if (want.from === 0) return opened;
  const placed = await listMessages(socket, {
    mailbox,
    uidValidity: opened.data.uidValidity,
    offset: want.from,
    limit: want.to - want.from,
    ...sortField(sort),
  });
  // The top window is still a consistent answer if the one at the user's place failed.
  return placed.ok ? placed : opened;
}
