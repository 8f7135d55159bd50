import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import type { SearchQuery, SessionInfo } from '@tidings/protocol';
import { signOut } from '../../lib/api.ts';
import { Logo } from '../../lib/Logo.tsx';
import { useDocumentTitle } from '../../lib/useDocumentTitle.ts';
import { useTabReturn } from '../../lib/useTabReturn.ts';
import { ActionButtons } from '../actions/ActionButtons.tsx';
import { ConfirmDialog } from '../actions/ConfirmDialog.tsx';
import type { MoveDestination } from '../actions/MoveMenu.tsx';
import { ReaderToolbar } from '../actions/ReaderToolbar.tsx';
import { Toasts } from '../actions/Toasts.tsx';
import type { ComposeRequest } from '../compose/composeRequest.ts';
import { ConnectionIndicator } from '../connection/ConnectionIndicator.tsx';
import { ConversationList } from '../conversations/ConversationList.tsx';
import { ConversationSwitch } from '../conversations/ConversationSwitch.tsx';
import {
  conversationsEnabled,
  setConversationsEnabled,
} from '../conversations/conversationSetting.ts';
import { isListFresh } from '../connection/connectionStatus.ts';
import { FolderList } from '../folders/FolderList.tsx';
import {
  documentTitle,
  folderLabel,
  folderRole,
  inboxUnread,
  orderFolders,
} from '../folders/folderTree.ts';
import { ShortcutsDialog } from '../keyboard/ShortcutsDialog.tsx';
import { useShortcuts } from '../keyboard/useShortcuts.ts';
import { INBOX_PATH, shownList } from '../messages/mailboxSync.ts';
import { MessageList, type RevealRequest } from '../messages/MessageList.tsx';
import type { PositionRange } from '../messages/messageWindow.ts';
import { messageCount, Removal } from '../messages/moveActions.ts';
import { ClickKind } from '../messages/selection.ts';
import { useFaviconBadge } from '../notifications/useFaviconBadge.ts';
import { useNewMailNotifications } from '../notifications/useNewMailNotifications.ts';
import { ReaderPane } from '../reader/ReaderPane.tsx';
import { SearchBox } from '../search/SearchBox.tsx';
import { ReadingSettings } from '../settings/ReadingSettings.tsx';
import type { AccountStore } from './accountStore.ts';
import { ListHeader } from './ListHeader.tsx';
import { useMailCommands } from './useMailCommands.ts';

// The composer brings its editor and upload code: loaded when first wanted (and preloaded).
const loadComposer = () => import('../compose/Composer.tsx');
const Composer = lazy(loadComposer);
const COMPOSER_PRELOAD_MS = 2_500;

interface MailAppProps {
  session: SessionInfo;
  /** The account's live state, already connecting (App starts it at sign-in); stopped on unmount. */
  store: AccountStore;
  /** Back to the sign-in screen, with the reason to show there (if any). */
  onSignedOut: (notice: string | null) => void;
}

