import type { ImapLinkState } from '@tidings/protocol';

/** The browser ↔ gateway link, as socket.io reports it. */
export type SocketLink = 'connecting' | 'connected' | 'disconnected';

export interface ConnectionFacts {
  /** `navigator.onLine`. */
  online: boolean;
  socket: SocketLink;
  /** The gateway ↔ IMAP link, from the latest `account:status`; null until one arrives. */
  imap: ImapLinkState | null;
  /** Epoch ms of the gateway's next IMAP reconnect attempt, if it said. */
  retryAt: number | null;
  /** The gateway refused this app's protocol version: no reconnecting until a reload. */
  outdated: boolean;
}

export type ConnectionTone = 'live' | 'pending' | 'offline';

export interface ConnectionView {
  tone: ConnectionTone;
  /** Starts with "Live", "Reconnecting" or "Offline" (UI contract). */
  text: string;
  /** A longer explanation for the tooltip. */
  detail: string;
}

/** "Live" means changes are being pushed right now: both links are up. */
export function describeConnection(facts: ConnectionFacts, now: number): ConnectionView {
  if (!facts.online) {
    return {
      tone: 'offline',
      text: 'Offline',
      detail: 'This device is offline. Tidings reconnects when the network returns.',
    };
  }
  if (facts.outdated) {
    return {
      tone: 'offline',
      text: 'Offline — reload needed',
      detail: 'Tidings was updated. Reload the page to reconnect.',
    };
  }
  if (facts.socket === 'connected' && facts.imap === 'live') {
    return { tone: 'live', text: 'Live', detail: 'New mail and changes appear as they happen.' };
  }
  const seconds =
    facts.retryAt !== null && facts.socket === 'connected'
      ? Math.ceil((facts.retryAt - now) / 1000)
      : 0;
  return {
    tone: 'pending',
    text: seconds > 0 ? `Reconnecting… retrying in ${seconds}s` : 'Reconnecting…',
    detail:
      facts.socket === 'connected'
        ? 'The mail server connection is being re-established.'
        : 'Reaching Tidings again.',
  };
}
