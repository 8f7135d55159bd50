import { useEffect } from 'react';
import { drawBadgedIcon } from './faviconBadge.ts';

/** Keeps the tab's icon in step with the Inbox's unread count (the plain icon at zero). */
export function useFaviconBadge(unread: number): void {
  useEffect(() => {
    const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
    if (!link) return;
    const plain = link.dataset.plainHref ?? link.getAttribute('href') ?? '/favicon.svg';
    link.dataset.plainHref = plain;
    if (unread <= 0) {
      link.href = plain;
      return;
    }
    let current = true;
    void drawBadgedIcon(plain, unread).then((href) => {
      if (current && href) link.href = href;
    });
    return () => {
      current = false;
    };
  }, [unread]);

  // Signed out: the plain icon again.
  useEffect(
    () => () => {
      const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
      if (link?.dataset.plainHref) link.href = link.dataset.plainHref;
    },
    [],
  );
}
