import { useEffect } from 'react';
import type { AccountStore } from '../account/accountStore.ts';
import { arrivalNotice } from './inboxArrivals.ts';
import {
  askPermissionOnce,
  notificationPermission,
  notificationsEnabled,
} from './notificationSettings.ts';

/**
 * A desktop notification when new mail reaches the Inbox while this tab is hidden. The
 * permission is asked once, at the user's first click or key press in the app.
 */
export function useNewMailNotifications(store: AccountStore, onOpenInbox: () => void): void {
  useEffect(() => {
    const ask = () => askPermissionOnce();
    document.addEventListener('pointerdown', ask, { once: true });
    document.addEventListener('keydown', ask, { once: true });
    return () => {
      document.removeEventListener('pointerdown', ask);
      document.removeEventListener('keydown', ask);
    };
  }, []);

  useEffect(
    () =>
      store.onInboxArrival((arrival) => {
        if (document.visibilityState !== 'hidden' || !notificationsEnabled()) return;
        if (notificationPermission() !== 'granted') return;
        const { title, body } = arrivalNotice(arrival);
        // One notification at a time: a newer one replaces it (same tag).
        const notification = new Notification(title, {
          body,
          tag: 'tidings-new-mail',
          icon: '/favicon.svg',
        });
        notification.onclick = () => {
          window.focus();
          onOpenInbox();
          notification.close();
        };
      }),
    [store, onOpenInbox],
  );
}
