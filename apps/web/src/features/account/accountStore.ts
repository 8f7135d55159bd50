import {
  ErrorCode,
  Events,
  Flag,
  hasFlag,
  type Ack,
  type ImapLinkState,
  type MailboxInfo,
  type MessageDetail,
  type MessageGetRequest,
  type MessageSummary,
  type MessageThreadsRequest,
  type SearchQuery,
  type ThreadPage,
} from '@tidings/protocol';
import {
  createGatewaySocket,
  getMessage,
  listMailboxes,
  refreshMailboxes,
  refusalCode,
  type GatewaySocket,
} from '../../lib/socket.ts';
import { initialListSync, type SocketLink } from '../connection/connectionStatus.ts';
import { countsRefreshDue } from '../folders/countsRefresh.ts';
import { canStillOpen, folderLabel, withCounts, type FolderCounts } from '../folders/folderTree.ts';
import { INBOX_PATH, MailboxSync, shownList, type MailboxView } from '../messages/mailboxSync.ts';
import type { MailboxEvent, PositionRange } from '../messages/messageWindow.ts';
import { MessageDrag } from '../messages/messageDrag.ts';
import { Removal, type ActionOutcome } from '../messages/moveActions.ts';
import {
  arrivalFromAdded,
  arrivalFromArrived,
  type InboxArrival,
} from '../notifications/inboxArrivals.ts';
import type { ClickKind } from '../messages/selection.ts';
import { MailSearch } from '../search/mailSearch.ts';
import { composeGateway } from './composeGateway.ts';
import { requestThreads } from '../conversations/threadsRequest.ts';
import { positionOf, rowAt } from '../messages/messageWindow.ts';
import { loadSeenPolicy } from '../messages/seenPolicy.ts';

/** A socket the server closed without ending the session is asked to come back after this. */
const SERVER_DISCONNECT_RETRY_MS = 2_000;
/** How long a transient error stays on screen. */
const NOTICE_MS = 6_000;
const SESSION_EXPIRED_MESSAGE = 'Your session has ended. Please sign in again.';

function notConnected<T>(): Ack<T> {
  return {
    ok: false,
    error: { code: ErrorCode.ImapUnavailable, message: 'Not connected to Tidings right now.' },
  };
}

export interface AccountSnapshot extends MailboxView {
  socket: SocketLink;
  imap: ImapLinkState | null;
  retryAt: number | null;
  /** The gateway refused this build of the app: a reload is needed. */
  outdated: boolean;
  mailboxes: MailboxInfo[] | null;
  foldersError: string | null;
  /** A transient problem to show, such as a flag change the server refused. */
  notice: string | null;
  /** What the latest move, archive or delete did, with Undo while it can be taken back. */
  outcome: ActionOutcome | null;
}

const initialSnapshot: AccountSnapshot = {
  socket: 'connecting',
  imap: null,
  retryAt: null,
  outdated: false,
  mailboxes: null,
  foldersError: null,
  current: INBOX_PATH,
  list: null,
  listError: null,
  selected: null,
  checked: [],
  anchor: null,
  hidden: [],
  search: null,
  listSync: initialListSync,
  notice: null,
  outcome: null,
};

/**
 * One signed-in account as this tab sees it: owns the socket and the connection state, the
 * folder list and its counts, and hands list events to the open mailbox's `MailboxSync`.
 * React reads it through `useSyncExternalStore`; nothing here knows about components.
 */
export class AccountStore {
  private snapshot = initialSnapshot;
  private readonly listeners = new Set<() => void>();
  private socket: GatewaySocket | null = null;
  private everConnected = false;
  /** The highest account event seq received: sent as `lastSeq` when reconnecting. */
  private lastSeq: number | undefined;
  private foldersSerial = 0;
  /**
   * The latest count push per folder since `mailbox:list` last went out, re-applied onto its
   * answer (one entry per folder: bounded however long the tab stays open).
   */
  private countsInFlight = new Map<string, FolderCounts>();
  /** When the latest `mailbox:refresh` went out (epoch ms). */
  private countsRefreshedAt: number | null = null;
  private readonly timers = new Set<number>();
  private readonly arrivalListeners = new Set<(arrival: InboxArrival) => void>();
  private readonly listChangeListeners = new Set<() => void>();
  private readonly drag = new MessageDrag();
  private readonly search = new MailSearch({
    socket: () => this.socket,
    view: () => this.snapshot,
    update: (patch) => this.update(patch),
  });
  private readonly mailbox = new MailboxSync({
    socket: () => this.socket,
    view: () => this.snapshot,
    update: (patch) => this.update(patch),
    notice: (message) => this.showNotice(message),
    later: (ms, run) => this.later(ms, run),
    restartSeq: (seq) => {
      this.lastSeq = seq;
    },
    outcome: (outcome) => this.showOutcome(outcome),
    folderLabel: (path) => {
      const known = this.snapshot.mailboxes?.find((m) => m.path === path);
      return folderLabel(known ?? { path, role: null, name: path.split(/[/.]/).pop() ?? path });
    },
  });

