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
  /** The open mailbox's list is known to be current (see `isListFresh`). */
  listFresh: boolean;
}

/**
 * Whether the open list may have missed events. Every socket (re)connect and every
 * `account:resync` opens a gap in the event stream; only a re-open of the mailbox sent after
 * the latest gap closes it, because an answer cut before the gap cannot know what fell into it.
 */
export interface ListSync {
  /** Gaps opened so far: bumped by every (re)connect and `account:resync`. */
  gaps: number;
  /** The `gaps` count when the latest answered re-open was sent: the gaps it covers. */
  covered: number;
}

export const initialListSync: ListSync = { gaps: 0, covered: 0 };

export function openGap(sync: ListSync): ListSync {
  return { ...sync, gaps: sync.gaps + 1 };
}

/** A re-open sent when `gaps` stood at `gapsAtRequest` has answered. */
export function coverGaps(sync: ListSync, gapsAtRequest: number): ListSync {
  return gapsAtRequest > sync.covered ? { ...sync, covered: gapsAtRequest } : sync;
}

export function isListFresh(sync: ListSync): boolean {
  return sync.covered >= sync.gaps;
}

export type ConnectionTone = 'live' | 'pending' | 'offline';

export interface ConnectionView {
  tone: ConnectionTone;
  /** Starts with "Live", "Reconnecting" or "Offline" (UI contract). */
  text: string;
  /** A longer explanation for the tooltip. */
  detail: string;
}

/**
 * "Live" means changes are being pushed right now and the list on screen has caught up with
 * them: both links are up and no gap in the event stream is still being filled.
 */
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
    if (facts.listFresh) {
      return { tone: 'live', text: 'Live', detail: 'New mail and changes appear as they happen.' };
    }
    return {
      tone: 'pending',
      text: 'Reconnecting…',
      detail: 'Catching up on changes made while this tab was not connected.',
    };
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
