import { browserStorage, type SettingsStore } from '../../lib/settingsStorage.ts';

/**
 * Desktop notifications for new Inbox mail: on unless the user turned them off (kept in this
 * browser), and only where the browser has granted the permission, which is asked once.
 */
export const NOTIFY_KEY = 'tidings:notify-new-mail';
const ASKED_KEY = 'tidings:notify-asked';

function read(key: string, store: SettingsStore | null): string | null {
  try {
    return store?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(key: string, value: string, store: SettingsStore | null): void {
  try {
    store?.setItem(key, value);
  } catch {
    // Refused (private mode, quota): the choice is not kept.
  }
}

export function notificationsEnabled(store: SettingsStore | null = browserStorage()): boolean {
  return read(NOTIFY_KEY, store) !== 'off';
}

export function setNotificationsEnabled(
  on: boolean,
  store: SettingsStore | null = browserStorage(),
): void {
  write(NOTIFY_KEY, on ? 'on' : 'off', store);
}

/** The browser's permission, or 'unsupported' where there are no notifications. */
export function notificationPermission(): NotificationPermission | 'unsupported' {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/**
 * Asks for the permission if it was never asked (or `again`, when the user turns notifications
 * on in the settings). Must run inside a user gesture: browsers refuse or punish other asks.
 */
export function askPermissionOnce(
  again = false,
  store: SettingsStore | null = browserStorage(),
): void {
  if (notificationPermission() !== 'default') return;
  if (!again && (read(ASKED_KEY, store) === 'yes' || !notificationsEnabled(store))) return;
  write(ASKED_KEY, 'yes', store);
  void Notification.requestPermission().catch(() => {});
}

/** The notification's title and body for new mail. */
export function arrivalText(
  count: number,
  latest: { from: string; subject: string } | null,
): { title: string; body: string } {
  if (latest && count === 1) return { title: latest.from, body: latest.subject };
  if (latest) return { title: `${count} new messages`, body: `${latest.from}: ${latest.subject}` };
  return {
    title: count === 1 ? 'New message' : `${count} new messages`,
    body: 'In your Inbox',
  };
}
