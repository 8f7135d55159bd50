import { useCallback, useEffect, useState } from 'react';
import type { SessionInfo } from '@tidings/protocol';
import { fetchSession } from './lib/api.ts';
import { SignIn } from './features/auth/SignIn.tsx';
import { AccountStore } from './features/account/accountStore.ts';
import { MailApp } from './features/account/MailApp.tsx';

type AuthState =
  | { phase: 'checking' }
  | { phase: 'signedOut'; notice: string | null }
  | { phase: 'signedIn'; session: SessionInfo; store: AccountStore };

export function App() {
  const [auth, setAuth] = useState<AuthState>({ phase: 'checking' });

  const onSignedOut = useCallback((notice: string | null) => {
    setAuth({ phase: 'signedOut', notice });
  }, []);
  /**
   * The live channel opens here, before the mail view renders: its socket handshake then runs
   * while React builds the page, and the first rows arrive that much sooner (bench/big-mailbox).
   */
  const onSignedIn = useCallback(
    (session: SessionInfo) => {
      const store = new AccountStore(onSignedOut);
      store.start();
      setAuth({ phase: 'signedIn', session, store });
    },
    [onSignedOut],
  );

  useEffect(() => {
    let cancelled = false;
    fetchSession().then(
      (session) => {
        if (cancelled) return;
        if (session) onSignedIn(session);
        else setAuth({ phase: 'signedOut', notice: null });
      },
      (error: unknown) => {
        if (cancelled) return;
        setAuth({ phase: 'signedOut', notice: error instanceof Error ? error.message : null });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [onSignedIn]);

  switch (auth.phase) {
    case 'checking':
      return <div className="splash" aria-busy="true" />;
    case 'signedOut':
      return <SignIn notice={auth.notice} onSignedIn={onSignedIn} />;
    case 'signedIn':
      return <MailApp session={auth.session} store={auth.store} onSignedOut={onSignedOut} />;
  }
}
