import { useEffect, useState } from 'react';

/**
 * The current time in epoch ms, refreshed every `intervalMs` while `active`. Rendering reads
 * time from here rather than calling Date.now(), so renders stay pure.
 */
export function useNow(intervalMs: number, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const tick = () => setNow(Date.now());
    const first = window.setTimeout(tick, 0);
    const timer = window.setInterval(tick, intervalMs);
    return () => {
      window.clearTimeout(first);
      window.clearInterval(timer);
    };
  }, [intervalMs, active]);
  return now;
}
