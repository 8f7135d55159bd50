import { useEffect, useRef, useState } from 'react';
import type { Ack } from '@tidings/protocol';
import { notConnected } from '../../lib/socket.ts';

/**
 * Settings the mail server keeps, read when the form is shown, whenever the account's socket
 * connects again, and on `retry`. Only the latest read reaches `onAnswer`: one from before a
 * reconnect, or from before a save (`supersede`), is stale.
 */
export function useServerRead<T>(
  read: () => Promise<Ack<T>>,
  connected: boolean,
  onAnswer: (answer: Ack<T>) => void,
): { retry(): void; supersede(): void } {
  const [attempt, setAttempt] = useState(0);
  const latestRead = useRef(0);
  const answer = useRef(onAnswer);
  useEffect(() => {
    answer.current = onAnswer;
  });

  useEffect(() => {
    let current = true;
    const ticket = ++latestRead.current;
    // Asked of a socket that is down, a request would wait out its timeout: say so at once.
    void (connected ? read() : Promise.resolve(notConnected<T>())).then((result) => {
      if (current && ticket === latestRead.current) answer.current(result);
    });
    return () => {
      current = false;
    };
  }, [read, connected, attempt]);

  return {
    retry: () => setAttempt((n) => n + 1),
    supersede: () => void latestRead.current++,
  };
}
