import { browserStorage, type SettingsStore } from '../../lib/settingsStorage.ts';

/**
 * When opening a message marks it \Seen: at once (the default), after the message stayed open
 * for some seconds, or never (the user marks it read). Kept in localStorage for this browser.
 */
export type SeenPolicy =
  { mode: 'immediately' } | { mode: 'after'; seconds: number } | { mode: 'never' };

export const SEEN_POLICY_KEY = 'tidings:mark-read';
export const DEFAULT_SEEN_POLICY: SeenPolicy = { mode: 'immediately' };
export const SEEN_DELAY_LIMITS_S = { min: 1, max: 600, default: 5 } as const;

export function clampSeenDelay(seconds: number): number {
  if (!Number.isFinite(seconds)) return SEEN_DELAY_LIMITS_S.default;
  return Math.min(SEEN_DELAY_LIMITS_S.max, Math.max(SEEN_DELAY_LIMITS_S.min, Math.round(seconds)));
}

export function parseSeenPolicy(raw: string | null): SeenPolicy {
  if (!raw) return DEFAULT_SEEN_POLICY;
  try {
    const value = JSON.parse(raw) as Partial<{ mode: string; seconds: number }>;
    if (value.mode === 'never') return { mode: 'never' };
    if (value.mode === 'after' && typeof value.seconds === 'number') {
      return { mode: 'after', seconds: clampSeenDelay(value.seconds) };
    }
  } catch {
    // A hand-edited or foreign value: the default.
  }
  return DEFAULT_SEEN_POLICY;
}

export function loadSeenPolicy(storage: SettingsStore | null = browserStorage()): SeenPolicy {
  try {
    return parseSeenPolicy(storage?.getItem(SEEN_POLICY_KEY) ?? null);
  } catch {
    return DEFAULT_SEEN_POLICY;
  }
}

export function saveSeenPolicy(
  policy: SeenPolicy,
  storage: SettingsStore | null = browserStorage(),
): void {
  try {
    storage?.setItem(SEEN_POLICY_KEY, JSON.stringify(policy));
  } catch {
    // Refused (private mode, quota): the choice is not kept.
  }
}
