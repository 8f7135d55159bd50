import { browserStorage, type SettingsStore } from '../../lib/settingsStorage.ts';

/**
 * Senders whose remote images are always shown, remembered per account in localStorage:
 * `tidings:trusted-senders:<account email>` holds a JSON array of lower-cased addresses.
 */

const KEY_PREFIX = 'tidings:trusted-senders:';
/** A list past this is cut from the oldest end: the setting is a convenience, not an archive. */
const MAX_TRUSTED_SENDERS = 2_000;

function storageKey(account: string): string {
  return KEY_PREFIX + account.toLowerCase();
}

export function trustedSenders(
  account: string,
  storage: SettingsStore | null = browserStorage(),
): string[] {
  if (!storage) return [];
  try {
    const parsed: unknown = JSON.parse(storage.getItem(storageKey(account)) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}

export function isTrustedSender(
  account: string,
  sender: string | undefined,
  storage: SettingsStore | null = browserStorage(),
): boolean {
  return !!sender && trustedSenders(account, storage).includes(sender.toLowerCase());
}

export function setTrustedSender(
  account: string,
  sender: string,
  trusted: boolean,
  storage: SettingsStore | null = browserStorage(),
): void {
  if (!storage) return;
  const address = sender.toLowerCase();
  const others = trustedSenders(account, storage).filter((s) => s !== address);
  const next = trusted ? [...others, address].slice(-MAX_TRUSTED_SENDERS) : others;
  try {
    storage.setItem(storageKey(account), JSON.stringify(next));
  } catch {
    // Storage full or refused (private mode): the choice holds for this message only.
  }
}
