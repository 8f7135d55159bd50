import { ImapLinkState, type AccountStatusEvent } from '@tidings/protocol';
import { LinkState } from '../imap/imap-link.ts';

/**
 * What the tabs are told about the push chain: "live" only while both connections are up and
 * the watched mailbox is loaded (IDLE running, new mail fetchable); "reconnecting" with the
 * next attempt's time while either is waiting to retry; else "connecting".
 */
export function accountStatus(
  links: readonly LinkState[],
  mailboxLoaded: boolean,
  retryAt?: number,
): AccountStatusEvent {
  if (links.every((s) => s === LinkState.Up) && mailboxLoaded) return { imap: ImapLinkState.Live };
  if (links.includes(LinkState.Reconnecting)) {
    return { imap: ImapLinkState.Reconnecting, ...(retryAt ? { retryAt } : {}) };
  }
  return { imap: ImapLinkState.Connecting };
}

export function sameStatus(a: AccountStatusEvent, b: AccountStatusEvent): boolean {
  return a.imap === b.imap && a.retryAt === b.retryAt;
}
