// What the account's socket says (connection changes and pushed events), handed to the part
// of the account each concerns.
import { ErrorCode, Events } from '@tidings/protocol';
import { refusalCode, type GatewaySocket } from '../../lib/socket.ts';
import type { ConnectionFacts } from '../connection/connectionStatus.ts';
import type { MailboxSync } from '../messages/mailboxSync.ts';
import type { MailboxView } from '../messages/mailboxView.ts';
import type { MailboxEvent } from '../messages/messageWindow.ts';
import {
  arrivalFromAdded,
  arrivalFromArrived,
  type InboxArrival,
} from '../notifications/inboxArrivals.ts';
import type { MailSearch } from '../search/mailSearch.ts';
import type { FolderListSync } from './folderListSync.ts';

/** A socket the server closed without ending the session is asked to come back after this. */
const SERVER_DISCONNECT_RETRY_MS = 2_000;
const SESSION_EXPIRED_MESSAGE = 'Your session has ended. Please sign in again.';

export interface AccountEventsHost {
  view(): Pick<MailboxView, 'current'>;
  update(patch: Partial<Pick<ConnectionFacts, 'socket' | 'imap' | 'retryAt' | 'outdated'>>): void;
  later(ms: number, run: () => void): void;
  readonly mailbox: Pick<
    MailboxSync,
    'connected' | 'disconnected' | 'resync' | 'onListEvent' | 'onOtherEvent' | 'onReset'
  >;
  readonly search: Pick<MailSearch, 'reconnected' | 'onMatched' | 'onListEvent' | 'foldersChanged'>;
  readonly folders: Pick<FolderListSync, 'refresh' | 'applyCounts'>;
  /** New unread mail in the Inbox, for notifications. */
  announce(arrival: InboxArrival): void;
  /** The open folder's messages or flags may have changed. */
  listChanged(): void;
  /** Closes the socket and stops whatever is pending. */
  stop(): void;
  /** The session is over: stop, and sign out showing `message` (if any). */
  endSession(message: string | null): void;
}

/**
 * Listens to the account's socket: follows the connection through reconnects and refusals,
 * routes each account event the gateway pushes to the folder list, the open mailbox and the
 * search, and remembers the seq a reconnect resumes from.
 */
export class AccountEvents {
  private everConnected = false;
  /** The highest account event seq received: sent as `lastSeq` when reconnecting. */
  private seq: number | undefined;

  constructor(private readonly host: AccountEventsHost) {}

  /** The seq to send as `lastSeq` at the next (re)connection attempt. */
  lastSeq(): number | undefined {
    return this.seq;
  }

  /** The gateway's seq may have started over: this one is the new baseline, even if lower. */
  restartSeq(seq: number): void {
    this.seq = seq;
  }

  /** Listens to a new socket, not yet connected: its first connect is not a reconnect. */
  attach(socket: GatewaySocket): void {
    this.everConnected = false;
    const { host } = this;
    socket.on('connect', () => {
      host.update({ socket: 'connected' });
      void host.folders.refresh();
      host.mailbox.connected(this.seq, this.everConnected);
      if (this.everConnected) host.search.reconnected();
      this.everConnected = true;
      host.listChanged();
    });
    socket.on('disconnect', (reason) => {
      host.mailbox.disconnected();
      host.update({ socket: 'disconnected', imap: null, retryAt: null });
      if (reason === 'io server disconnect') {
        // The gateway closed this socket without ending the session (a restart, a kick):
        // socket.io does not come back by itself. If the session is gone, the handshake is
        // refused with UNAUTHENTICATED and the tab signs out.
        host.later(SERVER_DISCONNECT_RETRY_MS, () => socket.connect());
      }
    });
    socket.io.on('reconnect_attempt', () => host.update({ socket: 'connecting' }));
    socket.on('connect_error', (error) => {
      const code = refusalCode(error);
      if (code === ErrorCode.Unauthenticated) {
        host.endSession(SESSION_EXPIRED_MESSAGE);
      } else if (code === ErrorCode.ProtocolMismatch) {
        host.stop();
        host.update({ outdated: true, socket: 'disconnected' });
      } else {
        host.update({ socket: socket.active ? 'connecting' : 'disconnected' });
        // A refusal the client does not recognise stops socket.io's own retries.
        if (!socket.active) host.later(SERVER_DISCONNECT_RETRY_MS, () => socket.connect());
      }
    });

    socket.on(Events.AccountStatus, (status) => {
      host.update({ imap: status.imap, retryAt: status.retryAt ?? null });
    });
    socket.on(Events.MessageAdded, (event) => {
      this.onListEvent({ type: 'added', event });
      this.announce(arrivalFromAdded(event));
    });
    socket.on(Events.MessageExpunged, (event) => this.onListEvent({ type: 'expunged', event }));
    socket.on(Events.MessageFlagsChanged, (event) =>
      this.onListEvent({ type: 'flagsChanged', event }),
    );
    socket.on(Events.SearchMatched, (event) => host.search.onMatched(event));
    socket.on(Events.MailboxCountsChanged, (event) => {
      this.noteSeq(event.seq);
      host.folders.applyCounts(event);
      host.search.foldersChanged();
      host.mailbox.onOtherEvent(event.seq);
    });
    socket.on(Events.MailboxArrived, (event) => {
      this.noteSeq(event.seq);
      this.announce(arrivalFromArrived(event, host.view().current));
      host.mailbox.onOtherEvent(event.seq);
    });
    socket.on(Events.MailboxReset, (event) => {
      this.noteSeq(event.seq);
      host.mailbox.onReset(event.mailbox, event.seq);
      host.listChanged();
    });
    socket.on(Events.MailboxListChanged, (event) => {
      this.noteSeq(event.seq);
      host.mailbox.onOtherEvent(event.seq);
      void host.folders.refresh();
    });
    socket.on(Events.AccountResync, (event) => {
      this.restartSeq(event.seq);
      void host.folders.refresh();
      host.mailbox.resync(event.seq);
      host.listChanged();
    });
    socket.on(Events.SessionEnded, (event) => host.endSession(event.message));
  }

  private onListEvent(entry: MailboxEvent): void {
    this.noteSeq(entry.event.seq);
    // The open mailbox's counts come with its list events (no `mailbox:countsChanged` follows).
    this.host.folders.applyCounts(entry.event);
    this.host.mailbox.onListEvent(entry);
    this.host.search.onListEvent(entry);
    this.host.search.foldersChanged();
    this.host.listChanged();
  }

  private announce(arrival: InboxArrival | null): void {
    if (arrival) this.host.announce(arrival);
  }

  private noteSeq(seq: number): void {
    if (this.seq === undefined || seq > this.seq) this.seq = seq;
  }
}
