import type { ImapFlow } from 'imapflow';
import {
  Events,
  ImapLinkState,
  type AccountStatusEvent,
  type Draft,
  type DraftSaveResult,
  type FilterApplyResult,
  type FilterRule,
  type FolderDeleteResult,
  type FolderEmptyResult,
  type FolderMarkReadResult,
  type FolderUids,
  type FolderPathResult,
  type MessageRef,
  type OpenedDraft,
  type MailboxInfo,
  type MessageArchiveRequest,
  type MessageDeleteRequest,
  type MessageDetail,
  type MessageJunkRequest,
  type MessageMoveRequest,
  type MessageThreadsRequest,
  type MoveResult,
  type SearchQuery,
  type SendResult,
  type ThreadPage,
  type MessageWindow,
  type SortOrder,
  type Correspondent,
  type UnsubscribeResult,
  type AccountQuota,
  type AttachmentsCopyRequest,
  type SearchEverywhereResult,
  type UploadResult,
  type MessageRsvpRequest,
  type RsvpResult,
} from '@tidings/protocol';
import type { OutgoingMail } from '../compose/compose-context.ts';
import type { ImapLink } from '../imap/imap-link.ts';
import { toLoginError } from '../imap/imap-server.ts';
import type { MessageFlags } from '../imap/mailbox-state.ts';
import { CoalescedRead } from '../imap/coalesced-read.ts';
import { readQuota } from '../imap/quota.ts';
import type { SortConnection } from '../imap/sort-connection.ts';
import type { ViewSync } from '../imap/view-sync.ts';
import { holdMailbox, type HeldMailbox } from '../mime/held-mailbox.ts';
import { readMessage } from '../mime/read-message.ts';
import type { AccountCompose } from './account-compose.ts';
import type { AccountLinkOptions } from './account-links.ts';
import { assembleAccount } from './account-parts.ts';
import { listThreads } from './conversations.ts';
import { accountStatus, sameStatus } from './account-status.ts';
import type { AccountPushes, AccountSink } from './account-pushes.ts';
import type { LoggedEvent } from './event-log.ts';
import type { FolderAdmin } from './folder-admin.ts';
import type { FolderCounts, FolderWatch } from './folder-counts.ts';
import type { InboxArrivals } from './inbox-arrivals.ts';
import type { MessageActions } from './message-actions.ts';
import {
  matchNewMessages,
  startLiveSearch,
  type LiveSearchStart,
  type NewMatches,
} from './message-search.ts';
import { foldersToSearch, searchEverywhere } from './search-everywhere.ts';
import type { WatchTarget } from './watch-target.ts';
import type { WatchedMailbox } from './watched-mailbox.ts';

export interface AccountSessionOptions extends AccountLinkOptions {
  accountId: string;
  sink: AccountSink;
  folderWatch: FolderWatch;
  statusSweepMs: number;
  /** Called once when the server rejects the credentials (password changed elsewhere). */
  onRejected: () => void;
  /** Events are numbered after this (a cluster's new owner starts above the old one's). */
  firstSeq?: number;
}

/**
 * Everything one signed-in account has on the gateway, shared by all its tabs: two IMAP
 * connections (account-links.ts), the watched mailbox, every folder's counts and the numbered
 * log of pushes, built and wired in account-parts.ts. This is their facade: the requests a tab
 * makes (by these method names, forwarded as they are in a cluster) and the account's status.
 */
export class AccountSession {
  private readonly idle: ImapLink;
  private readonly command: ImapLink;
  private readonly pushes: AccountPushes;
  private readonly watched: WatchedMailbox;
  private readonly sorting: SortConnection;
  private readonly views: ViewSync;
  private readonly folders: FolderCounts;
  private readonly arrivals: InboxArrivals;
  private readonly actions: MessageActions;
  private readonly folderAdmin: FolderAdmin;
  private readonly compose: AccountCompose;
  private readonly target: WatchTarget;
  private readonly commandClient: () => Promise<ImapFlow>;
  private readonly quotaRead = new CoalescedRead(async () => readQuota(await this.commandClient()));
  private status: AccountStatusEvent = { imap: ImapLinkState.Connecting };
  private retryAt: number | undefined;
  private closed = false;

  constructor(private readonly options: AccountSessionOptions) {
    ({
      idle: this.idle,
      command: this.command,
      pushes: this.pushes,
      watched: this.watched,
      sorting: this.sorting,
      views: this.views,
      folders: this.folders,
      arrivals: this.arrivals,
      actions: this.actions,
      folderAdmin: this.folderAdmin,
      compose: this.compose,
      target: this.target,
      commandClient: this.commandClient,
    } = assembleAccount(options, { loaded: () => this.updateStatus() }));
    for (const link of [this.idle, this.command]) {
      link.on('state', (_state, retryAt) => {
        this.retryAt = retryAt;
        this.updateStatus();
      });
      link.on('rejected', () => this.onRejected());
    }
  }

