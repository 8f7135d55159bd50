import { useId, useReducer, type FormEvent } from 'react';
import { MAX_VACATION_MESSAGE, MAX_VACATION_SUBJECT, type VacationState } from '@tidings/protocol';
import { useToday } from '../../lib/localDay.ts';
import type { VacationRequests } from '../account/accountRequests.ts';
import { LoadFailure } from './LoadFailure.tsx';
import { useServerRead } from './useServerRead.ts';
import {
  initialVacationView,
  settingsFromFields,
  statusLine,
  vacationReducer,
  type VacationFields,
} from './vacationForm.ts';

/**
 * Automatic replies ("out of office"), kept by the mail server (Sieve over ManageSieve), so they
 * go out with this tab closed. Read when the settings open and whenever the account's socket
 * connects again; what the user is typing survives both, and a refused save.
 */
export function VacationSettings({
  requests,
  connected,
  onStored,
}: {
  requests: VacationRequests;
  connected: boolean;
  /** What the server holds, each time it answers (the banner over the panes shows it too). */
  onStored?: (state: VacationState) => void;
}) {
  const [view, dispatch] = useReducer(vacationReducer, initialVacationView);
  const today = useToday();
  const ids = { subject: useId(), message: useId(), until: useId(), untilHint: useId() };
  const reads = useServerRead(requests.get, connected, (answer) => {
    dispatch({ type: 'loaded', answer });
    if (answer.ok) onStored?.(answer.data);
  });

  function edit(patch: Partial<VacationFields>) {
    dispatch({ type: 'edit', patch });
  }

  function save(event: FormEvent) {
    event.preventDefault();
    if (view.sending) return;
    const check = settingsFromFields(view.fields, today);
    if (!check.ok) {
      dispatch({ type: 'refused', message: check.message });
      return;
    }
    dispatch({ type: 'saving' });
    reads.supersede();
    void requests.set(check.settings).then((answer) => {
      dispatch({ type: 'saved', answer });
      if (answer.ok) onStored?.(answer.data);
    });
  }

  const { stored, fields } = view;
  return (
    <form noValidate onSubmit={save}>
      <fieldset className="settings__group settings__group--next">
        <legend>Automatic replies</legend>
        <p className="settings__status" role="status" aria-label="Automatic replies">
          {statusLine(view, today)}
        </p>
        {view.loadError && (
          <LoadFailure
            what="Automatic replies"
            reason={view.loadError}
            onRetry={() => {
              dispatch({ type: 'retry' });
              reads.retry();
            }}
          />
        )}
        {stored?.available && (
          <>
            <label className="settings__option">
              <input
                type="checkbox"
                checked={fields.enabled}
                onChange={(event) => edit({ enabled: event.target.checked })}
              />
              Send automatic replies
            </label>
            <label className="settings__field" htmlFor={ids.subject}>
              Reply subject
            </label>
            <input
              id={ids.subject}
              className="settings__input"
              type="text"
              maxLength={MAX_VACATION_SUBJECT}
              // Empty is the server's own subject: RFC 5230 suggests "Auto: " and theirs.
              placeholder="Auto: their subject"
              value={fields.subject}
              onChange={(event) => edit({ subject: event.target.value })}
            />
            <label className="settings__field" htmlFor={ids.message}>
              Reply message
            </label>
            <textarea
              id={ids.message}
              className="settings__input settings__reply"
              rows={4}
              maxLength={MAX_VACATION_MESSAGE}
              aria-required={fields.enabled}
              value={fields.message}
              onChange={(event) => edit({ message: event.target.value })}
            />
            <label className="settings__field" htmlFor={ids.until}>
              Last day
            </label>
            <input
              id={ids.until}
              className="settings__input"
              type="date"
              min={today}
              aria-describedby={ids.untilHint}
              value={fields.until}
              onChange={(event) => edit({ until: event.target.value })}
            />
            <p id={ids.untilHint} className="settings__hint">
              Empty: until you turn them off.
            </p>
            {stored.keeps !== null && (
              <p className="settings__hint">
                Your server filter “{stored.keeps}” keeps running after the reply.
              </p>
            )}
            {view.saveError && (
              <p className="error-box" role="alert">
                {view.saveError}
              </p>
            )}
            <button
              type="submit"
              className="button button--primary settings__action"
              disabled={view.sending !== null}
            >
              Save automatic replies
            </button>
          </>
        )}
      </fieldset>
    </form>
  );
}
