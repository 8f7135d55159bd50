import { useEffect, type RefObject } from 'react';

/**
 * Shows a native <dialog> as modal for as long as its component is mounted (focus trapped,
 * Escape fires `cancel`), then gives the focus back to what had it before. The browser does that
 * only for a dialog closed while still in the document, and React has removed it by the time
 * an effect's cleanup runs.
 */
export function useModalDialog(ref: RefObject<HTMLDialogElement | null>): void {
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, [ref]);
}