  get accountId(): string {
    return this.options.accountId;
  }

  get lastSeq(): number {
    return this.pushes.seq;
  }

  get currentStatus(): AccountStatusEvent {
    return this.status;
  }

  /** Bytes of per-message list state held for the watched mailbox (its orders included). */
  get listStateBytes(): number {
    return this.watched.listStateBytes;
  }

  get foldersUseNotify(): boolean {
    return this.folders.usesNotify;
  }

  start(): void {
    this.idle.start();
    this.command.start();
  }

  /**
   * Starts as a sign-in: the idle connection's login is the credential check, so the mailbox
   * load begins one login earlier than after a separate check. Resolves once that login
   * succeeded (then the command connection starts); rejects with the login error, and the
   * session stays stopped.
   */
  async startVerified(): Promise<void> {
    try {
      await this.idle.startVerifying();
    } catch (error) {
      throw toLoginError(error);
    }
    if (!this.closed) this.command.start();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.target.close();
    this.watched.close();
    this.sorting.close();
    this.folders.close();
    this.compose.close();
    await Promise.all([this.idle.stop(), this.command.stop()]);
  }

  /** What a tab that applied `lastSeq` missed; null when it must resync instead. */
  eventsSince(lastSeq: number): LoggedEvent[] | null {
    return this.pushes.since(lastSeq);
  }

  /** Drops the current IMAP sockets as if the network had (fault tests and operators). */
  dropConnections(reason: string): void {
    this.idle.drop(reason);
    this.command.drop(reason);
  }

  // ---------------------------------------------------------------------------------------------
  // Requests from tabs

  /** Every folder with its counts; the open one's come from the watched state (fresher). */
  listMailboxes(): Promise<MailboxInfo[]> {
    return this.folders.list();
  }

  refreshFolders(): Promise<void> {
    return this.folders.refresh();
  }

  /**
   * How much of the account's storage is used (imap/quota.ts); null without a limit. Tabs
   * asking together (after the same burst of mail) share one GETQUOTAROOT sent after they asked.
   */
  quota(): Promise<AccountQuota | null> {
    return this.quotaRead.get();
  }

  /** The reader's view of one message (mime/read-message.ts), read on the command connection. */
  async readMessage(path: string, uidValidity: number, uid: number): Promise<MessageDetail> {
    const held = await this.holdForReading(path, uidValidity);
    try {
      const ref = { mailbox: path, uidValidity, uid };
      return await readMessage(held.client, ref, this.options.logger);
    } finally {
      held.release();
    }
  }

  /**
   * `path` selected at `uidValidity` on the command connection until `release()`: a download
   * streams under this lock (http/message-routes.ts), so nothing reselects mid-stream.
   */
  async holdForReading(path: string, uidValidity: number): Promise<HeldMailbox> {
    return holdMailbox(await this.commandClient(), path, uidValidity);
  }

  /**
   * Makes `path` the watched mailbox (IDLE moves there) and answers its first window, newest
   * first or in `sort` (null: newest first; a forwarded call carries an absent sort as null).
   */
  openMailbox(path: string, limit: number, sort: SortOrder | null = null): Promise<MessageWindow> {
    return this.watched.firstWindow(path, limit, sort, this.target.watch(path));
  }

  async window(
    path: string,
    uidValidity: number,
    offset: number,
    limit: number,
    sort: SortOrder | null = null,
  ): Promise<MessageWindow> {
    await this.target.watch(path);
    return this.watched.window(path, uidValidity, offset, limit, sort);
  }

  /** The user's own flag change (message-actions.ts): every tab hears of it at once. */
  setFlags(
    path: string,
    uidValidity: number,
    uids: number[],
    add: string[],
    remove: string[],
  ): Promise<MessageFlags[]> {
    return this.actions.setFlags(path, uidValidity, uids, add, remove);
  }

  /** The move family (message-actions.ts), each request as a tab sent it. */
  move(req: MessageMoveRequest): Promise<MoveResult> {
    const { mailbox, uidValidity, uids, destination, joinUndo } = req;
    return this.actions.move(mailbox, uidValidity, uids, destination, joinUndo ?? null);
  }

  archive(req: MessageArchiveRequest): Promise<MoveResult> {
    return this.actions.archive(req.mailbox, req.uidValidity, req.uids, req.joinUndo ?? null);
  }

  /** To Junk as junk, or back to INBOX as not junk. */
  reportJunk(req: MessageJunkRequest): Promise<MoveResult> {
    const { mailbox, uidValidity, uids, junk, joinUndo } = req;
    return this.actions.junk(mailbox, uidValidity, uids, junk, joinUndo ?? null);
  }

  delete(req: MessageDeleteRequest): Promise<MoveResult> {
    const { mailbox, uidValidity, uids, permanently, joinUndo } = req;
    return this.actions.delete(mailbox, uidValidity, uids, permanently ?? false, joinUndo ?? null);
  }

