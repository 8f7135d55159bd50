import {
  useCallback,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import { Flag, hasFlag, type MessageSummary } from '@tidings/protocol';
import { useNow } from '../../lib/useNow.ts';
import { FlagIcon } from '../messages/FlagIcon.tsx';
import { TagChips } from '../tags/TagChips.tsx';
import {
  formatFullDate,
  formatListDate,
  partyAddresses,
  partyLabel,
  subjectLabel,
  type RowParty,
} from '../messages/format.ts';
import {
  ROW_HEIGHT_PX,
  renderRange,
  scrollTopToReveal,
  visibleRange,
  type ScrollMetrics,
} from '../messages/viewport.ts';
import {
  conversationRows,
  rowIndexOf,
  peopleLabel,
  threadFacts,
  threadKey,
  type ConversationRow,
} from './conversationView.ts';
import { ConversationStore, type ConversationSource } from './conversationStore.ts';

/** Dates say "today" by the clock; a minute is fine enough for that. */
const CLOCK_TICK_MS = 60_000;
/** The next page of threads is asked for when this few loaded rows are left below the view. */
const LOAD_MORE_MARGIN_ROWS = 20;

interface ConversationListProps {
  source: ConversationSource;
  mailbox: string;
  uidValidity: number;
  /** Whom the rows name: writers, or recipients in Sent and Drafts. */
  party: RowParty;
  /** The message open in the reader. */
  selectedUid: number | null;
  /** Opens a message in the reader (a thread row opens its newest). */
  onOpen: (message: MessageSummary) => void;
}

function rowDomId(row: ConversationRow): string {
  return row.kind === 'thread'
    ? `conversation-${threadKey(row.thread)}`
    : `conversation-message-${row.message.uid}`;
}

/**
 * The list grouped by conversation: one row per thread (its newest message's subject, everyone
 * who wrote, how many messages), expandable into its messages. Virtualised like the flat list;
 * threads are paged in from the gateway as the user scrolls.
 */
export function ConversationList({
  source,
  mailbox,
  uidValidity,
  party,
  selectedUid,
  onOpen,
}: ConversationListProps) {
  const [store] = useState(() => new ConversationStore(source, mailbox, uidValidity));
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const [metrics, setMetrics] = useState<ScrollMetrics>({ scrollTop: 0, viewportHeight: 0 });
  const [cursor, setCursor] = useState(0);
  const now = useNow(CLOCK_TICK_MS);

  useEffect(() => {
    store.start();
    return () => store.stop();
  }, [store]);

  const rows = conversationRows(state);
  const total = rows.length;
  const rendered = renderRange(visibleRange(metrics, total), total);
  const selectedIndex = selectedUid === null ? -1 : rowIndexOf(rows, selectedUid);
  // The open message is where the keyboard is; with none open, the last row clicked or moved to.
  const cursorIndex = selectedIndex >= 0 ? selectedIndex : Math.min(cursor, Math.max(0, total - 1));

  const measure = useCallback(() => {
    const el = scrollerRef.current;
    if (el) setMetrics({ scrollTop: el.scrollTop, viewportHeight: el.clientHeight });
  }, []);

  useEffect(() => {
    const el = scrollerRef.current;
    if (!el) return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [measure]);

  const nearEnd = rendered.to >= total - LOAD_MORE_MARGIN_ROWS;
  useEffect(() => {
    if (nearEnd && state.threads.length < state.totalThreads) void store.loadMore();
  }, [nearEnd, state.threads.length, state.totalThreads, store]);

  const reveal = useCallback((index: number) => {
    const el = scrollerRef.current;
    if (!el) return;
    el.scrollTop = scrollTopToReveal(index, {
      scrollTop: el.scrollTop,
      viewportHeight: el.clientHeight,
    });
  }, []);

  function open(row: ConversationRow) {
    const message = row.kind === 'message' ? row.message : threadFacts(row.thread).newest;
    if (message) onOpen(message);
  }

  function onRowClick(event: MouseEvent<HTMLDivElement>, row: ConversationRow, index: number) {
    setCursor(index);
    const toggle = (event.target as Element).closest('[data-thread-toggle]');
    if (toggle && row.kind === 'thread') {
      store.toggle(row.thread, !row.expanded);
      return;
    }
    open(row);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.altKey || event.ctrlKey || event.metaKey || total === 0) return;
    const row = rows[cursorIndex];
    let next = cursorIndex;
    switch (event.key) {
      case 'ArrowDown':
        next = Math.min(total - 1, cursorIndex + 1);
        break;
      case 'ArrowUp':
        next = Math.max(0, cursorIndex - 1);
        break;
      case 'ArrowRight':
        if (row?.kind === 'thread') store.toggle(row.thread, true);
        break;
      case 'ArrowLeft':
        if (row?.kind === 'thread') store.toggle(row.thread, false);
        else if (row) next = rows.findIndex((r) => r.kind === 'thread' && r.thread === row.thread);
        break;
      case 'Enter':
      case 'o':
        if (row?.kind === 'thread') store.toggle(row.thread, true);
        if (row) open(row);
        break;
      default:
        return;
    }
    event.preventDefault();
    setCursor(next);
    reveal(next);
    // As in the flat list, moving while a message is open opens the next one.
    const moved = rows[next];
    if (next !== cursorIndex && selectedIndex >= 0 && moved) open(moved);
  }

  const items = [];
  for (let index = rendered.from; index < rendered.to; index += 1) {
    const row = rows[index]!;
    const id = rowDomId(row);
    const shared = {
      id,
      index,
      selected: index === selectedIndex,
      cursor: index === cursorIndex && selectedIndex < 0,
      party,
      now,
      onClick: onRowClick,
    };
    items.push(
      row.kind === 'thread' ? (
        <ThreadRow key={id} row={row} {...shared} />
      ) : (
        <ThreadMessageRow key={id} row={row} {...shared} />
      ),
    );
  }

  const active = rows[cursorIndex];
  return (
    <>
      <div
        ref={scrollerRef}
        className="messages"
        role="grid"
        aria-label="Messages"
        aria-rowcount={state.loading && total === 0 ? -1 : total}
        aria-busy={state.loading || undefined}
        aria-activedescendant={
          active && cursorIndex >= rendered.from && cursorIndex < rendered.to
            ? rowDomId(active)
            : undefined
        }
        data-view="conversations"
        tabIndex={0}
        onScroll={measure}
        onKeyDown={onKeyDown}
      >
        <div role="rowgroup" className="messages__spacer" style={{ height: total * ROW_HEIGHT_PX }}>
          {items}
        </div>
      </div>
      {state.error && (
        <p className="list-pane__empty" role="alert">
          {state.error}
        </p>
      )}
      {state.method === 'headers' && state.threaded < state.total && (
        <p className="conversations__bound" role="note">
          Conversations cover the newest {state.threaded.toLocaleString()} of{' '}
          {state.total.toLocaleString()} messages.
        </p>
      )}
    </>
  );
}

interface RowProps<K extends ConversationRow['kind']> {
  id: string;
  row: Extract<ConversationRow, { kind: K }>;
  index: number;
  selected: boolean;
  cursor: boolean;
  party: RowParty;
  now: number;
  onClick: (event: MouseEvent<HTMLDivElement>, row: ConversationRow, index: number) => void;
}

function rowClass(unread: boolean, selected: boolean, cursor: boolean, extra: string): string {
  return [
    'row',
    extra,
    unread && 'row--unread',
    selected && 'row--selected',
    cursor && 'row--cursor',
  ]
    .filter(Boolean)
    .join(' ');
}

function ThreadRow({ id, row, index, selected, cursor, party, now, onClick }: RowProps<'thread'>) {
  const facts = threadFacts(row.thread, party);
  const newest = facts.newest;
  const expandable = facts.size > 1;
  return (
    <div
      role="row"
      id={id}
      className={rowClass(facts.unread, selected, cursor, 'row--thread')}
      style={{ top: index * ROW_HEIGHT_PX }}
      aria-rowindex={index + 1}
      aria-selected={selected}
      data-level={1}
      data-uid={row.thread.uids[0]}
      data-thread-size={facts.size}
      data-unread={facts.unread ? 'true' : 'false'}
      data-flagged={facts.flagged ? 'true' : 'false'}
      onClick={(event) => onClick(event, row, index)}
    >
      <div role="gridcell" className="row__from">
        <span className="row__dot" aria-hidden="true" />
        {facts.unread && <span className="visually-hidden">Unread, </span>}
        {peopleLabel(facts.people, party)}
        {expandable && (
          <span className="row__count" aria-label={`${facts.size} messages`}>
            {facts.size}
          </span>
        )}
      </div>{' '}
      <div role="gridcell" className="row__meta">
        {facts.flagged && <FlagIcon />}
        {newest && (
          <time dateTime={newest.date} title={formatFullDate(newest.date)}>
            {formatListDate(newest.date, new Date(now))}
          </time>
        )}
        {expandable && (
          <button
            type="button"
            className="thread-toggle"
            tabIndex={-1}
            data-thread-toggle
            aria-expanded={row.expanded}
            aria-label={row.expanded ? 'Collapse conversation' : 'Expand conversation'}
          >
            <span aria-hidden="true">{row.expanded ? '▾' : '▸'}</span>
          </button>
        )}
      </div>{' '}
      <div role="gridcell" className="row__text">
        <TagChips flags={facts.tags} />
        <span className="row__subject">{newest ? subjectLabel(newest) : '(no subject)'}</span>
        {newest?.preview && <span className="row__preview"> {newest.preview}</span>}
      </div>
    </div>
  );
}

function ThreadMessageRow({
  id,
  row,
  index,
  selected,
  cursor,
  party,
  now,
  onClick,
}: RowProps<'message'>) {
  const { message } = row;
  const unread = !hasFlag(message.flags, Flag.Seen);
  const flagged = hasFlag(message.flags, Flag.Flagged);
  return (
    <div
      role="row"
      id={id}
      className={rowClass(unread, selected, cursor, 'row--in-thread')}
      style={{ top: index * ROW_HEIGHT_PX }}
      aria-rowindex={index + 1}
      aria-selected={selected}
      data-level={2}
      data-uid={message.uid}
      data-unread={unread ? 'true' : 'false'}
      data-flagged={flagged ? 'true' : 'false'}
      onClick={(event) => onClick(event, row, index)}
    >
      <div role="gridcell" className="row__from" title={partyAddresses(message, party)}>
        <span className="row__dot" aria-hidden="true" />
        <span className="visually-hidden">In the conversation: </span>
        {unread && <span className="visually-hidden">Unread, </span>}
        {partyLabel(message, party)}
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
}