  /** Called once the session is over, with the reason to show on the sign-in screen. */
  constructor(private readonly onSessionEnded: (message: string | null) => void) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): AccountSnapshot => this.snapshot;

  start(): void {
    if (this.socket) return;
    this.snapshot = { ...initialSnapshot, current: this.snapshot.current };
    this.everConnected = false;
    const socket = createGatewaySocket(() => this.lastSeq);
    this.socket = socket;
    this.listen(socket);
    socket.connect();
  }

  stop(): void {
    const socket = this.socket;
    this.socket = null;
    this.mailbox.stop();
    for (const timer of this.timers) window.clearTimeout(timer);
    this.timers.clear();
    if (socket) {
      socket.removeAllListeners();
      socket.io.removeAllListeners();
      socket.disconnect();
    }
  }

  // What the user does ----------------------------------------------------------------------

  openFolder(path: string): void {
    this.search.clear();
    this.mailbox.open(path);
  }

  setViewport(visible: PositionRange): void {
    this.mailbox.setViewport(visible);
  }

  select(uid: number): void {
    this.mailbox.select(uid);
  }

  moveSelection(delta: number): number | null {
    return this.mailbox.moveSelection(delta);
  }

  closeMessage(): void {
    this.mailbox.clearSelection();
  }

  /** A click on a row: plain, shift (range) or ctrl/cmd (toggle). */
  click(uid: number, kind: ClickKind): void {
    this.mailbox.click(uid, kind);
  }

  selectAll(): void {
    this.mailbox.selectAll();
  }

  /** Enter / o: opens the row the keyboard is on; returns its position to bring into view. */
  openCursor(): number | null {
    return this.mailbox.openCursor();
  }

  setFlag(uids: readonly number[], flag: string, on: boolean): void {
    this.mailbox.setFlag(uids, flag, on);
  }

  /** Move, archive or delete (for good only after the user confirmed: it cannot be undone). */
  remove(kind: Removal, uids: readonly number[], destination?: string): void {
    this.mailbox.remove(kind, uids, destination);
  }

  undo(): void {
    const token = this.snapshot.outcome?.token;
    if (token) this.mailbox.undo(token);
  }

  /** Rows dragged from the list; returns how many messages go. */
  startDrag(uid: number): number {
    const list = shownList(this.snapshot);
    return list ? this.drag.start(list, this.snapshot.checked, uid) : 0;
  }

  canDropOn(path: string): boolean {
    return this.drag.canDropOn(path);
  }

  dropOn(path: string): void {
    const uids = this.drag.drop(shownList(this.snapshot), path);
    if (uids) this.remove(Removal.Move, uids, path);
  }

  endDrag(): void {
    this.drag.end();
  }

  runSearch(input: string, query: SearchQuery): void {
    void this.search.run(input, query);
  }

  clearSearch(): void {
    this.search.clear();
  }

  /** Called for new unread mail in the Inbox (for notifications); returns the unsubscribe. */
  onInboxArrival(listener: (arrival: InboxArrival) => void): () => void {
    this.arrivalListeners.add(listener);
    return () => this.arrivalListeners.delete(listener);
  }

  /** Sending, drafts and the originals of replies, for the composer. */
  readonly compose = composeGateway(() => this.socket);

  /** Something done elsewhere (a message sent), shown as the latest action's outcome is. */
  showMessage(message: string): void {
    this.showOutcome({ label: message, token: null, expiresAt: Date.now() + NOTICE_MS });
  }

  /** One message's headers, body and attachment list, for the reader. */
  getMessage = (request: MessageGetRequest): Promise<Ack<MessageDetail>> => {
    const socket = this.socket;
    if (!socket) return Promise.resolve(notConnected());
    return getMessage(socket, request);
  };

  /** A page of the open folder's conversations (features/conversations). */
  threads = (request: MessageThreadsRequest): Promise<Ack<ThreadPage>> => {
    const socket = this.socket;
    if (!socket) return Promise.resolve(notConnected());
    return requestThreads(socket, request);
  };

  /** Calls `listener` whenever the open folder's messages or flags may have changed. */
  onListChange = (listener: () => void): (() => void) => {
    this.listChangeListeners.add(listener);
    return () => this.listChangeListeners.delete(listener);
  };

  /** Opens a conversation's message in the reader, whether the flat list has it loaded or not. */
  showConversationMessage(message: MessageSummary): void {
    const list = shownList(this.snapshot);
    const position = list ? positionOf(list, message.uid) : undefined;
    if (list && position !== undefined && rowAt(list, position)) return this.select(message.uid);
    this.update({ selected: message, checked: [message.uid], anchor: message.uid });
    // The delayed policy needs the flat list's row; a conversation marks read at once or never.
    if (!hasFlag(message.flags, Flag.Seen) && loadSeenPolicy().mode !== 'never') {
      this.setFlag([message.uid], Flag.Seen, true);
    }
  }

  /** The user came back to this tab: have every folder's counts checked (throttled). */
  refreshCounts(): void {
    const socket = this.socket;
    const now = Date.now();
    if (!socket?.connected || !countsRefreshDue(this.countsRefreshedAt, now)) return;
    this.countsRefreshedAt = now;
    // The counts come back as `mailbox:countsChanged` pushes; the answer carries nothing.
    void refreshMailboxes(socket);
  }

  dismissNotice(): void {
    this.update({ notice: null });
  }

  dismissOutcome(): void {
    this.update({ outcome: null });
  }

  // The socket ------------------------------------------------------------------------------

  private listen(socket: GatewaySocket): void {
    socket.on('connect', () => {
      this.update({ socket: 'connected' });
      void this.refreshFolders();
      this.mailbox.connected(this.lastSeq, this.everConnected);
      if (this.everConnected) this.search.reconnected();
      this.everConnected = true;
      this.listChanged();
    });
    socket.on('disconnect', (reason) => {
      this.mailbox.disconnected();
      this.update({ socket: 'disconnected', imap: null, retryAt: null });
      if (reason === 'io server disconnect') {
        // The gateway closed this socket without ending the session (a restart, a kick):
        // socket.io does not come back by itself. If the session is gone, the handshake is
        // refused with UNAUTHENTICATED and the tab signs out.
        this.later(SERVER_DISCONNECT_RETRY_MS, () => socket.connect());
      }
    });
    socket.io.on('reconnect_attempt', () => this.update({ socket: 'connecting' }));
    socket.on('connect_error', (error) => {
      const code = refusalCode(error);
      if (code === ErrorCode.Unauthenticated) {
        this.endSession(SESSION_EXPIRED_MESSAGE);
      } else if (code === ErrorCode.ProtocolMismatch) {
        this.stop();
        this.update({ outdated: true, socket: 'disconnected' });
      } else {
        this.update({ socket: socket.active ? 'connecting' : 'disconnected' });
        // A refusal the client does not recognise stops socket.io's own retries.
        if (!socket.active) this.later(SERVER_DISCONNECT_RETRY_MS, () => socket.connect());
      }
    });

    socket.on(Events.AccountStatus, (status) => {
      this.update({ imap: status.imap, retryAt: status.retryAt ?? null });
    });
    socket.on(Events.MessageAdded, (event) => {
      this.onListEvent({ type: 'added', event });
      this.announce(arrivalFromAdded(event));
    });
    socket.on(Events.MessageExpunged, (event) => this.onListEvent({ type: 'expunged', event }));
    socket.on(Events.MessageFlagsChanged, (event) =>
      this.onListEvent({ type: 'flagsChanged', event }),
    );
    socket.on(Events.SearchMatched, (event) => this.search.onMatched(event));
    socket.on(Events.MailboxCountsChanged, (event) => {
      this.noteSeq(event.seq);
      this.applyCounts(event);
      this.mailbox.onOtherEvent(event.seq);
    });
    socket.on(Events.MailboxArrived, (event) => {
      this.noteSeq(event.seq);
      this.announce(arrivalFromArrived(event, this.snapshot.current));
      this.mailbox.onOtherEvent(event.seq);
    });
    socket.on(Events.MailboxReset, (event) => {
      this.noteSeq(event.seq);
      this.mailbox.onReset(event.mailbox, event.seq);
      this.listChanged();
    });
    socket.on(Events.MailboxListChanged, (event) => {
      this.noteSeq(event.seq);
      this.mailbox.onOtherEvent(event.seq);
      void this.refreshFolders();
    });
    socket.on(Events.AccountResync, (event) => {
      // The gateway's seq may have started over: this one is the new baseline, even if lower.
      this.lastSeq = event.seq;
      void this.refreshFolders();
      this.mailbox.resync(event.seq);
      this.listChanged();
    });
    socket.on(Events.SessionEnded, (event) => this.endSession(event.message));
  }

  private onListEvent(entry: MailboxEvent): void {
    this.noteSeq(entry.event.seq);
    // The open mailbox's counts come with its list events (no `mailbox:countsChanged` follows).
    this.applyCounts(entry.event);
    this.mailbox.onListEvent(entry);
    this.search.onListEvent(entry);
    this.listChanged();
  }

  private listChanged(): void {
    for (const listener of this.listChangeListeners) listener();
  }

  private announce(arrival: InboxArrival | null): void {
    if (!arrival) return;
    for (const listener of this.arrivalListeners) listener(arrival);
  }

  private noteSeq(seq: number): void {
    if (this.lastSeq === undefined || seq > this.lastSeq) this.lastSeq = seq;
  }

  private endSession(message: string | null): void {
    this.stop();
    this.onSessionEnded(message);
  }

  // Folders ---------------------------------------------------------------------------------

  private applyCounts({ mailbox, total, unread }: FolderCounts): void {
    const counts = { mailbox, total, unread };
    this.countsInFlight.set(mailbox, counts);
    const { mailboxes } = this.snapshot;
    const shown = mailboxes?.find((m) => m.path === mailbox);
    // Most list events (a flag other than \Seen) leave the counts as they were: no re-render.
    if (!mailboxes || !shown || (shown.total === total && shown.unread === unread)) return;
    this.update({ mailboxes: withCounts(mailboxes, [counts]) });
  }

  private async refreshFolders(): Promise<void> {
    const socket = this.socket;
    if (!socket) return;
    const serial = ++this.foldersSerial;
    this.countsInFlight.clear();
    const answer = await listMailboxes(socket);
    if (socket !== this.socket || serial !== this.foldersSerial) return;
    if (!answer.ok) {
      this.update({ foldersError: answer.error.message });
      return;
    }
    // Counts pushed while the list was being gathered may be newer than the list itself.
    const mailboxes = withCounts(answer.data.mailboxes, [...this.countsInFlight.values()]);
    this.countsInFlight.clear();
    const previous = this.snapshot.mailboxes;
    this.update({ mailboxes, foldersError: null });
    this.leaveVanishedFolder(mailboxes, previous);
  }

  /** Another client deleted or renamed the open folder: show the Inbox instead, and say why. */
  private leaveVanishedFolder(
    mailboxes: readonly MailboxInfo[],
    previous: readonly MailboxInfo[] | null,
  ): void {
    const { current } = this.snapshot;
    if (canStillOpen(mailboxes, current)) return;
    const known = previous?.find((m) => m.path === current);
    const name = folderLabel(known ?? { path: current, role: null, name: current });
    this.showNotice(`The folder “${name}” no longer exists; showing the Inbox.`);
    this.mailbox.open(INBOX_PATH);
  }

  // Plumbing --------------------------------------------------------------------------------

  private showOutcome(outcome: ActionOutcome | null): void {
    this.update({ outcome });
    if (!outcome) return;
    this.later(Math.max(0, outcome.expiresAt - Date.now()), () => {
      if (this.snapshot.outcome === outcome) this.update({ outcome: null });
    });
  }

  private showNotice(message: string): void {
    this.update({ notice: message });
    this.later(NOTICE_MS, () => {
      if (this.snapshot.notice === message) this.update({ notice: null });
    });
  }

  private later(ms: number, run: () => void): void {
    const timer = window.setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }

  private update(patch: Partial<AccountSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}
