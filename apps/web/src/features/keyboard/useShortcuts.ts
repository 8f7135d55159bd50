import { useEffect, useRef } from 'react';
import { commandFor, isActivationKey, isTypingTarget, type Command } from './shortcuts.ts';

/** How long `*` waits for the `a` of "select all". */
const SEQUENCE_MS = 1_000;

/**
 * Listens for the mail shortcuts on the whole document. Nothing fires while the user types in a
 * field, or inside a dialog or menu (they have keys of their own). `run` answers whether it
 * used the key, which then does nothing else.
 */
export function useShortcuts(run: (command: Command) => boolean): void {
  const runRef = useRef(run);
  useEffect(() => {
    runRef.current = run;
  }, [run]);

  useEffect(() => {
    let previous: { key: string; at: number } | null = null;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const target = event.target instanceof Element ? event.target : null;
      const typing = isTypingTarget(target as HTMLElement | null);
      const insideOverlay = target?.closest('dialog, [role="dialog"], [role="menu"]') != null;
      if (typing || insideOverlay || isActivationKey(event.key, target)) return;
      const now = Date.now();
      const before = previous && now - previous.at < SEQUENCE_MS ? previous.key : null;
      previous = { key: event.key, at: now };
      const command = commandFor(event, before);
      if (command && runRef.current(command)) event.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
