import {
  NEWEST_FIRST,
  isNewestFirst,
  sameSort,
  type MessageAddedEvent,
  type MessageExpungedEvent,
  type MessageFlagsChangedEvent,
  type MessageSummary,
  type MessageWindow,
  type SortOrder,
} from '@tidings/protocol';
import { addedToSorted, expungedFromSorted, shiftAfterReread } from './sortedWindow.ts';

/**
 * The loaded part of one mailbox's message list, in display order (position 0 = newest, or
 * first in `sort`).
 *
 * Only a contiguous slice is ever held — `rows[i]` sits at position `offset + i` — so a
 * mailbox of 100,000 messages costs a few pages of memory; every other position is a
 * placeholder until it is fetched.
 */
export interface MessageWindowState {
  mailbox: string;
  uidValidity: number;
  /** Messages in the mailbox. */
  total: number;
  /** Display position of `rows[0]`. */
  offset: number;
  rows: readonly MessageSummary[];
  /**
   * The order the rows are in, as the gateway answered it (newest first when it did not say).
   * Pushes speak of positions in that order only; in any other they are applied by UID.
   */
  sort: SortOrder;
  /** The highest account event seq reflected here: events at or below it are already in. */
  seq: number;
  /**
   * UIDs the latest `message:added` push brought in, for the arrival animation (a sorted list
   * keeps those of every push until it is read again, as it cannot place them itself).
   */
  arrived: readonly number[];
  /** The latest change that moved rows already on screen, for scroll-position keeping. */
  shift: RowShift | null;
  /**
   * An event contradicted what is loaded (a UID not at the position the server named, a total
   * that does not add up, a uidValidity change): the window must be fetched again.
   */
  stale: boolean;
}

/**
 * Rows moved by a push: `inserted` new rows at the top, rows removed at `removedPositions`.
 * A new object per event, so a view applies each one exactly once (by identity).
 */
export interface RowShift {
  inserted: number;
  /** Positions (as they were just before the event) of the removed rows. */
  removedPositions: readonly number[];
}

/** A push that changes a mailbox's message list, tagged by the event it came as. */
export type MailboxEvent =
  | { type: 'added'; event: MessageAddedEvent }
  | { type: 'expunged'; event: MessageExpungedEvent }
  | { type: 'flagsChanged'; event: MessageFlagsChangedEvent };

/** A span of positions, `from` inclusive, `to` exclusive. */
export interface PositionRange {
  from: number;
  to: number;
}

export function windowFromResponse(window: MessageWindow): MessageWindowState {
  const state: MessageWindowState = {
    mailbox: window.mailbox,
    uidValidity: window.uidValidity,
    total: window.total,
    offset: window.offset,
    rows: window.messages,
    sort: window.sort ?? NEWEST_FIRST,
    seq: window.seq,
    arrived: [],
    shift: null,
    stale: false,
  };
  return clampToTotal(state);
}

/** Positions `[offset, offset + rows.length)` that hold a loaded summary. */
export function loadedRange(state: MessageWindowState): PositionRange {
  return { from: state.offset, to: state.offset + state.rows.length };
}

export function rowAt(state: MessageWindowState, position: number): MessageSummary | undefined {
  if (position < state.offset) return undefined;
  return state.rows[position - state.offset];
}

export function positionOf(state: MessageWindowState, uid: number): number | undefined {
  const index = state.rows.findIndex((row) => row.uid === uid);
  return index < 0 ? undefined : state.offset + index;
}

/** Whether every position of `range` (clamped to the mailbox) is loaded. */
export function covers(state: MessageWindowState, range: PositionRange): boolean {
  const from = Math.max(0, range.from);
  const to = Math.min(state.total, range.to);
  if (to <= from) return true;
  return from >= state.offset && to <= state.offset + state.rows.length;
}

/**
 * Applies one account event. The seq rule: an event at or below `state.seq` is already
 * reflected and changes nothing. Events for another mailbox only advance `seq` — nothing in
 * this list depends on them — so that a window fetched later can be compared by seq alone.
 */
