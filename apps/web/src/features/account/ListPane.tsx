import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { ConversationList } from '../conversations/ConversationList.tsx';
import { ConversationSwitch } from '../conversations/ConversationSwitch.tsx';
import {
  conversationsEnabled,
  setConversationsEnabled,
} from '../conversations/conversationSetting.ts';
import { folderTrails } from '../folders/folderTree.ts';
import { rowPartyFor } from '../messages/format.ts';
import { MessageList, type RevealRequest } from '../messages/MessageList.tsx';
import type { MessageWindowState, PositionRange } from '../messages/messageWindow.ts';
import type { ClickKind } from '../messages/selection.ts';
import { EverywhereResults } from '../search/EverywhereResults.tsx';
import { SortSelect } from '../sort/SortSelect.tsx';
import { awaitingOrder, sortOptionFor } from '../sort/sortOptions.ts';
import type { AccountSnapshot, AccountStore } from './accountStore.ts';
import { ListHeader } from './ListHeader.tsx';

interface ListPaneProps {
  store: AccountStore;
  account: AccountSnapshot;
  /** The rows the list shows (see `shownList`). */
  shown: MessageWindowState | null;
  /** The open folder's display name. */
  title: string;
  unread: number;
  /** The action buttons, while several messages are selected. */
  bulkActions: ReactNode;
  onRowClick: (uid: number, kind: ClickKind) => void;
  reveal: RevealRequest | null;
}

/**
 * The middle pane: the folder's (or search's) header, then its messages as a flat list or as
 * conversations, or why there are none.
 */
export function ListPane({
  store,
  account,
  shown,
  title,
  unread,
  bulkActions,
  onRowClick,
  reveal,
}: ListPaneProps) {
  const [conversations, setConversations] = useState(() => conversationsEnabled());
  const { selected, search } = account;
  const orderKey = sortOptionFor(account.sort)?.value ?? '';
  const party = rowPartyFor(account.mailboxes?.find((m) => m.path === shown?.mailbox)?.role);

  const onViewport = useCallback((visible: PositionRange) => store.setViewport(visible), [store]);
  const onMove = useCallback((delta: number) => store.moveSelection(delta), [store]);
  const onDragStart = useCallback((uid: number) => store.startDrag(uid), [store]);
  const onDragEnd = useCallback(() => store.endDrag(), [store]);
  const trail = useMemo(() => folderTrails(account.mailboxes), [account.mailboxes]);
  // Once per selection, not per render: a whole folder selected is 100,000 UIDs.
  const checked = useMemo(() => new Set(account.checked), [account.checked]);

  return (
    <section className="list-pane" aria-labelledby="list-pane-title">
      <ListHeader
        title={title}
        list={account.list}
        unread={unread}
        search={search}
        checkedCount={account.checked.length}
        onSelectAll={() => store.selectAll()}
        wholeFolder={
          !search && !conversations && shown && wholeFolderOffered(checked, shown)
            ? { total: shown.total, onSelect: () => store.selectWholeFolder() }
            : null
        }
        onClearSelection={() => store.closeMessage()}
        onSearchEverywhere={() => store.searchEverywhere()}
        onSearchOnlyHere={() => store.searchOnlyHere()}
        bulkActions={bulkActions}
        sorting={!conversations && awaitingOrder(account.list, account.sort)}
        sortMenu={
          // Conversations have their own order (latest message first).
          conversations ? null : (
            <SortSelect order={account.sort} onChange={(order) => store.setSort(order)} />
          )
        }
        viewSwitch={
          <ConversationSwitch
            on={conversations}
            onChange={(on) => {
              setConversations(on);
              setConversationsEnabled(on);
            }}
          />
        }
      />
      <div className="list-pane__body">
        {search?.everywhere ? (
          <EverywhereResults
            everywhere={search.everywhere}
            folderName={trail}
            partyFor={(path) => rowPartyFor(account.mailboxes?.find((m) => m.path === path)?.role)}
            onOpen={(match) => store.openMatch(match)}
          />
        ) : conversations && !search && shown ? (
          <ConversationList
            key={`${shown.mailbox}:${shown.uidValidity}`}
            source={store}
            mailbox={shown.mailbox}
            uidValidity={shown.uidValidity}
            party={party}
            selectedUid={selected?.uid ?? null}
            onOpen={(message) => store.showConversationMessage(message)}
          />
        ) : (
          <MessageList
            // Another folder or order starts a new list, at the top.
            key={search ? `search:${search.serial}` : `${account.current}:${orderKey}`}
            list={search && !search.results ? null : shown}
            party={party}
            selectedUid={selected?.uid ?? null}
            checked={account.checked}
            anchor={account.anchor}
            onViewport={onViewport}
            onRowClick={onRowClick}
            onMove={onMove}
            onDragStart={onDragStart}
            onDragEnd={onDragEnd}
            reveal={reveal}
          />
        )}
        {shown && shown.total === 0 && !search?.error && !search?.everywhere && (
          <p className="list-pane__empty">
            {search ? `No messages match “${search.input}”` : `No messages in ${title}`}
          </p>
        )}
        {(search?.error ?? account.listError) && (
          <p className="list-pane__empty" role="alert">
            {search?.error ?? account.listError}
          </p>
        )}
      </div>
    </section>
  );
}

/** Every loaded row is selected, and the folder holds more than are loaded. */
function wholeFolderOffered(checked: ReadonlySet<number>, shown: MessageWindowState): boolean {
  if (checked.size < 2 || checked.size >= shown.total) return false;
  return shown.rows.every((row) => checked.has(row.uid));
}
