import type { RefObject } from 'react';
import type { SearchQuery, VacationState } from '@tidings/protocol';
import { Logo } from '../../lib/Logo.tsx';
import { ConnectionIndicator } from '../connection/ConnectionIndicator.tsx';
import { isListFresh } from '../connection/connectionStatus.ts';
import { SearchBox } from '../search/SearchBox.tsx';
import { ReadingSettings } from '../settings/ReadingSettings.tsx';
import type { RulePrefill } from '../settings/filterForm.ts';
import type { FilterRequests, VacationRequests } from './accountRequests.ts';
import type { AccountSnapshot } from './accountStore.ts';

interface TopBarProps {
  account: AccountSnapshot;
  /** The signed-in address. */
  email: string;
  /** Automatic replies on the mail server, for the settings; `onStored` hears what it holds. */
  vacation: VacationRequests;
  onVacationStored: (state: VacationState) => void;
  /** Filter rules on the mail server, for the settings (with the account's folders). */
  filters: FilterRequests;
  /** A new rule was run over the Inbox: what it did, shown with Undo when it moved mail. */
  onFilterApplied: (label: string, undo: string | null) => void;
  /** A rule begun in the reader ("Filter messages like this"): opens the settings with it. */
  filterPrefill: RulePrefill | null;
  onFilterPrefilled: () => void;
  searchRef: RefObject<HTMLInputElement | null>;
  searchText: string;
  onSearchTextChange: (text: string) => void;
  onSearch: (input: string, query: SearchQuery) => void;
  onClearSearch: () => void;
  onShowHelp: () => void;
  onSignOut: () => void;
  signingOut: boolean;
  /** Phone widths: whether the folder list is shown in place of the messages. */
  foldersOpen: boolean;
  onToggleFolders: () => void;
}

/** The bar above the panes: search, the connection's state, the account and its settings. */
export function TopBar({
  account,
  email,
  vacation,
  onVacationStored,
  filters,
  onFilterApplied,
  filterPrefill,
  onFilterPrefilled,
  searchRef,
  searchText,
  onSearchTextChange,
  onSearch,
  onClearSearch,
  onShowHelp,
  onSignOut,
  signingOut,
  foldersOpen,
  onToggleFolders,
}: TopBarProps) {
  return (
    <header className="topbar">
      {/* Phone widths only (styles/narrow-layouts.css): the folders give way to the messages. */}
      <button
        type="button"
        className="button button--quiet topbar__folders"
        aria-label="Folders"
        title="Folders"
        aria-expanded={foldersOpen}
        aria-controls="sidebar"
        onClick={onToggleFolders}
      >
        <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M4 6h16M4 12h16M4 18h16" stroke="currentColor" strokeWidth="2" />
        </svg>
      </button>
      <div className="topbar__brand">
        <Logo size={26} />
        <span className="topbar__name">Tidings</span>
      </div>
      <SearchBox
        inputRef={searchRef}
        text={searchText}
        onTextChange={onSearchTextChange}
        active={account.search !== null}
        onSearch={onSearch}
        onClear={onClearSearch}
        onLeave={() => {
          searchRef.current?.blur();
          document.querySelector<HTMLElement>('[role="grid"]')?.focus();
        }}
      />
      <div className="topbar__end">
        <ConnectionIndicator
          outdated={account.outdated}
          socket={account.socket}
          imap={account.imap}
          retryAt={account.retryAt}
          listFresh={isListFresh(account.listSync)}
        />
        <span className="topbar__email" title={email}>
          {email}
        </span>
        <button
          type="button"
          className="button button--quiet topbar__help"
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
          onClick={onShowHelp}
        >
          ?
        </button>
        <ReadingSettings
          account={email}
          vacation={{
            requests: vacation,
            connected: account.socket === 'connected',
            onStored: onVacationStored,
          }}
          filters={{
            requests: filters,
            connected: account.socket === 'connected',
            mailboxes: account.mailboxes,
            onApplied: onFilterApplied,
            prefill: filterPrefill,
            onPrefilled: onFilterPrefilled,
          }}
        />
        <button
          type="button"
          className="button button--quiet"
          onClick={onSignOut}
          disabled={signingOut}
        >
          Sign out
        </button>
      </div>
    </header>
  );
}
