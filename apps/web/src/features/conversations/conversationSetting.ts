import { browserStorage, type SettingsStore } from '../../lib/settingsStorage.ts';

/** Whether the list groups messages into conversations; kept in localStorage for this browser. */
export const CONVERSATIONS_KEY = 'tidings:conversations';

/** Off unless this browser turned it on. */
export function conversationsEnabled(storage: SettingsStore | null = browserStorage()): boolean {
  try {
    return storage?.getItem(CONVERSATIONS_KEY) === 'on';
  } catch {
    return false;
  }
}

export function setConversationsEnabled(
  on: boolean,
  storage: SettingsStore | null = browserStorage(),
): void {
  try {
    storage?.setItem(CONVERSATIONS_KEY, on ? 'on' : 'off');
  } catch {
    // Refused (private mode, quota): the choice is not kept.
  }
}
