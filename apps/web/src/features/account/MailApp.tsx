import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { SearchQuery, SessionInfo, Tag } from '@tidings/protocol';
import { useDocumentTitle } from '../../lib/useDocumentTitle.ts';
import { useTabReturn } from '../../lib/useTabReturn.ts';
import { ActionButtons } from '../actions/ActionButtons.tsx';
import { ConfirmDialog } from '../actions/ConfirmDialog.tsx';
import type { Confirmation } from '../actions/confirmations.ts';
import type { MoveDestination } from '../actions/MoveMenu.tsx';
import { ReaderToolbar } from '../actions/ReaderToolbar.tsx';
import { Toasts } from '../actions/Toasts.tsx';
import type { ComposeRequest } from '../compose/composeRequest.ts';
import { FolderDialogs } from '../folders/FolderDialogs.tsx';
import { FolderList } from '../folders/FolderList.tsx';
import type { FolderTask } from '../folders/folderManagement.ts';
import {
  documentTitle,
  labelForPath,
  folderRole,
  inboxUnread,
  orderFolders,
} from '../folders/folderTree.ts';
import { ShortcutsDialog } from '../keyboard/ShortcutsDialog.tsx';
import { useShortcuts } from '../keyboard/useShortcuts.ts';
import { INBOX_PATH, shownList } from '../messages/mailboxView.ts';
import type { RevealRequest } from '../messages/MessageList.tsx';
import { ClickKind } from '../messages/selection.ts';
import { useFaviconBadge } from '../notifications/useFaviconBadge.ts';
import { useNewMailNotifications } from '../notifications/useNewMailNotifications.ts';
import { QuotaMeter } from '../quota/QuotaMeter.tsx';
import { mailTotal } from '../quota/quotaUsage.ts';
import { ReaderPane } from '../reader/ReaderPane.tsx';
import { rulePrefillLike, type RulePrefill } from '../settings/filterForm.ts';
import { useVacationState, VacationBanner } from '../settings/VacationBanner.tsx';
import { TagList } from '../tags/TagList.tsx';
import { tagSearchText } from '../tags/tagState.ts';
import type { AccountStore } from './accountStore.ts';
import { LazyComposer, preloadComposer } from './LazyComposer.tsx';
import { ListPane } from './ListPane.tsx';
import { TopBar } from './TopBar.tsx';
import { useMailCommands } from './useMailCommands.ts';
import { useSignOut } from './useSignOut.ts';

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
  const signOut = useSignOut(session.csrfToken, store, onSignedOut);
  const [vacation, setVacation] = useVacationState(
    store.requests.vacation,
    account.socket === 'connected',
  );
  const [searchText, setSearchText] = useState('');
  const [compose, setCompose] = useState<{ request: ComposeRequest; serial: number } | null>(null);
  const [question, setQuestion] = useState<Confirmation | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [folderTask, setFolderTask] = useState<FolderTask | null>(null);
  const [reveal, setReveal] = useState<RevealRequest | null>(null);
  const [filterPrefill, setFilterPrefill] = useState<RulePrefill | null>(null);
  const filterRequests = useRef(0);
  const filterLike = useCallback((like: { from: string; listId: string | null }) => {
    setFilterPrefill(rulePrefillLike(like, ++filterRequests.current));
  }, []);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    store.start();
    return () => store.stop();
  }, [store]);

  useEffect(() => {
    const timer = window.setTimeout(preloadComposer, COMPOSER_PRELOAD_MS);
    return () => window.clearTimeout(timer);
  }, []);

  const currentInfo = account.mailboxes?.find((m) => m.path === account.current);
  const currentLabel = labelForPath(account.current, account.mailboxes);
  const role = folderRole(currentInfo, account.current);
  const unreadInInbox = inboxUnread(account.mailboxes);

  useDocumentTitle(documentTitle(currentLabel, unreadInInbox));
  useFaviconBadge(unreadInInbox);

  const openInbox = useCallback(() => {
    setSearchText('');
    store.openFolder(INBOX_PATH);
  }, [store]);
  useNewMailNotifications(store, openInbox);

  /** Phone widths only: the folder list shown in place of the messages (narrow-layouts.css). */
  const [foldersOpen, setFoldersOpen] = useState(false);
  const onOpenFolder = useCallback(
    (path: string) => {
      setSearchText('');
      setFoldersOpen(false);
      store.openFolder(path);
    },
    [store],
  );
  const onTabReturn = useCallback(() => store.refreshCounts(), [store]);
  useTabReturn(onTabReturn);
  const canDrop = useCallback((path: string) => store.canDropOn(path), [store]);
  const onDrop = useCallback((path: string) => store.dropOn(path), [store]);

  const shown = shownList(account);
  const { selected } = account;
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

  const openTag = useCallback(
    (tag: Tag) => {
      const text = tagSearchText(tag);
      setSearchText(text);
      setFoldersOpen(false);
      store.searchTag(text, tag.keyword);
    },
    [store],
  );
  // A tag's messages are shown: a search for it alone, in all folders.
  const activeTag = account.search?.everywhere ? (account.search.query.keyword ?? null) : null;

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
    confirm: setQuestion,
    showHelp: () => setHelpOpen(true),
    reveal: setReveal,
    searchInput: searchRef,
    clearSearch,
  });
  useShortcuts(commands.run);

  const destinations = (): MoveDestination[] | null =>
    account.mailboxes &&
    orderFolders(account.mailboxes)
      .filter(({ mailbox: m }) => m.selectable && m.path !== shown?.mailbox)
      .map(({ mailbox: m, label, depth }) => ({ path: m.path, label, depth }));

  const bulk = account.checked.length > 1;
  const actions = (
    <ActionButtons
      targets={commands.targetRows}
      commands={commands}
      destinations={destinations}
      canArchive={commands.canArchive}
      canReportJunk={commands.canReportJunk}
      inJunk={commands.inJunk}
    />
  );
  const notice = signOut.error ?? account.notice;
  return (
    <div className="app">
      <TopBar
        account={account}
        email={session.email}
        vacation={store.requests.vacation}
        onVacationStored={setVacation}
        filters={store.requests.filters}
        onFilterApplied={(label, undo) => store.showMessage(label, undo)}
        filterPrefill={filterPrefill}
        onFilterPrefilled={() => setFilterPrefill(null)}
        searchRef={searchRef}
        searchText={searchText}
        onSearchTextChange={setSearchText}
        onSearch={runSearch}
        onClearSearch={clearSearch}
        onShowHelp={() => setHelpOpen(true)}
        onSignOut={signOut.run}
        signingOut={signOut.pending}
        foldersOpen={foldersOpen}
        onToggleFolders={() => setFoldersOpen((open) => !open)}
      />

      <VacationBanner state={vacation} requests={store.requests.vacation} onStored={setVacation} />

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

      <main
        className={`panes${openMessage ? ' panes--reading' : ''}${foldersOpen ? ' panes--folders' : ''}`}
      >
        <div className="sidebar" id="sidebar">
          <button
            type="button"
            className="button button--primary sidebar__compose"
            onClick={() => {
              setFoldersOpen(false);
              startCompose({ kind: 'new' });
            }}
          >
            Compose
          </button>
          <div className="sidebar__lists">
            <FolderList
              mailboxes={account.mailboxes}
              current={account.current}
              error={account.foldersError}
              onOpen={onOpenFolder}
              canDrop={canDrop}
              onDrop={onDrop}
              onManage={(task) =>
                task.kind === 'markRead'
                  ? void store.folderChanges.markRead(task.mailbox)
                  : setFolderTask(task)
              }
            />
            <TagList active={activeTag} onOpen={openTag} />
          </div>
          <QuotaMeter request={store.requests.quota} mailTotal={mailTotal(account.mailboxes)} />
        </div>
        <ListPane
          store={store}
          account={account}
          shown={shown}
          title={currentLabel}
          unread={currentInfo?.unread ?? 0}
          bulkActions={bulk ? actions : null}
          onRowClick={onRowClick}
          reveal={reveal}
        />
        <ReaderPane
          message={openMessage}
          summary={selected}
          account={session.email}
          load={store.requests.getMessage}
          unsubscribe={store.requests.unsubscribe}
          rsvp={store.requests.rsvp}
          filterLike={filterLike}
          removeTag={(tag) => selected && store.setFlag([selected.uid], tag.keyword, false)}
          selectedCount={account.checked.length}
          toolbar={
            <ReaderToolbar
              onBack={() => store.closeMessage()}
              onReply={(kind) => commands.reply(kind)}
              actions={bulk ? null : actions}
            />
          }
        />
      </main>

      <Toasts
        notice={notice}
        onDismissNotice={() => {
          signOut.dismissError();
          store.dismissNotice();
        }}
        outcome={account.outcome}
        onUndo={() => store.undo()}
        onDismissOutcome={() => store.dismissOutcome()}
      />

      {question && (
        <ConfirmDialog
          title={question.title}
          message={question.message}
          confirmLabel={question.confirmLabel}
          onCancel={() => setQuestion(null)}
          onConfirm={() => {
            question.run();
            setQuestion(null);
          }}
        />
      )}
      <FolderDialogs
        task={folderTask}
        mailboxes={account.mailboxes ?? []}
        editor={store.folderChanges}
        onClose={() => setFolderTask(null)}
      />
      {helpOpen && <ShortcutsDialog onClose={() => setHelpOpen(false)} />}
      {compose && (
        <LazyComposer
          serial={compose.serial}
          request={compose.request}
          account={session.email}
          csrfToken={session.csrfToken}
          gateway={store.compose}
          onClose={(message) => {
            setCompose(null);
            if (message) store.showMessage(message);
          }}
        />
      )}
    </div>
  );
}
