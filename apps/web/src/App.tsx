import { useCallback, useEffect, useState } from 'react';
import type { SessionInfo } from '@tidings/protocol';
import { fetchSession } from './lib/api.ts';
import { SignIn } from './features/auth/SignIn.tsx';
import { MailApp } from './features/account/MailApp.tsx';

type AuthState =
  | { phase: 'checking' }
  | { phase: 'signedOut'; notice: string | null }
  | { phase: 'signedIn'; session: SessionInfo };

export function App() {
  const [auth, setAuth] = useState<AuthState>({ phase: 'checking' });

  useEffect(() => {
    let cancelled = false;
    fetchSession().then(
      (session) => {
        if (cancelled) return;
        setAuth(session ? { phase: 'signedIn', session } : { phase: 'signedOut', notice: null });
      },
      (error: unknown) => {
        if (cancelled) return;
        setAuth({ phase: 'signedOut', notice: error instanceof Error ? error.message : null });
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const onSignedIn = useCallback((session: SessionInfo) => {
    setAuth({ phase: 'signedIn', session });
  }, []);
  const onSignedOut = useCallback((notice: string | null) => {
    setAuth({ phase: 'signedOut', notice });
  }, []);

  switch (auth.phase) {
    case 'checking':
      return <div className="splash" aria-busy="true" />;
    case 'signedOut':
      return <SignIn notice={auth.notice} onSignedIn={onSignedIn} />;
    case 'signedIn':
      return <MailApp session={auth.session} onSignedOut={onSignedOut} />;
  }
}
