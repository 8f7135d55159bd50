import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { SessionInfo } from '@tidings/protocol';
import { signOut } from '../../lib/api.ts';
import { Logo } from '../../lib/Logo.tsx';
import { useDocumentTitle } from '../../lib/useDocumentTitle.ts';
import { useTabReturn } from '../../lib/useTabReturn.ts';
import { ConnectionIndicator } from '../connection/ConnectionIndicator.tsx';
import { isListFresh } from '../connection/connectionStatus.ts';
import { FolderList } from '../folders/FolderList.tsx';
import { documentTitle, folderLabel, inboxUnread } from '../folders/folderTree.ts';
import { MessageList } from '../messages/MessageList.tsx';
import type { PositionRange } from '../messages/messageWindow.ts';
import { ReaderPane } from '../reader/ReaderPane.tsx';
import { ReadingSettings } from '../settings/ReadingSettings.tsx';
import { AccountStore } from './accountStore.ts';

interface MailAppProps {
  session: SessionInfo;
  /** Back to the sign-in screen, with the reason to show there (if any). */
  onSignedOut: (notice: string | null) => void;
}

/** The signed-in app: top bar, then folders | messages | reader. */
export function MailApp({ session, onSignedOut }: MailAppProps) {
  const [store] = useState(() => new AccountStore(onSignedOut));
  const account = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<string | null>(null);

  useEffect(() => {
    store.start();
    return () => store.stop();
  }, [store]);

  const currentInfo = account.mailboxes?.find((m) => m.path === account.current);
  const currentLabel = currentInfo
    ? folderLabel(currentInfo)
    : folderLabel({ path: account.current, role: null, name: account.current });
  const unreadInInbox = inboxUnread(account.mailboxes);

  useDocumentTitle(documentTitle(currentLabel, unreadInInbox));

  const onViewport = useCallback((visible: PositionRange) => store.setViewport(visible), [store]);
  const onSelect = useCallback((uid: number) => store.select(uid), [store]);
  const onMove = useCallback((delta: number) => store.moveSelection(delta), [store]);
  const onOpenFolder = useCallback((path: string) => store.openFolder(path), [store]);
  const onTabReturn = useCallback(() => store.refreshCounts(), [store]);
  useTabReturn(onTabReturn);
  const onCloseMessage = useCallback(() => store.closeMessage(), [store]);
  const onSetSeen = useCallback((uid: number, seen: boolean) => store.setSeen(uid, seen), [store]);

  const { list, selected } = account;
  const mailbox = list?.mailbox;
  const uidValidity = list?.uidValidity;
  const selectedUid = selected?.uid;
  // A stable locator: the reader re-renders the body only when the message itself changes.
  const openMessage = useMemo(
    () =>
      mailbox !== undefined && uidValidity !== undefined && selectedUid !== undefined
        ? { mailbox, uidValidity, uid: selectedUid }
        : null,
    [mailbox, uidValidity, selectedUid],
  );

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

  const notice = signOutError ?? account.notice;
  return (
    <div className="app">
      <header className="topbar">
        <div className="topbar__brand">
          <Logo size={26} />
          <span>Tidings</span>
        </div>
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
          <ReadingSettings />
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
        <FolderList
          mailboxes={account.mailboxes}
          current={account.current}
          error={account.foldersError}
          onOpen={onOpenFolder}
        />
        <section className="list-pane" aria-labelledby="list-pane-title">
          <header className="list-pane__header">
            <h1 id="list-pane-title">{currentLabel}</h1>
            {list && (
              <span className="list-pane__count">
                {list.total.toLocaleString()} {list.total === 1 ? 'message' : 'messages'}
                {currentInfo && currentInfo.unread > 0
                  ? ` · ${currentInfo.unread.toLocaleString()} unread`
                  : ''}
              </span>
            )}
          </header>
          <div className="list-pane__body">
            <MessageList
              key={account.current}
              list={list}
              selectedUid={account.selected?.uid ?? null}
              onViewport={onViewport}
              onSelect={onSelect}
              onMove={onMove}
            />
            {list && list.total === 0 && (
              <p className="list-pane__empty">No messages in {currentLabel}</p>
            )}
            {account.listError && (
              <p className="list-pane__empty" role="alert">
                {account.listError}
              </p>
            )}
          </div>
        </section>
        <ReaderPane
          message={openMessage}
          summary={selected}
          account={session.email}
          load={store.getMessage}
          onBack={onCloseMessage}
          onSetSeen={onSetSeen}
        />
      </div>

      {notice && (
        <div className="toast">
          <span role="alert">{notice}</span>
          <button
            type="button"
            className="toast__close"
            aria-label="Dismiss"
            onClick={() => {
              setSignOutError(null);
              store.dismissNotice();
            }}
          >
            ×
          </button>
        </div>
      )}
    </div>
  );
}