export function applyMailboxEvent(
  state: MessageWindowState,
  mailboxEvent: MailboxEvent,
): MessageWindowState {
  const { event } = mailboxEvent;
  if (event.seq <= state.seq) return state;
  if (event.mailbox !== state.mailbox) return { ...state, seq: event.seq };
  if (event.uidValidity !== state.uidValidity) return { ...state, seq: event.seq, stale: true };
  const live = isNewestFirst(state.sort);
  switch (mailboxEvent.type) {
    case 'added':
      return live
        ? applyAdded(state, mailboxEvent.event)
        : addedToSorted(state, mailboxEvent.event);
    case 'expunged':
      return clampToTotal(
        live
          ? applyExpunged(state, mailboxEvent.event)
          : expungedFromSorted(state, mailboxEvent.event),
      );
    case 'flagsChanged':
      return applyFlagsChanged(state, mailboxEvent.event);
  }
}

/** Advances `seq` for an account event that does not touch the list (counts, other mailboxes). */
export function noteSeq(state: MessageWindowState, seq: number): MessageWindowState {
  return seq > state.seq ? { ...state, seq } : state;
}

function applyAdded(state: MessageWindowState, event: MessageAddedEvent): MessageWindowState {
  // Listed or not, the new messages take positions 0..n-1.
  const added = event.messages.length + (event.unlisted ?? 0);
  // A window that starts at the top takes the listed ones in (only those, where some are not
  // listed: the old rows are now below the unlisted, read again when scrolled to); any other
  // window keeps its rows, which now sit n positions further down.
  const atTop = state.offset === 0;
  const rows = event.unlisted ? event.messages : [...event.messages, ...state.rows];
  // A message older than the newest row loaded belongs among or below the rows, not above them
  // (one a resync found that the gateway had missed while its connection was down): at the top
  // or scrolled away, the rows are asked again.
  const newest = state.rows[0]?.uid;
  const consistent =
    event.total === state.total + added &&
    (newest === undefined || event.messages.every((message) => message.uid > newest));
  const next: MessageWindowState = {
    ...state,
    seq: event.seq,
    total: event.total,
    offset: atTop ? 0 : state.offset + added,
    rows: atTop ? rows : state.rows,
    arrived: event.messages.map((message) => message.uid),
    shift: { inserted: added, removedPositions: [] },
    stale: state.stale || !consistent,
  };
  return clampToTotal(next);
}

function applyExpunged(state: MessageWindowState, event: MessageExpungedEvent): MessageWindowState {
  // Positions are as they were before this event; going from the highest down means each
  // removal leaves the positions still to be processed where they were.
  const removed = [...event.removed].sort((a, b) => b.position - a.position);
  let offset = state.offset;
  const rows = [...state.rows];
  // Looked up once per removal below the rows: emptying a Trash of 1,000,000 is one event.
  const loaded = new Set(state.rows.map((row) => row.uid));
  let stale = state.stale || event.total !== state.total - removed.length;
  for (const { uid, position } of removed) {
    if (position < offset) {
      offset -= 1;
    } else if (position < offset + rows.length) {
      const index = position - offset;
      if (rows[index]?.uid === uid) {
        rows.splice(index, 1);
      } else {
        stale = true;
        const actual = rows.findIndex((row) => row.uid === uid);
        if (actual >= 0) rows.splice(actual, 1);
      }
    } else if (loaded.has(uid)) {
      // The server places it below the loaded rows, yet it is among them.
      stale = true;
    }
  }
  const removedUids = new Set(removed.map((r) => r.uid));
  const next: MessageWindowState = {
    ...state,
    seq: event.seq,
    total: event.total,
    offset,
    rows,
    arrived: state.arrived.filter((uid) => !removedUids.has(uid)),
    shift: { inserted: 0, removedPositions: removed.map((r) => r.position) },
    stale,
  };
  return next;
}

function applyFlagsChanged(
  state: MessageWindowState,
  event: MessageFlagsChangedEvent,
): MessageWindowState {
  const flagsByUid = new Map(event.changes.map((change) => [change.uid, change.flags]));
  const rows = state.rows.map((row) => {
    const flags = flagsByUid.get(row.uid);
    return flags === undefined ? row : { ...row, flags };
  });
  return { ...state, seq: event.seq, rows };
}

/**
 * Changes flags of loaded rows without an event (an optimistic update, or its rollback).
 * Leaves `seq` alone: the server's own event will follow and confirm or correct it.
 */
