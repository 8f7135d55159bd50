import { useEffect, useState } from 'react';
import type { VacationState } from '@tidings/protocol';
import { useToday } from '../../lib/localDay.ts';
import type { VacationRequests } from '../account/accountRequests.ts';
import { vacationBanner } from './vacationForm.ts';

/**
 * Automatic replies as the server holds them, for the whole screen: asked when the account's
 * socket connects (again), and set by the settings whenever they hear from the server.
 */
export function useVacationState(requests: VacationRequests, connected: boolean) {
  const [state, setState] = useState<VacationState | null>(null);
  useEffect(() => {
    if (!connected) return;
    let current = true;
    void requests.get().then((answer) => {
      if (current && answer.ok) setState(answer.data);
    });
    return () => {
      current = false;
    };
  }, [requests, connected]);
  return [state, setState] as const;
}

/**
 * Over the panes while the server answers mail for the user, as Gmail and Outlook show it, with
 * the way to stop: replies left on by mistake go to everyone who writes.
 */
export function VacationBanner({
  state,
  requests,
  onStored,
}: {
  state: VacationState | null;
  requests: VacationRequests;
  onStored: (state: VacationState) => void;
}) {
  const today = useToday();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const text = state?.available ? vacationBanner(state.settings, today) : null;
  if (!state || !text) return null;

  async function turnOff(settings: VacationState['settings']) {
    setBusy(true);
    setError(null);
    // The words stay on the server for next time; only the replies stop.
    const answer = await requests.set({ ...settings, enabled: false });
    setBusy(false);
    if (answer.ok) onStored(answer.data);
    else setError(answer.error.message);
  }

  return (
    <div className="banner" role="region" aria-label="Automatic replies are on">
      <span>{text}</span>
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={() => void turnOff(state.settings)}
      >
        Turn off automatic replies
      </button>
      {error && <span role="alert">{error}</span>}
    </div>
  );
}
