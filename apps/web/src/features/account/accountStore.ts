import {
  Flag,
  hasFlag,
  type Ack,
  type FolderMatch,
  type ImapLinkState,
  type MessageSummary,
  type MessageThreadsRequest,
  type SearchQuery,
  type SortOrder,
  type ThreadPage,
  UNDO_WINDOW_MS,
} from '@tidings/protocol';
import { createGatewaySocket, notConnected, type GatewaySocket } from '../../lib/socket.ts';
import type { SocketLink } from '../connection/connectionStatus.ts';
import { MailboxSync } from '../messages/mailboxSync.ts';
import { INITIAL_MAILBOX_VIEW, shownList, type MailboxView } from '../messages/mailboxView.ts';
import type { PositionRange } from '../messages/messageWindow.ts';
import { MessageDrag } from '../messages/messageDrag.ts';
import { Removal, type ActionOutcome } from '../messages/moveActions.ts';
import type { InboxArrival } from '../notifications/inboxArrivals.ts';
import type { ClickKind } from '../messages/selection.ts';
import { MailSearch } from '../search/mailSearch.ts';
import { AccountEvents } from './accountEvents.ts';
import { accountRequests } from './accountRequests.ts';
import { composeGateway } from './composeGateway.ts';
import { FolderChanges } from './folderChanges.ts';
import { FolderListSync, type FolderListView } from './folderListSync.ts';
import { requestThreads } from '../conversations/threadsRequest.ts';
import { positionOf, rowAt } from '../messages/messageWindow.ts';
import { loadSeenPolicy } from '../messages/seenPolicy.ts';
import { loadSortOrder, saveSortOrder } from '../sort/sortSetting.ts';

/** How long a transient error stays on screen. */
const NOTICE_MS = 6_000;

export interface AccountSnapshot extends MailboxView, FolderListView {
  socket: SocketLink;
  imap: ImapLinkState | null;
  retryAt: number | null;
  /** The gateway refused this build of the app: a reload is needed. */
  outdated: boolean;
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
  ...INITIAL_MAILBOX_VIEW,
  notice: null,
  outcome: null,
};

/**
 * One signed-in account as this tab sees it: owns the socket and the snapshot the screen reads,
 * and takes the user's commands to the part they concern. The folder list is kept by
 * `FolderListSync`, the open mailbox by `MailboxSync`, a search by `MailSearch`; `AccountEvents`
 * hands them what the socket says. React reads it through `useSyncExternalStore`; nothing here
 * knows about components.
 */
export class AccountStore {
  private snapshot = initialSnapshot;
  private readonly listeners = new Set<() => void>();
  private socket: GatewaySocket | null = null;
  private readonly timers = new Set<number>();
  private readonly arrivalListeners = new Set<(arrival: InboxArrival) => void>();
  private readonly listChangeListeners = new Set<() => void>();
  private readonly drag = new MessageDrag();
  /** A match from all folders waiting for its folder's list (see `openMatch`). */
  private pendingMatch: FolderMatch | null = null;
  private readonly search = new MailSearch({
    socket: () => this.socket,
    view: () => this.snapshot,
    update: (patch) => this.update(patch),
    later: (ms, run) => this.later(ms, run),
  });
  private readonly folders = new FolderListSync({
    socket: () => this.socket,
    view: () => this.snapshot,
    update: (patch) => this.update(patch),
    notice: (message) => this.showNotice(message),
    open: (path) => this.mailbox.open(path),
  });
  private readonly mailbox = new MailboxSync({
    socket: () => this.socket,
    view: () => this.snapshot,
    update: (patch) => this.update(patch),
    notice: (message) => this.showNotice(message),
    later: (ms, run) => this.later(ms, run),
    restartSeq: (seq) => this.events.restartSeq(seq),
    outcome: (outcome) => this.showOutcome(outcome),
    folderLabel: (path) => this.folders.label(path),
    counts: (counts) => this.folders.applyCounts(counts),
    sortChanged: (order) => saveSortOrder(order),
    beingRenamed: (path) => this.folders.isHeld(path),
  });
  private readonly events = new AccountEvents({
    view: () => this.snapshot,
    update: (patch) => this.update(patch),
    later: (ms, run) => this.later(ms, run),
    mailbox: this.mailbox,
    search: this.search,
    folders: this.folders,
    announce: (arrival) => {
      for (const listener of this.arrivalListeners) listener(arrival);
    },
    listChanged: () => {
      for (const listener of this.listChangeListeners) listener();
    },
    stop: () => this.stop(),
    endSession: (message) => {
      this.stop();
      this.onSessionEnded(message);
    },
  });

