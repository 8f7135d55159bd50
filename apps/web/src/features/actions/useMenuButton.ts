import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { menuKey } from './menuKeys.ts';

/** A menu's items: plain, or ones with a tick (menuitemcheckbox). */
const MENU_ITEMS = '[role="menuitem"], [role="menuitemcheckbox"]';

/**
 * A menu button's behaviour (the WAI-ARIA menu button pattern) for a menu whose state is
 * `open`, `closed` when shut: its first item takes the focus when it opens, a pointer outside
 * shuts it, and the keys of menuKeys.ts move through it; `close()` gives the focus back to the
 * button. Put `rootRef` on the element holding both, the others on the button and the list.
 */
export function useMenuButton<T>(open: T, setOpen: (state: T) => void, closed: T) {
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);
  const menuId = useId();
  const isOpen = open !== closed;

  useEffect(() => {
    if (!isOpen) return;
    menuRef.current?.querySelector<HTMLElement>(MENU_ITEMS)?.focus();
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(closed);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [isOpen, setOpen, closed]);

  function close() {
    setOpen(closed);
    buttonRef.current?.focus();
  }

  function onMenuKey(event: KeyboardEvent<HTMLUListElement>) {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>(MENU_ITEMS) ?? [])];
    const index = items.indexOf(document.activeElement as HTMLElement);
    const move = menuKey(event.key, index, items.length);
    if (move === null) return;
    event.preventDefault();
    if (move === 'close') close();
    else items[move]?.focus();
  }

  return { rootRef, buttonRef, menuRef, menuId, close, onMenuKey };
}