  undo(token: string): Promise<number> {
    return this.actions.undo(token);
  }

  /** `parent` null: at the top level (null, not undefined: it also travels as JSON to an owner). */
  createFolder(parent: string | null, name: string): Promise<FolderPathResult> {
    return this.folderAdmin.create(parent, name);
  }

  /** A new name at the same level. */
  renameFolder(path: string, name: string): Promise<FolderPathResult> {
    return this.folderAdmin.rename(path, name);
  }

  /** A new name below `parent` (null: the top level). */
  moveFolder(path: string, parent: string | null, name: string): Promise<FolderPathResult> {
    return this.folderAdmin.rename(path, name, parent);
  }

  deleteFolder(path: string): Promise<FolderDeleteResult> {
    return this.folderAdmin.delete(path);
  }

  markFolderRead(path: string): Promise<FolderMarkReadResult> {
    return this.folderAdmin.markRead(path);
  }

  folderUids(path: string): Promise<FolderUids> {
    return this.folderAdmin.uids(path);
  }

  emptyFolder(path: string): Promise<FolderEmptyResult> {
    return this.folderAdmin.empty(path);
  }

  applyFilterRule(rule: FilterRule): Promise<FilterApplyResult> {
    return this.folderAdmin.applyRule(rule);
  }

  /** A live search's first answer, and every match (live-searches.ts keeps them). */
  async search(path: string, query: SearchQuery, limit: number): Promise<LiveSearchStart> {
    return startLiveSearch(await this.commandClient(), path, query, limit);
  }

  /** The query in every folder but Trash and Junk, newest matches first (search-everywhere.ts). */
  async searchEverywhere(query: SearchQuery, limit: number): Promise<SearchEverywhereResult> {
    const folders = foldersToSearch(await this.folders.list());
    return searchEverywhere(await this.commandClient(), folders, query, limit);
  }

  async matchNew(path: string, query: SearchQuery, uids: number[]): Promise<NewMatches> {
    return matchNewMessages(await this.commandClient(), path, query, uids);
  }

  /** A page of a mailbox's conversations (sessions/conversations.ts), on the command connection. */
  async threads(request: MessageThreadsRequest): Promise<ThreadPage> {
    return listThreads(await this.commandClient(), request);
  }

  /** Sends a draft over SMTP as this account (compose/send-message.ts). */
  send(draft: Draft, outgoing: OutgoingMail, sessionId: string): Promise<SendResult> {
    return this.compose.send(draft, outgoing, sessionId);
  }

  /** Sends the unsubscribe request the message's List-Unsubscribe names (compose/unsubscribe.ts). */
  unsubscribe(ref: MessageRef, outgoing: OutgoingMail): Promise<UnsubscribeResult> {
    return this.compose.unsubscribe(ref, outgoing);
  }

  /** The user's answer to an invitation, mailed to its organizer (compose/rsvp.ts). */
  rsvp(request: MessageRsvpRequest, outgoing: OutgoingMail): Promise<RsvpResult> {
    return this.compose.rsvp(request, outgoing);
  }

  /** People to suggest for what was typed in To, Cc or Bcc (compose/recipient-suggester.ts). */
  suggestRecipients(query: string, limit: number): Promise<Correspondent[]> {
    return this.compose.suggestRecipients(query, limit);
  }

  /** Stores a draft in Drafts, replacing its previous version (compose/drafts.ts). */
  saveDraft(draft: Draft, outgoing: OutgoingMail, sessionId: string): Promise<DraftSaveResult> {
    return this.compose.saveDraft(draft, outgoing, sessionId);
  }

  /** A draft from Drafts, its attachments registered again as uploads (compose/open-draft.ts). */
  openDraft(ref: MessageRef, outgoing: OutgoingMail, sessionId: string): Promise<OpenedDraft> {
    return this.compose.openDraft(ref, outgoing, sessionId);
  }

  /** A message's attachments copied as uploads, for a forward (compose/copy-attachments.ts). */
  copyAttachments(
    request: AttachmentsCopyRequest,
    outgoing: OutgoingMail,
    sessionId: string,
  ): Promise<UploadResult[]> {
    return this.compose.copyAttachments(request, outgoing, sessionId);
  }

  /** Uploads the browser is done with, deleted now (compose/uploads.ts). */
  releaseAttachments(ids: string[], outgoing: OutgoingMail, sessionId: string): Promise<void> {
    return this.compose.releaseAttachments(ids, outgoing, sessionId);
  }

  // ---------------------------------------------------------------------------------------------

  private updateStatus(): void {
    const next = accountStatus(
      [this.idle.state, this.command.state],
      this.watched.state !== null,
      this.retryAt,
    );
    if (sameStatus(next, this.status)) return;
    this.status = next;
    this.options.sink.emit(Events.AccountStatus, next);
  }

  private onRejected(): void {
    if (this.closed) return;
    this.closed = true;
    this.options.onRejected();
  }
}
