/** Whether the list groups messages into conversations; kept in localStorage for this browser. */
export const CONVERSATIONS_KEY = 'tidings:conversations';

type Store = Pick<Storage, 'getItem' | 'setItem'>;

function safeLocalStorage(): Store | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** Off unless this browser turned it on. */
export function conversationsEnabled(storage: Store | null = safeLocalStorage()): boolean {
  try {
    return storage?.getItem(CONVERSATIONS_KEY) === 'on';
  } catch {
    return false;
  }
}

export function setConversationsEnabled(
  on: boolean,
  storage: Store | null = safeLocalStorage(),
): void {
  try {
    storage?.setItem(CONVERSATIONS_KEY, on ? 'on' : 'off');
  } catch {
    // Refused (private mode, quota): the choice is not kept.
  }
}
