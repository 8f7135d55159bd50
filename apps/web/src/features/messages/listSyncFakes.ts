// A fake gateway socket and mailbox view for the list sync tests (messageWindowSync,
// mailboxSync): requests are recorded and answered by the test, one at a time.
import type { Ack, MessageWindow } from '@tidings/protocol';
import type { GatewaySocket } from '../../lib/socket.ts';
import { INITIAL_MAILBOX_VIEW, type MailboxView } from './mailboxView.ts';

export interface SentRequest {
  event: string;
  request: Record<string, unknown>;
  answer(ack: Ack<MessageWindow>): void;
}

export function fakeSocket(): { socket: GatewaySocket; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const socket = {
    connected: true,
    timeout: () => ({
      emitWithAck: (event: string, request: Record<string, unknown>) =>
        new Promise((resolve) => sent.push({ event, request, answer: resolve })),
    }),
  } as unknown as GatewaySocket;
  return { socket, sent };
}

export function emptyView(patch: Partial<MailboxView> = {}): MailboxView {
  return { ...INITIAL_MAILBOX_VIEW, ...patch };
}

/** Lets pending promise callbacks (an answer's handling) run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