  /** Called once the session is over, with the reason to show on the sign-in screen. */
  constructor(private readonly onSessionEnded: (message: string | null) => void) {
    this.snapshot = { ...initialSnapshot, sort: loadSortOrder() };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): AccountSnapshot => this.snapshot;

  start(): void {
    if (this.socket) return;
    this.snapshot = {
      ...initialSnapshot,
      current: this.snapshot.current,
      sort: this.snapshot.sort,
    };
    const socket = createGatewaySocket(() => this.events.lastSeq());
    this.socket = socket;
    this.events.attach(socket);
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
    // A match still waiting for its folder is given up: the user went elsewhere.
    this.pendingMatch = null;
    this.search.clear();
    this.mailbox.open(path);
  }

  /** The user's choice of order for the message list, kept for this browser. */
  setSort(order: SortOrder): void {
    saveSortOrder(order);
    this.mailbox.setSort(order);
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

  /** Every message of the open folder, past the rows loaded. */
  selectWholeFolder(): void {
    this.mailbox.selectWholeFolder();
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

  /** Every message with this tag, in all folders (the tag list under the folders). */
  searchTag(input: string, keyword: string): void {
    void this.search.run(input, { keyword });
    void this.search.everywhere();
  }

  /** The open search's query in every folder but Trash and Junk. */
  searchEverywhere(): void {
    void this.search.everywhere();
  }

  /** Back from all folders to the open folder's matches. */
  searchOnlyHere(): void {
    this.search.onlyHere();
  }

  /**
   * A match from all folders, opened where it is: its folder opens, and once the folder's list
   * is in (at the UIDVALIDITY the match names) the message opens in the reader.
   */
  openMatch(match: FolderMatch): void {
    this.openFolder(match.mailbox);
    this.pendingMatch = match;
    this.openPendingMatch();
  }

  private openPendingMatch(): void {
    const match = this.pendingMatch;
    const list = shownList(this.snapshot);
    if (!match || list?.mailbox !== match.mailbox) return;
    this.pendingMatch = null;
    // A folder recreated meanwhile has other messages under the same UIDs.
    if (list.uidValidity === match.uidValidity) this.showConversationMessage(match.message);
  }

  /** Called for new unread mail in the Inbox (for notifications); returns the unsubscribe. */
  onInboxArrival(listener: (arrival: InboxArrival) => void): () => void {
    this.arrivalListeners.add(listener);
    return () => this.arrivalListeners.delete(listener);
  }

  /** Sending, drafts and the originals of replies, for the composer. */
  readonly compose = composeGateway(() => this.socket);

  /** New, renamed and deleted folders, for the folder dialogs. */
  readonly folderChanges = new FolderChanges({
    socket: () => this.socket,
    view: () => this.snapshot,
    refresh: () => void this.folders.refresh(),
    hold: (folder) => this.folders.hold(folder),
    open: (path) => this.openFolder(path),
    done: (message) => this.showMessage(message),
    notice: (message) => this.showNotice(message),
  });

  /**
   * Something done elsewhere (a message sent, a filter rule run over the Inbox), shown as the
   * latest action's outcome is; with `undo` (an action:undo token), with its Undo button.
   */
  showMessage(message: string, undo: string | null = null): void {
    const lasts = undo ? UNDO_WINDOW_MS : NOTICE_MS;
    this.showOutcome({ label: message, token: undo, expiresAt: Date.now() + lasts });
  }

  /** The reader's, the quota meter's and the settings' own requests. */
  readonly requests = accountRequests(() => this.socket);

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
    this.folders.refreshCounts();
  }

  dismissNotice(): void {
    this.update({ notice: null });
  }

  dismissOutcome(): void {
    this.update({ outcome: null });
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
    if (this.pendingMatch) this.openPendingMatch();
    for (const listener of this.listeners) listener();
  }
}