export function updateFlags(
  state: MessageWindowState,
  uids: readonly number[],
  update: (flags: readonly string[], uid: number) => string[],
): MessageWindowState {
  const wanted = new Set(uids);
  let changed = false;
  const rows = state.rows.map((row) => {
    if (!wanted.has(row.uid)) return row;
    changed = true;
    return { ...row, flags: update(row.flags, row.uid) };
  });
  return changed ? { ...state, rows } : state;
}

export interface ReceiveOptions {
  /** Drop what is loaded and take the response alone (a re-open or a resync). */
  replace: boolean;
  /** Positions to hold on to when merging, typically a few pages around the viewport. */
  keep?: PositionRange;
  /** The first position on screen: a sorted list read again keeps the row there in view. */
  top?: number;
}

/**
 * Takes in a `mailbox:open`/`message:list` response.
 *
 * `later` are the journalled events newer than the response's seq: they happened after the
 * server cut the window but may already have reached (and been applied to) the current state,
 * so they are replayed onto the response to bring it to the same point in time. Replayed
 * events neither animate nor move the scroll position — the view already showed them.
 *
 * The response is merged with the loaded rows only when both describe the same moment
 * (the response is not ahead of the current state) and they overlap or touch; otherwise it
 * replaces them.
 */
export function receiveWindow(
  current: MessageWindowState | null,
  response: MessageWindow,
  later: readonly MailboxEvent[],
  options: ReceiveOptions,
): MessageWindowState {
  let fresh = windowFromResponse(response);
  for (const event of later) fresh = applyMailboxEvent(fresh, event);

  // Rows of another mailbox, or in another order, have nothing to merge with or keep.
  const sameList =
    current !== null &&
    current.mailbox === fresh.mailbox &&
    current.uidValidity === fresh.uidValidity &&
    sameSort(current.sort, fresh.sort);
  if (!sameList) return { ...fresh, arrived: [], shift: null };

  const sameMoment = response.seq <= current.seq && !current.stale;
  fresh = {
    ...fresh,
    // Replaying the journal brought the response up to the current state's moment.
    seq: sameMoment ? Math.max(fresh.seq, current.seq) : fresh.seq,
    arrived: current.arrived,
    shift: current.shift,
  };
  const merged = sameMoment && !options.replace ? mergeRows(current, fresh) : null;
  let result = merged ?? fresh;
  // Live-order moves came as pushes, each with its shift; a sorted list's come only this way.
  const moved =
    options.top !== undefined && !isNewestFirst(result.sort)
      ? shiftAfterReread(current, result, options.top)
      : null;
  if (moved) result = { ...result, shift: moved };
  return options.keep ? retain(result, options.keep) : result;
}

function mergeRows(
  current: MessageWindowState,
  fresh: MessageWindowState,
): MessageWindowState | null {
  if (fresh.total !== current.total) return null;
  const a = loadedRange(current);
  const b = loadedRange(fresh);
  if (b.from > a.to || a.from > b.to) return null;
  const from = Math.min(a.from, b.from);
  const to = Math.max(a.to, b.to);
  const rows: MessageSummary[] = [];
  for (let position = from; position < to; position += 1) {
    const mine = rowAt(current, position);
    const theirs = rowAt(fresh, position);
    if (mine && theirs && mine.uid !== theirs.uid) return null;
    const row = theirs ?? mine;
    if (!row) return null;
    rows.push(row);
  }
  return { ...fresh, offset: from, rows };
}

/** Drops loaded rows outside `keep`, so memory stays bounded however far the user scrolls. */
export function retain(state: MessageWindowState, keep: PositionRange): MessageWindowState {
  const from = Math.max(keep.from, state.offset);
  const to = Math.min(keep.to, state.offset + state.rows.length);
  if (from === state.offset && to === state.offset + state.rows.length) return state;
  if (to <= from)
    return { ...state, offset: Math.max(0, Math.min(keep.from, state.total)), rows: [] };
  return {
    ...state,
    offset: from,
    rows: state.rows.slice(from - state.offset, to - state.offset),
  };
}

function clampToTotal(state: MessageWindowState): MessageWindowState {
  const end = state.offset + state.rows.length;
  if (end <= state.total) return state;
  const keep = Math.max(0, state.total - state.offset);
  return { ...state, rows: state.rows.slice(0, keep), stale: true };
}
