import { useState } from 'react';
import { signOut } from '../../lib/api.ts';
import type { AccountStore } from './accountStore.ts';

export interface SignOut {
  pending: boolean;
  /** Why the last attempt failed; shown as a notice until dismissed. */
  error: string | null;
  run(): Promise<void>;
  dismissError(): void;
}

/** Signing out: the session ends on the gateway first, then the account's socket stops. */
export function useSignOut(
  csrfToken: string,
  store: AccountStore,
  onSignedOut: (notice: string | null) => void,
): SignOut {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run() {
    setPending(true);
    setError(null);
    try {
      await signOut(csrfToken);
      store.stop();
      onSignedOut(null);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Could not sign out.');
      setPending(false);
    }
  }

  return { pending, error, run, dismissError: () => setError(null) };
}
