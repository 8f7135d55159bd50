import { useEffect, useRef, useState } from 'react';

/** A message held before it goes (undo send): when it goes, and how to stop or hurry it. */
export interface SendHold {
  /** Epoch ms when the held message goes; null while none is held. */
  endsAt: number | null;
  /** Holds `go` for `seconds`; it runs then, unless undone first. */
  start(seconds: number, go: () => void): void;
  /** Undo send: `go` does not run; the message stays in the composer. */
  undo(): void;
  /** Send now: `go` runs at once. */
  now(): void;
}

export function useSendHold(): SendHold {
  const [endsAt, setEndsAt] = useState<number | null>(null);
  const held = useRef<{ timer: number; go: () => void } | null>(null);

  function release(): (() => void) | null {
    const current = held.current;
    if (current) window.clearTimeout(current.timer);
    held.current = null;
    setEndsAt(null);
    return current?.go ?? null;
  }

  // The composer going away (signed out) takes the held message with it: it is in Drafts.
  useEffect(
    () => () => {
      if (held.current) window.clearTimeout(held.current.timer);
    },
    [],
  );

  // Leaving the page now would leave the message unsent (in Drafts): the browser asks first.
  useEffect(() => {
    if (endsAt === null) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [endsAt]);

  return {
    endsAt,
    start(seconds, go) {
      release();
      const timer = window.setTimeout(() => release()?.(), seconds * 1000);
      held.current = { timer, go };
      setEndsAt(Date.now() + seconds * 1000);
    },
    undo: () => void release(),
    now: () => release()?.(),
  };
}
