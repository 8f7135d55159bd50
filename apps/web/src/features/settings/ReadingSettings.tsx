import { useEffect, useId, useRef, useState } from 'react';
import {
  SEEN_DELAY_LIMITS_S,
  clampSeenDelay,
  loadSeenPolicy,
  saveSeenPolicy,
  type SeenPolicy,
} from '../messages/seenPolicy.ts';
import { SEND_DELAY_CHOICES_S, loadSendDelay, saveSendDelay } from '../compose/sendDelay.ts';
import {
  askPermissionOnce,
  notificationPermission,
  notificationsEnabled,
  setNotificationsEnabled,
} from '../notifications/notificationSettings.ts';
import type { MailboxInfo, VacationState } from '@tidings/protocol';
import type { FilterRequests, VacationRequests } from '../account/accountRequests.ts';
import type { RulePrefill } from './filterForm.ts';
import { FilterSettings } from './FilterSettings.tsx';
import { IdentitySettings } from './IdentitySettings.tsx';
import { VacationSettings } from './VacationSettings.tsx';

/**
 * A small popover in the top bar: when opening a message marks it read, notifications, undo
 * send, and (for the signed-in `account`) the name and signature messages go out with, and its
 * automatic replies and filter rules, which live on the mail server (`vacation`, `filters`: their
 * requests, and whether it is connected).
 */
export function ReadingSettings({
  account,
  vacation,
  filters,
}: {
  account?: string;
  vacation?: {
    requests: VacationRequests;
    connected: boolean;
    onStored: (state: VacationState) => void;
  };
  filters?: {
    requests: FilterRequests;
    connected: boolean;
    mailboxes: readonly MailboxInfo[] | null;
    onApplied: (label: string, undo: string | null) => void;
    /** "Filter messages like this": opens the settings with the rule begun. */
    prefill: RulePrefill | null;
    onPrefilled: () => void;
  };
}) {
  const [open, setOpen] = useState(false);
  const [policy, setPolicy] = useState<SeenPolicy>(() => loadSeenPolicy());
  const [seconds, setSeconds] = useState(() =>
    policy.mode === 'after' ? policy.seconds : SEEN_DELAY_LIMITS_S.default,
  );
  const [notify, setNotify] = useState(() => notificationsEnabled());
  const [sendDelay, setSendDelay] = useState(() => loadSendDelay());
  const [permission, setPermission] = useState(() => notificationPermission());
  const rootRef = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const name = useId();
  const undoSendId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  // "Filter messages like this" opens the settings (React's state-from-props pattern).
  const prefillSerial = filters?.prefill?.serial;
  const [openedFor, setOpenedFor] = useState(prefillSerial);
  if (prefillSerial !== openedFor) {
    setOpenedFor(prefillSerial);
    if (prefillSerial !== undefined) setOpen(true);
  }

  function choose(next: SeenPolicy) {
    setPolicy(next);
    saveSeenPolicy(next);
  }

  function toggle() {
    if (!open) {
      // Another tab may have changed it.
      const current = loadSeenPolicy();
      setPolicy(current);
      if (current.mode === 'after') setSeconds(current.seconds);
      setNotify(notificationsEnabled());
      setPermission(notificationPermission());
      setSendDelay(loadSendDelay());
    }
    setOpen(!open);
  }

  return (
    <div className="settings" ref={rootRef}>
      <button
        type="button"
        className="button button--quiet"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={toggle}
      >
        Settings
      </button>
      {open && (
        <div id={panelId} className="settings__panel" role="dialog" aria-label="Reading settings">
          <fieldset className="settings__group">
            <legend>Mark messages as read</legend>
            <label className="settings__option">
              <input
                type="radio"
                name={name}
                checked={policy.mode === 'immediately'}
                onChange={() => choose({ mode: 'immediately' })}
              />
              As soon as I open them
            </label>
            <label className="settings__option">
              <input
                type="radio"
                name={name}
                checked={policy.mode === 'after'}
                onChange={() => choose({ mode: 'after', seconds })}
              />
              After they stay open for
            </label>
            <label className="settings__seconds">
              <input
                type="number"
                min={SEEN_DELAY_LIMITS_S.min}
                max={SEEN_DELAY_LIMITS_S.max}
                value={seconds}
                aria-label="Seconds before marking as read"
                onChange={(event) => {
                  const next = clampSeenDelay(Number(event.target.value));
                  setSeconds(next);
                  if (policy.mode === 'after') choose({ mode: 'after', seconds: next });
                }}
              />
              seconds
            </label>
            <label className="settings__option">
              <input
                type="radio"
                name={name}
                checked={policy.mode === 'never'}
                onChange={() => choose({ mode: 'never' })}
              />
              Never (I mark them myself)
            </label>
          </fieldset>
          <fieldset className="settings__group settings__group--next">
            <legend>Notifications</legend>
            <label className="settings__option">
              <input
                type="checkbox"
                checked={notify}
                disabled={permission === 'unsupported'}
                onChange={(event) => {
                  const on = event.target.checked;
                  setNotify(on);
                  setNotificationsEnabled(on);
                  if (on) askPermissionOnce(true);
                }}
              />
              Notify me of new mail while Tidings is in the background
            </label>
            {notify && permission === 'denied' && (
              <p className="settings__hint">
                Your browser blocks notifications from this site; allow them in its site settings.
              </p>
            )}
          </fieldset>
          <fieldset className="settings__group settings__group--next">
            <legend>Sending</legend>
            <label className="settings__field" htmlFor={undoSendId}>
              Undo send
            </label>
            <select
              id={undoSendId}
              className="settings__input"
              value={sendDelay}
              onChange={(event) => {
                const seconds = Number(event.target.value);
                setSendDelay(seconds);
                saveSendDelay(seconds);
              }}
            >
              {SEND_DELAY_CHOICES_S.map((seconds) => (
                <option key={seconds} value={seconds}>
                  {seconds === 0 ? 'Off' : `${seconds} seconds`}
                </option>
              ))}
            </select>
            <p className="settings__hint">
              How long a sent message waits in the composer, with Undo send, before it goes.
            </p>
          </fieldset>
          {account && <IdentitySettings account={account} />}
          {vacation && <VacationSettings {...vacation} />}
          {filters && <FilterSettings {...filters} />}
        </div>
      )}
    </div>
  );
}
