import type { SettingsStore } from './settingsStorage.ts';

/** Settings storage held in a Map, for the settings' tests: what was written is in `values`. */
export function memoryStorage(): SettingsStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
  };
}
