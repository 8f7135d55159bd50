import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import { useNow } from '../../lib/useNow.ts';
import { positionOf, rowAt, type MessageWindowState, type RowShift } from './messageWindow.ts';
import { MessageRow, SkeletonRow, rowId } from './MessageRow.tsx';
import type { RowParty } from './format.ts';
import type { ClickKind } from './selection.ts';
import {
  ROW_HEIGHT_PX,
  renderRange,
  scrollTopToReveal,
  visibleRange,
  type ScrollMetrics,
} from './viewport.ts';

/** Dates say "today" by the clock; a minute is fine enough for that. */
const CLOCK_TICK_MS = 60_000;
/** Placeholder rows shown while a mailbox opens. */
const OPENING_ROWS = 8;

/** j and k work everywhere (features/keyboard); the arrows while the list has focus. */
const MOVE_KEYS: Record<string, number> = { ArrowDown: 1, ArrowUp: -1 };

/** A position to scroll into view; a new object for every request. */
export interface RevealRequest {
  position: number;
}

interface MessageListProps {
  list: MessageWindowState | null;
  /** Whom the rows name: senders, or recipients in Sent and Drafts. */
  party: RowParty;
  /** The message open in the reader. */
  selectedUid: number | null;
  /** Selected rows (the open one, or several for bulk actions). */
  checked: readonly number[];
  /** The row the keyboard is on. */
  anchor: number | null;
  /** Reports the positions on screen, so the rows there get loaded. */
  onViewport: (visible: { from: number; to: number }) => void;
  onRowClick: (uid: number, kind: ClickKind) => void;
  /** Moves the selection; returns the position to bring into view. */
  onMove: (delta: number) => number | null;
  onDragStart: (uid: number) => number;
  onDragEnd: () => void;
  /** Brings a position into view (after a keyboard move made elsewhere). */
  reveal: RevealRequest | null;
}

/**
 * The message grid, virtualised: a spacer as tall as the whole mailbox, and absolutely
 * placed rows for the visible positions only (plus overscan). Positions outside the loaded
 * window render as placeholders until their summaries arrive.
 */
export function MessageList({
  list,
  party,
  selectedUid,
  checked,
  anchor,
  onViewport,
  onRowClick,
  onMove,
  onDragStart,
  onDragEnd,
  reveal,
}: MessageListProps) {
  const scrollerRef = useRef<HTMLDivElement>(null);
  const [metrics, setMetrics] = useState<ScrollMetrics>({ scrollTop: 0, viewportHeight: 0 });
  const now = useNow(CLOCK_TICK_MS);

  const total = list?.total ?? 0;
  const visible = visibleRange(metrics, total);
  const rendered = renderRange(visible, total);

  const measure = useCallback(() => {
    const el = scrollerRef.current;
    if (!el) return;
    const next = { scrollTop: el.scrollTop, viewportHeight: el.clientHeight };
    // Only a change of the rows in view needs a render.
    setMetrics((previous) =>
      Math.floor(previous.scrollTop / ROW_HEIGHT_PX) ===
        Math.floor(next.scrollTop / ROW_HEIGHT_PX) &&
      Math.ceil((previous.scrollTop + previous.viewportHeight) / ROW_HEIGHT_PX) ===
        Math.ceil((next.scrollTop + next.viewportHeight) / ROW_HEIGHT_PX)
        ? previous
        : next,
    );
  }, []);

  useEffect(() => {
    const el = scrollerRef.current;
    if (!el) return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [measure]);

  const { from: visibleFrom, to: visibleTo } = visible;
  useEffect(() => {
    onViewport({ from: visibleFrom, to: visibleTo });
  }, [onViewport, visibleFrom, visibleTo]);

  // Keep the user's place when pushes move rows above it: messages added on top (or
  // expunged above the first visible row) would otherwise slide the list under them.
  const shift = list?.shift ?? null;
  const appliedShift = useRef<RowShift | null>(shift);
  useLayoutEffect(() => {
    const el = scrollerRef.current;
    if (!el || !shift || shift === appliedShift.current) return;
    appliedShift.current = shift;
    if (el.scrollTop <= 0) return;
    const firstVisible = Math.floor(el.scrollTop / ROW_HEIGHT_PX);
    const removedAbove = shift.removedPositions.filter((p) => p < firstVisible).length;
    const delta = (shift.inserted - removedAbove) * ROW_HEIGHT_PX;
    if (delta !== 0) el.scrollTop += delta;
  }, [shift]);

  const scrollTo = useCallback((position: number | null) => {
    const el = scrollerRef.current;
    if (position === null || !el) return;
    el.scrollTop = scrollTopToReveal(position, {
      scrollTop: el.scrollTop,
      viewportHeight: el.clientHeight,
    });
  }, []);

  useLayoutEffect(() => {
    if (reveal) scrollTo(reveal.position);
  }, [reveal, scrollTo]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const delta = MOVE_KEYS[event.key];
    if (delta === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    scrollTo(onMove(delta));
  }

  const checkedSet = new Set(checked);

  const rows = [];
  if (list) {
    for (let position = rendered.from; position < rendered.to; position += 1) {
      const message = rowAt(list, position);
      rows.push(
        message ? (
          <MessageRow
            key={message.uid}
            message={message}
            party={party}
            position={position}
            selected={message.uid === selectedUid || checkedSet.has(message.uid)}
            cursor={selectedUid === null && checked.length === 0 && message.uid === anchor}
            arrived={list.arrived.includes(message.uid)}
            now={now}
            onClick={onRowClick}
            onDragStart={onDragStart}
            onDragEnd={onDragEnd}
          />
        ) : (
          <SkeletonRow key={`pending-${position}`} position={position} />
        ),
      );
    }
  } else {
    for (let position = 0; position < OPENING_ROWS; position += 1) {
      rows.push(<SkeletonRow key={`pending-${position}`} position={position} />);
    }
  }

  const selectedPosition = list && selectedUid !== null ? positionOf(list, selectedUid) : undefined;
  const activeDescendant =
    selectedPosition !== undefined &&
    selectedPosition >= rendered.from &&
    selectedPosition < rendered.to &&
    selectedUid !== null
      ? rowId(selectedUid)
      : undefined;

  return (
    <div
      ref={scrollerRef}
      className="messages"
      role="grid"
      aria-label="Messages"
      aria-rowcount={list ? total : -1}
      aria-busy={list ? undefined : true}
      aria-activedescendant={activeDescendant}
      aria-multiselectable="true"
      tabIndex={0}
      onScroll={measure}
      onKeyDown={onKeyDown}
    >
      <div
        role="rowgroup"
        className="messages__spacer"
        style={{ height: (list ? total : OPENING_ROWS) * ROW_HEIGHT_PX }}
      >
        {rows}
      </div>
    </div>
  );
}
