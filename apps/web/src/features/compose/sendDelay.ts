import { browserStorage, type SettingsStore } from '../../lib/settingsStorage.ts';

/**
 * Undo send: how long a sent message waits in the composer, with Undo, before it goes. Off by
 * default (a message goes the moment Send is pressed); kept in localStorage for this browser.
 */
export const SEND_DELAY_KEY = 'tidings:undo-send';
export const SEND_DELAY_CHOICES_S = [0, 5, 10, 20, 30] as const;

export function parseSendDelay(raw: string | null): number {
  const seconds = Number(raw);
  return (SEND_DELAY_CHOICES_S as readonly number[]).includes(seconds) ? seconds : 0;
}

export function loadSendDelay(storage: SettingsStore | null = browserStorage()): number {
  try {
    return parseSendDelay(storage?.getItem(SEND_DELAY_KEY) ?? null);
  } catch {
    return 0;
  }
}

export function saveSendDelay(
  seconds: number,
  storage: SettingsStore | null = browserStorage(),
): void {
  try {
    storage?.setItem(SEND_DELAY_KEY, String(parseSendDelay(String(seconds))));
  } catch {
    // Refused (private mode, quota): the choice is not kept.
  }
}

/** "Sending in 4 s": whole seconds left, never below 1 while it waits. */
export function secondsLeft(endsAt: number, now: number): number {
  return Math.max(1, Math.ceil((endsAt - now) / 1000));
}
