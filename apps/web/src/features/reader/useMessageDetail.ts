import { useCallback, useEffect, useState } from 'react';
import type { Ack, MessageDetail, MessageGetRequest } from '@tidings/protocol';
import type { MessageLocator } from './resourceUrls.ts';

export type LoadMessage = (request: MessageGetRequest) => Promise<Ack<MessageDetail>>;

export type MessageDetailState =
  | { status: 'loading' }
  | { status: 'ready'; detail: MessageDetail }
  | { status: 'failed'; message: string };

/** Asks the gateway for one message; answers for a message no longer shown are dropped. */
export function useMessageDetail(
  message: MessageLocator,
  load: LoadMessage,
): [MessageDetailState, () => void] {
  const { mailbox, uidValidity, uid } = message;
  const [attempt, setAttempt] = useState(0);
  const key = `${mailbox}\n${uidValidity}\n${uid}\n${attempt}`;
  const [answer, setAnswer] = useState<{ key: string; state: MessageDetailState } | null>(null);

  useEffect(() => {
    let current = true;
    load({ mailbox, uidValidity, uid }).then(
      (result) => {
        if (!current) return;
        setAnswer({
          key,
          state: result.ok
            ? { status: 'ready', detail: result.data }
            : { status: 'failed', message: result.error.message },
        });
      },
      () => {
        if (current) setAnswer({ key, state: { status: 'failed', message: 'Could not load.' } });
      },
    );
    return () => {
      current = false;
    };
  }, [key, load, mailbox, uidValidity, uid]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return [answer?.key === key ? answer.state : { status: 'loading' }, retry];
}
