import type { ReactNode } from 'react';
import type { MessageWindowState } from '../messages/messageWindow.ts';
import { messageCount } from '../messages/moveActions.ts';
import type { SearchView } from '../search/searchResults.ts';

interface ListHeaderProps {
  title: string;
  list: MessageWindowState | null;
  unread: number;
  search: SearchView | null;
  checkedCount: number;
  onSelectAll: () => void;
  /**
   * Every loaded row is selected and the folder holds more: offers the whole folder (`total`
   * messages); null otherwise.
   */
  wholeFolder?: { total: number; onSelect: () => void } | null;
  onClearSelection: () => void;
  /** The search's query in all folders, and back to this one's. */
  onSearchEverywhere: () => void;
  onSearchOnlyHere: () => void;
  /** The action buttons, while several messages are selected. */
  bulkActions: ReactNode;
  /** The switch between the flat list and conversations. */
  viewSwitch?: ReactNode;
  /** The folder's Sort menu, when the list shows the folder's messages one by one. */
  sortMenu?: ReactNode;
  /** The rows shown are not yet in the order chosen: the server is sorting. */
  sorting?: boolean;
}

/** The folder's (or search's) name and counts, and the selection's toolbar. */
export function ListHeader({
  title,
  list,
  unread,
  search,
  checkedCount,
  onSelectAll,
  wholeFolder = null,
  onClearSelection,
  onSearchEverywhere,
  onSearchOnlyHere,
  bulkActions,
  viewSwitch,
  sortMenu,
  sorting = false,
}: ListHeaderProps) {
  return (
    <>
      <header className="list-pane__header">
        <h1 id="list-pane-title">
          {search?.everywhere ? 'Search in all folders' : search ? `Search in ${title}` : title}
        </h1>
        {search ? (
          <span className="list-pane__count" role="status">
            {searchSummary(search)}
          </span>
        ) : (
          list && (
            <span className="list-pane__count">
              {messageCount(list.total)}
              {unread > 0 ? ` · ${unread.toLocaleString()} unread` : ''}
              <span role="status">{sorting ? ' · Sorting…' : ''}</span>
            </span>
          )
        )}
      </header>
      <div className="list-toolbar" role="toolbar" aria-label="Selected messages">
        {search?.everywhere ? (
          <button type="button" className="button button--quiet" onClick={onSearchOnlyHere}>
            Only in {title}
          </button>
        ) : (
          <button type="button" className="button button--quiet" onClick={onSelectAll}>
            Select all
          </button>
        )}
        {search && !search.everywhere && (
          <button type="button" className="button button--quiet" onClick={onSearchEverywhere}>
            Search all folders
          </button>
        )}
        {/* A search lists its matches newest first, whatever the folder's order. */}
        {!search && sortMenu}
        {viewSwitch}
        {checkedCount > 1 && (
          <>
            <span className="list-toolbar__count">{checkedCount.toLocaleString()} selected</span>
            {wholeFolder && (
              <button type="button" className="button button--quiet" onClick={wholeFolder.onSelect}>
                Select all {wholeFolder.total.toLocaleString()} in {title}
              </button>
            )}
            <button type="button" className="button button--quiet" onClick={onClearSelection}>
              Clear selection
            </button>
            <div className="list-toolbar__actions">{bulkActions}</div>
          </>
        )}
      </div>
    </>
  );
}

function searchSummary(search: SearchView): string {
  const everywhere = search.everywhere;
  if (everywhere) {
    if (everywhere.status === 'searching') return 'Searching…';
    if (everywhere.status === 'failed') return 'The search failed';
    return matchCount(everywhere.matches.length, everywhere.total);
  }
  if (search.error) return 'The search failed';
  if (!search.results) return 'Searching…';
  const shown = search.results.total;
  return matchCount(shown, Math.max(search.total, shown));
}

function matchCount(shown: number, found: number): string {
  if (found === 0) return 'No matches';
  if (found > shown) return `Newest ${shown.toLocaleString()} of ${found.toLocaleString()} matches`;
  return found === 1 ? '1 match' : `${found.toLocaleString()} matches`;
}
