/** What a setting needs of localStorage; a test passes its own. */
export type SettingsStore = Pick<Storage, 'getItem' | 'setItem'>;

/** This browser's localStorage, or null where it is refused (some private modes throw on access). */
export function browserStorage(): SettingsStore | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
