import { memo, type DragEvent, type MouseEvent } from 'react';
import { Flag, hasFlag, type MessageSummary } from '@tidings/protocol';
import { TagChips } from '../tags/TagChips.tsx';
import { FlagIcon } from './FlagIcon.tsx';
import {
  formatFullDate,
  formatListDate,
  partyAddresses,
  partyLabel,
  subjectLabel,
  type RowParty,
} from './format.ts';
import { clickKind, type ClickKind } from './selection.ts';
import { ROW_HEIGHT_PX } from './viewport.ts';

export function rowId(uid: number): string {
  return `message-${uid}`;
}

/** The drag payload's type: only Tidings' own folder list takes it. */
export const DRAG_TYPE = 'application/x-tidings-messages';

interface MessageRowProps {
  message: MessageSummary;
  /** Whom the name column names (the recipients in Sent and Drafts). */
  party: RowParty;
  position: number;
  selected: boolean;
  /** Where the keyboard is while no message is open. */
  cursor: boolean;
  /** Came in by push just now: slides in. */
  arrived: boolean;
  /** Epoch ms, for "today" in the date column. */
  now: number;
  onClick: (uid: number, kind: ClickKind) => void;
  /** A drag of this row (and the selection with it) starts; returns how many messages go. */
  onDragStart: (uid: number) => number;
  onDragEnd: () => void;
}

export const MessageRow = memo(function MessageRow({
  message,
  party,
  position,
  selected,
  cursor,
  arrived,
  now,
  onClick,
  onDragStart,
  onDragEnd,
}: MessageRowProps) {
  const unread = !hasFlag(message.flags, Flag.Seen);
  const flagged = hasFlag(message.flags, Flag.Flagged);
  const className = [
    'row',
    unread && 'row--unread',
    selected && 'row--selected',
    cursor && 'row--cursor',
    arrived && 'row--arrived',
  ]
    .filter(Boolean)
    .join(' ');
  const name = partyLabel(message, party);

  function handleClick(event: MouseEvent<HTMLDivElement>) {
    // Shift-click would otherwise also select the text between the rows.
    if (event.shiftKey) window.getSelection()?.removeAllRanges();
    onClick(message.uid, clickKind(event));
  }

  function handleDragStart(event: DragEvent<HTMLDivElement>) {
    const count = onDragStart(message.uid);
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData(DRAG_TYPE, String(count));
    event.dataTransfer.setData(
      'text/plain',
      count === 1 ? subjectLabel(message) : `${count.toLocaleString()} messages`,
    );
  }

  return (
    <div
      role="row"
      id={rowId(message.uid)}
      className={className}
      style={{ top: position * ROW_HEIGHT_PX }}
      aria-rowindex={position + 1}
      aria-selected={selected}
      data-uid={message.uid}
      data-unread={unread ? 'true' : 'false'}
      data-flagged={flagged ? 'true' : 'false'}
      draggable
      onClick={handleClick}
      onDragStart={handleDragStart}
      onDragEnd={onDragEnd}
    >
      <div role="gridcell" className="row__from" title={partyAddresses(message, party)}>
        <span className="row__dot" aria-hidden="true" />
        {unread && <span className="visually-hidden">Unread, </span>}
        {name}
      </div>{' '}
      <div role="gridcell" className="row__meta">
        {flagged && <FlagIcon />}
        <time dateTime={message.date} title={formatFullDate(message.date)}>
          {formatListDate(message.date, new Date(now))}
        </time>
      </div>{' '}
      <div role="gridcell" className="row__text">
        <TagChips flags={message.flags} />
        <span className="row__subject">{subjectLabel(message)}</span>
        {message.preview && <span className="row__preview"> {message.preview}</span>}
      </div>
    </div>
  );
});

/** A position whose summary is not loaded yet. */
export const SkeletonRow = memo(function SkeletonRow({ position }: { position: number }) {
  return (
    <div
      role="row"
      className="row row--skeleton"
      style={{ top: position * ROW_HEIGHT_PX }}
      aria-rowindex={position + 1}
      aria-busy="true"
    >
      <div role="gridcell" className="row__skeleton">
        <span className="skeleton skeleton--short" />
        <span className="skeleton skeleton--long" />
      </div>
    </div>
  );
});