/** The signed-in app: top bar, then folders | messages | reader. */
export function MailApp({ session, store, onSignedOut }: MailAppProps) {
  const account = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<string | null>(null);
  const [searchText, setSearchText] = useState('');
  const [compose, setCompose] = useState<{ request: ComposeRequest; serial: number } | null>(null);
  const [pendingDelete, setPendingDelete] = useState<number[] | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [reveal, setReveal] = useState<RevealRequest | null>(null);
  const [conversations, setConversations] = useState(() => conversationsEnabled());
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    store.start();
    return () => store.stop();
  }, [store]);

  useEffect(() => {
    const timer = window.setTimeout(() => void loadComposer().catch(() => {}), COMPOSER_PRELOAD_MS);
    return () => window.clearTimeout(timer);
  }, []);

  const currentInfo = account.mailboxes?.find((m) => m.path === account.current);
  const currentLabel = currentInfo
    ? folderLabel(currentInfo)
    : folderLabel({ path: account.current, role: null, name: account.current });
  const role = folderRole(currentInfo, account.current);
  const unreadInInbox = inboxUnread(account.mailboxes);

  useDocumentTitle(documentTitle(currentLabel, unreadInInbox));
  useFaviconBadge(unreadInInbox);

  const openInbox = useCallback(() => {
    setSearchText('');
    store.openFolder(INBOX_PATH);
  }, [store]);
  useNewMailNotifications(store, openInbox);

  const onViewport = useCallback((visible: PositionRange) => store.setViewport(visible), [store]);
  const onMove = useCallback((delta: number) => store.moveSelection(delta), [store]);
  const onOpenFolder = useCallback(
    (path: string) => {
      setSearchText('');
      store.openFolder(path);
    },
    [store],
  );
  const onTabReturn = useCallback(() => store.refreshCounts(), [store]);
  useTabReturn(onTabReturn);
  const onDragStart = useCallback((uid: number) => store.startDrag(uid), [store]);
  const onDragEnd = useCallback(() => store.endDrag(), [store]);
  const canDrop = useCallback((path: string) => store.canDropOn(path), [store]);
  const onDrop = useCallback((path: string) => store.dropOn(path), [store]);

  const shown = shownList(account);
  const { selected, search } = account;
  const mailbox = shown?.mailbox;
  const uidValidity = shown?.uidValidity;
  const selectedUid = selected?.uid;
  // A stable locator: the reader re-renders the body only when the message itself changes.
  const openMessage = useMemo(
    () =>
      mailbox !== undefined && uidValidity !== undefined && selectedUid !== undefined
        ? { mailbox, uidValidity, uid: selectedUid }
        : null,
    [mailbox, uidValidity, selectedUid],
  );

  const startCompose = useCallback((request: ComposeRequest) => {
    setCompose((previous) => ({ request, serial: (previous?.serial ?? 0) + 1 }));
  }, []);

  const inDrafts = role === 'drafts';
  const onRowClick = useCallback(
    (uid: number, kind: ClickKind) => {
      store.click(uid, kind);
      const list = shownList(store.getSnapshot());
      if (inDrafts && kind === ClickKind.Single && list) {
        startCompose({
          kind: 'draft',
          draft: { mailbox: list.mailbox, uidValidity: list.uidValidity, uid },
        });
      }
    },
    [store, inDrafts, startCompose],
  );

  const clearSearch = useCallback(() => {
    setSearchText('');
    store.clearSearch();
  }, [store]);
  const runSearch = useCallback(
    (input: string, query: SearchQuery) => store.runSearch(input, query),
    [store],
  );

  const commands = useMailCommands({
    store,
    account,
    shown,
    role,
    compose: startCompose,
    confirmDelete: setPendingDelete,
    showHelp: () => setHelpOpen(true),
    reveal: setReveal,
    searchInput: searchRef,
    clearSearch,
  });
  useShortcuts(commands.run);

  const destinations = (): MoveDestination[] =>
    orderFolders(account.mailboxes ?? [])
      .filter(({ mailbox: m }) => m.selectable && m.path !== shown?.mailbox)
      .map(({ mailbox: m, label, depth }) => ({ path: m.path, label, depth }));

  async function handleSignOut() {
    setSigningOut(true);
    setSignOutError(null);
    try {
      await signOut(session.csrfToken);
      store.stop();
      onSignedOut(null);
    } catch (error) {
      setSignOutError(error instanceof Error ? error.message : 'Could not sign out.');
      setSigningOut(false);
    }
  }

  const bulk = account.checked.length > 1;
  const actions = (
    <ActionButtons
      targets={commands.targetRows}
      commands={commands}
      destinations={destinations}
      canArchive={commands.canArchive}
    />
  );
  const notice = signOutError ?? account.notice;
  return (
    <div className="app">
      <header className="topbar">
        <div className="topbar__brand">
          <Logo size={26} />
          <span>Tidings</span>
        </div>
        <SearchBox
          inputRef={searchRef}
          text={searchText}
          onTextChange={setSearchText}
          active={search !== null}
          onSearch={runSearch}
          onClear={clearSearch}
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
          <span className="topbar__email" title={session.email}>
            {session.email}
          </span>
          <button
            type="button"
            className="button button--quiet topbar__help"
            aria-label="Keyboard shortcuts"
            title="Keyboard shortcuts (?)"
            onClick={() => setHelpOpen(true)}
          >
            ?
          </button>
          <ReadingSettings account={session.email} />
          <button
            type="button"
            className="button button--quiet"
            onClick={handleSignOut}
            disabled={signingOut}
          >
            Sign out
          </button>
        </div>
      </header>

      {account.outdated && (
        <div className="banner">
          <span role="alert">Tidings was updated — reload to keep going.</span>
          <button
            type="button"
            className="button button--primary"
            onClick={() => location.reload()}
          >
            Reload
          </button>
        </div>
      )}

      <div className={openMessage ? 'panes panes--reading' : 'panes'}>
        <div className="sidebar">
          <button
            type="button"
            className="button button--primary sidebar__compose"
            onClick={() => startCompose({ kind: 'new' })}
          >
            Compose
          </button>
          <FolderList
            mailboxes={account.mailboxes}
            current={account.current}
            error={account.foldersError}
            onOpen={onOpenFolder}
            canDrop={canDrop}
            onDrop={onDrop}
          />
        </div>
        <section className="list-pane" aria-labelledby="list-pane-title">
          <ListHeader
            title={currentLabel}
            list={account.list}
            unread={currentInfo?.unread ?? 0}
            search={search}
            checkedCount={account.checked.length}
            onSelectAll={() => store.selectAll()}
            onClearSelection={() => store.closeMessage()}
            bulkActions={bulk ? actions : null}
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
            {conversations && !search && shown ? (
              <ConversationList
                key={`${shown.mailbox}:${shown.uidValidity}`}
                source={store}
                mailbox={shown.mailbox}
                uidValidity={shown.uidValidity}
                selectedUid={selected?.uid ?? null}
                onOpen={(message) => store.showConversationMessage(message)}
              />
            ) : (
              <MessageList
                key={search ? `search:${search.serial}` : account.current}
                list={search && !search.results ? null : shown}
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
            {shown && shown.total === 0 && !search?.error && (
              <p className="list-pane__empty">
                {search ? `No messages match “${search.input}”` : `No messages in ${currentLabel}`}
              </p>
            )}
            {(search?.error ?? account.listError) && (
              <p className="list-pane__empty" role="alert">
                {search?.error ?? account.listError}
              </p>
            )}
          </div>
        </section>
        <ReaderPane
          message={openMessage}
          summary={selected}
          account={session.email}
          load={store.getMessage}
          selectedCount={account.checked.length}
          toolbar={
            <ReaderToolbar
              onBack={() => store.closeMessage()}
              onReply={(kind) => commands.reply(kind)}
              actions={bulk ? null : actions}
            />
          }
        />
      </div>

      <Toasts
        notice={notice}
        onDismissNotice={() => {
          setSignOutError(null);
          store.dismissNotice();
        }}
        outcome={account.outcome}
        onUndo={() => store.undo()}
        onDismissOutcome={() => store.dismissOutcome()}
      />

      {pendingDelete && (
        <ConfirmDialog
          title="Delete forever?"
          message={`${messageCount(pendingDelete.length)} will be deleted for good. This cannot be undone.`}
          confirmLabel="Delete forever"
          onCancel={() => setPendingDelete(null)}
          onConfirm={() => {
            store.remove(Removal.DeleteForever, pendingDelete);
            setPendingDelete(null);
          }}
        />
      )}
      {helpOpen && <ShortcutsDialog onClose={() => setHelpOpen(false)} />}
      {compose && (
        <Suspense
          fallback={
            <div className="composer composer--loading" role="dialog" aria-label="Loading…" />
          }
        >
          <Composer
            key={compose.serial}
            request={compose.request}
            account={session.email}
            csrfToken={session.csrfToken}
            gateway={store.compose}
            onClose={(message) => {
              setCompose(null);
              if (message) store.showMessage(message);
            }}
          />
        </Suspense>
      )}
    </div>
  );
}
