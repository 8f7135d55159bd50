import { z } from 'zod';
import type { Ack } from './errors.ts';
import {
  attachmentsCopyRequestSchema,
  attachmentsReleaseRequestSchema,
  draftOpenRequestSchema,
  draftSaveRequestSchema,
  messageSendRequestSchema,
  type AttachmentsCopyRequest,
  type AttachmentsCopyResult,
  type AttachmentsReleaseRequest,
  type DraftOpenRequest,
  type DraftSaveRequest,
  type DraftSaveResult,
  type MessageSendRequest,
  type OpenedDraft,
  type SendResult,
} from './compose.ts';
import {
  messageGetRequestSchema,
  messageRsvpRequestSchema,
  type MessageDetail,
  type MessageGetRequest,
  type MessageRsvpRequest,
  type RsvpResult,
} from './reader.ts';
import {
  messageThreadsRequestSchema,
  type MessageThreadsRequest,
  type ThreadPage,
} from './threads.ts';
import {
  actionUndoRequestSchema,
  joinUndoSchema,
  MAX_ACTION_UIDS,
  messageArchiveRequestSchema,
  messageDeleteRequestSchema,
  messageJunkRequestSchema,
  messageSearchRequestSchema,
  searchCloseRequestSchema,
  searchEverywhereRequestSchema,
  type ActionUndoRequest,
  type MessageArchiveRequest,
  type MessageDeleteRequest,
  type MessageJunkRequest,
  type MessageSearchRequest,
  type MoveResult,
  type SearchCloseRequest,
  type SearchEverywhereRequest,
  type SearchEverywhereResult,
  type SearchMatchedEvent,
  type SearchResult,
} from './actions.ts';
import {
  flagSchema,
  mailboxPathSchema,
  uidSchema,
  uidValiditySchema,
  type MailboxInfo,
  type MessageWindow,
} from './mail.ts';
import {
  mailboxCreateRequestSchema,
  mailboxDeleteRequestSchema,
  mailboxEmptyRequestSchema,
  mailboxMarkReadRequestSchema,
  mailboxUidsRequestSchema,
  mailboxRenameRequestSchema,
  type FolderDeleteResult,
  type FolderEmptyResult,
  type FolderPathResult,
  type MailboxCreateRequest,
  type MailboxDeleteRequest,
  type MailboxEmptyRequest,
  type MailboxMarkReadRequest,
  type FolderMarkReadResult,
  type FolderUids,
  type MailboxUidsRequest,
  type MailboxRenameRequest,
} from './folders.ts';
import { sortOrderSchema } from './sort.ts';
import type {
  AccountResyncEvent,
  AccountStatusEvent,
  MailboxArrivedEvent,
  MailboxCountsChangedEvent,
  MailboxListChangedEvent,
  MailboxResetEvent,
  MessageAddedEvent,
  MessageExpungedEvent,
  MessageFlagsChangedEvent,
  SessionEndedEvent,
} from './pushes.ts';
import {
  filtersApplyRequestSchema,
  filtersGetRequestSchema,
  filtersSetRequestSchema,
  type FilterApplyResult,
  type FiltersApplyRequest,
  type FiltersGetRequest,
  type FiltersSetRequest,
  type FilterState,
} from './filters.ts';
import { quotaGetRequestSchema, type QuotaGetRequest, type QuotaResult } from './quota.ts';
import {
  vacationGetRequestSchema,
  vacationSetRequestSchema,
  type VacationGetRequest,
  type VacationSetRequest,
  type VacationState,
} from './vacation.ts';
import {
  messageUnsubscribeRequestSchema,
  type MessageUnsubscribeRequest,
  type UnsubscribeResult,
} from './unsubscribe.ts';
import {
  recipientSuggestRequestSchema,
  type RecipientSuggestions,
  type RecipientSuggestRequest,
} from './contacts.ts';

/** The largest window one request may ask for; the browser pages for more. */
export const MAX_WINDOW = 500;
export const DEFAULT_WINDOW = 100;

// ---------------------------------------------------------------------------
// Requests (browser → gateway). Each has a zod schema; the gateway validates every payload.

export const mailboxListRequestSchema = z.object({}).strict();
export type MailboxListRequest = z.infer<typeof mailboxListRequestSchema>;

export const mailboxOpenRequestSchema = z
  .object({
    mailbox: mailboxPathSchema,
    limit: z.number().int().min(1).max(MAX_WINDOW).optional(),
    /** Absent: newest first, the live order (see `MessageWindow.sort`). */
    sort: sortOrderSchema.optional(),
  })
  .strict();
export type MailboxOpenRequest = z.infer<typeof mailboxOpenRequestSchema>;

export const messageListRequestSchema = z
  .object({
    mailbox: mailboxPathSchema,
    uidValidity: uidValiditySchema,
    /** Position of the first message wanted, 0 = newest (or first in `sort`). */
    offset: z.number().int().min(0).max(0xffff_ffff),
    limit: z.number().int().min(1).max(MAX_WINDOW),
    sort: sortOrderSchema.optional(),
  })
  .strict();
export type MessageListRequest = z.infer<typeof messageListRequestSchema>;

export const messageSetFlagsRequestSchema = z
  .object({
    mailbox: mailboxPathSchema,
    uidValidity: uidValiditySchema,
    uids: z.array(uidSchema).min(1).max(MAX_ACTION_UIDS),
    add: z.array(flagSchema).max(16).optional(),
    remove: z.array(flagSchema).max(16).optional(),
  })
  .strict()
  .refine((r) => (r.add?.length ?? 0) + (r.remove?.length ?? 0) > 0, {
    message: 'add or remove at least one flag',
  });
export type MessageSetFlagsRequest = z.infer<typeof messageSetFlagsRequestSchema>;

export const messageMoveRequestSchema = z
  .object({
    mailbox: mailboxPathSchema,
    uidValidity: uidValiditySchema,
    uids: z.array(uidSchema).min(1).max(MAX_ACTION_UIDS),
    destination: mailboxPathSchema,
    joinUndo: z.optional(joinUndoSchema),
  })
  .strict()
  .refine((r) => r.destination !== r.mailbox, { message: 'destination is the same folder' });
export type MessageMoveRequest = z.infer<typeof messageMoveRequestSchema>;

/** Re-check every folder's counts now (the tab regained focus). Cheap where NOTIFY runs. */
export const mailboxRefreshRequestSchema = z.object({}).strict();
export type MailboxRefreshRequest = z.infer<typeof mailboxRefreshRequestSchema>;

// ---------------------------------------------------------------------------
// The socket.io event maps, both ways (what pushes carry: pushes.ts).

export interface ClientToServerEvents {
  'mailbox:list': (
    req: MailboxListRequest,
    ack: (res: Ack<{ mailboxes: MailboxInfo[] }>) => void,
  ) => void;
  'mailbox:open': (req: MailboxOpenRequest, ack: (res: Ack<MessageWindow>) => void) => void;
  'message:list': (req: MessageListRequest, ack: (res: Ack<MessageWindow>) => void) => void;
  'message:setFlags': (
    req: MessageSetFlagsRequest,
    ack: (res: Ack<{ changes: { uid: number; flags: string[] }[] }>) => void,
  ) => void;
  'message:move': (req: MessageMoveRequest, ack: (res: Ack<MoveResult>) => void) => void;
  'message:delete': (req: MessageDeleteRequest, ack: (res: Ack<MoveResult>) => void) => void;
  'message:archive': (req: MessageArchiveRequest, ack: (res: Ack<MoveResult>) => void) => void;
  'message:junk': (req: MessageJunkRequest, ack: (res: Ack<MoveResult>) => void) => void;
  'action:undo': (req: ActionUndoRequest, ack: (res: Ack<{ restored: number }>) => void) => void;
  'message:search': (req: MessageSearchRequest, ack: (res: Ack<SearchResult>) => void) => void;
  'search:close': (req: SearchCloseRequest, ack: (res: Ack<Record<string, never>>) => void) => void;
  'search:everywhere': (
    req: SearchEverywhereRequest,
    ack: (res: Ack<SearchEverywhereResult>) => void,
  ) => void;
  'message:send': (req: MessageSendRequest, ack: (res: Ack<SendResult>) => void) => void;
  'draft:save': (req: DraftSaveRequest, ack: (res: Ack<DraftSaveResult>) => void) => void;
  'draft:open': (req: DraftOpenRequest, ack: (res: Ack<OpenedDraft>) => void) => void;
  'attachments:copy': (
    req: AttachmentsCopyRequest,
    ack: (res: Ack<AttachmentsCopyResult>) => void,
  ) => void;
  'attachments:release': (
    req: AttachmentsReleaseRequest,
    ack: (res: Ack<Record<string, never>>) => void,
  ) => void;
  'message:get': (req: MessageGetRequest, ack: (res: Ack<MessageDetail>) => void) => void;
  'message:rsvp': (req: MessageRsvpRequest, ack: (res: Ack<RsvpResult>) => void) => void;
  'message:threads': (req: MessageThreadsRequest, ack: (res: Ack<ThreadPage>) => void) => void;
  'mailbox:refresh': (
    req: MailboxRefreshRequest,
    ack: (res: Ack<Record<string, never>>) => void,
  ) => void;
  'mailbox:create': (req: MailboxCreateRequest, ack: (res: Ack<FolderPathResult>) => void) => void;
  'mailbox:rename': (req: MailboxRenameRequest, ack: (res: Ack<FolderPathResult>) => void) => void;
  'mailbox:delete': (
    req: MailboxDeleteRequest,
    ack: (res: Ack<FolderDeleteResult>) => void,
  ) => void;
  'mailbox:empty': (req: MailboxEmptyRequest, ack: (res: Ack<FolderEmptyResult>) => void) => void;
  'mailbox:markRead': (
    req: MailboxMarkReadRequest,
    ack: (res: Ack<FolderMarkReadResult>) => void,
  ) => void;
  'mailbox:uids': (req: MailboxUidsRequest, ack: (res: Ack<FolderUids>) => void) => void;
  'recipient:suggest': (
    req: RecipientSuggestRequest,
    ack: (res: Ack<RecipientSuggestions>) => void,
  ) => void;
  'message:unsubscribe': (
    req: MessageUnsubscribeRequest,
    ack: (res: Ack<UnsubscribeResult>) => void,
  ) => void;
  'quota:get': (req: QuotaGetRequest, ack: (res: Ack<QuotaResult>) => void) => void;
  'vacation:get': (req: VacationGetRequest, ack: (res: Ack<VacationState>) => void) => void;
  'vacation:set': (req: VacationSetRequest, ack: (res: Ack<VacationState>) => void) => void;
  'filters:get': (req: FiltersGetRequest, ack: (res: Ack<FilterState>) => void) => void;
  'filters:set': (req: FiltersSetRequest, ack: (res: Ack<FilterState>) => void) => void;
  'filters:apply': (req: FiltersApplyRequest, ack: (res: Ack<FilterApplyResult>) => void) => void;
}

export interface ServerToClientEvents {
  'message:added': (ev: MessageAddedEvent) => void;
  'message:expunged': (ev: MessageExpungedEvent) => void;
  'message:flagsChanged': (ev: MessageFlagsChangedEvent) => void;
  'mailbox:countsChanged': (ev: MailboxCountsChangedEvent) => void;
  'mailbox:arrived': (ev: MailboxArrivedEvent) => void;
  'mailbox:reset': (ev: MailboxResetEvent) => void;
  'mailbox:listChanged': (ev: MailboxListChangedEvent) => void;
  'account:resync': (ev: AccountResyncEvent) => void;
  'account:status': (ev: AccountStatusEvent) => void;
  'session:ended': (ev: SessionEndedEvent) => void;
  'search:matched': (ev: SearchMatchedEvent) => void;
}

/** Between gateway processes (socket.io adapters); none yet. */
export type InterServerEvents = Record<string, never>;

/** What the gateway attaches to an authenticated socket. */
export interface SocketData {
  sessionId: string;
  accountId: string;
  lastSeq?: number;
}

/** The inbound schema for each request, keyed by event name: the gateway's single lookup. */
export const requestSchemas = {
  'mailbox:list': mailboxListRequestSchema,
  'mailbox:open': mailboxOpenRequestSchema,
  'message:list': messageListRequestSchema,
  'message:setFlags': messageSetFlagsRequestSchema,
  'message:move': messageMoveRequestSchema,
  'message:get': messageGetRequestSchema,
  'message:rsvp': messageRsvpRequestSchema,
  'message:threads': messageThreadsRequestSchema,
  'message:delete': messageDeleteRequestSchema,
  'message:archive': messageArchiveRequestSchema,
  'message:junk': messageJunkRequestSchema,
  'action:undo': actionUndoRequestSchema,
  'message:search': messageSearchRequestSchema,
  'search:close': searchCloseRequestSchema,
  'search:everywhere': searchEverywhereRequestSchema,
  'message:send': messageSendRequestSchema,
  'draft:save': draftSaveRequestSchema,
  'draft:open': draftOpenRequestSchema,
  'attachments:copy': attachmentsCopyRequestSchema,
  'attachments:release': attachmentsReleaseRequestSchema,
  'mailbox:refresh': mailboxRefreshRequestSchema,
  'mailbox:create': mailboxCreateRequestSchema,
  'mailbox:rename': mailboxRenameRequestSchema,
  'mailbox:delete': mailboxDeleteRequestSchema,
  'mailbox:empty': mailboxEmptyRequestSchema,
  'mailbox:markRead': mailboxMarkReadRequestSchema,
  'mailbox:uids': mailboxUidsRequestSchema,
  'recipient:suggest': recipientSuggestRequestSchema,
  'message:unsubscribe': messageUnsubscribeRequestSchema,
  'quota:get': quotaGetRequestSchema,
  'vacation:get': vacationGetRequestSchema,
  'vacation:set': vacationSetRequestSchema,
  'filters:get': filtersGetRequestSchema,
  'filters:set': filtersSetRequestSchema,
  'filters:apply': filtersApplyRequestSchema,
} as const satisfies { [K in keyof ClientToServerEvents]: z.ZodType };

/** Event names as values, so no event name is spelled as a literal outside this package. */
export const Events = {
  MailboxList: 'mailbox:list',
  MailboxOpen: 'mailbox:open',
  MessageList: 'message:list',
  MessageSetFlags: 'message:setFlags',
  MessageMove: 'message:move',
  MessageGet: 'message:get',
  MessageRsvp: 'message:rsvp',
  MessageThreads: 'message:threads',
  MessageDelete: 'message:delete',
  MessageArchive: 'message:archive',
  MessageJunk: 'message:junk',
  ActionUndo: 'action:undo',
  MessageSearch: 'message:search',
  SearchClose: 'search:close',
  SearchEverywhere: 'search:everywhere',
  MessageSend: 'message:send',
  DraftSave: 'draft:save',
  DraftOpen: 'draft:open',
  AttachmentsCopy: 'attachments:copy',
  AttachmentsRelease: 'attachments:release',
  SearchMatched: 'search:matched',
  MailboxRefresh: 'mailbox:refresh',
  MailboxCreate: 'mailbox:create',
  MailboxRename: 'mailbox:rename',
  MailboxDelete: 'mailbox:delete',
  MailboxEmpty: 'mailbox:empty',
  MailboxMarkRead: 'mailbox:markRead',
  MailboxUids: 'mailbox:uids',
  RecipientSuggest: 'recipient:suggest',
  MessageUnsubscribe: 'message:unsubscribe',
  QuotaGet: 'quota:get',
  VacationGet: 'vacation:get',
  VacationSet: 'vacation:set',
  FiltersGet: 'filters:get',
  FiltersSet: 'filters:set',
  FiltersApply: 'filters:apply',
  MessageAdded: 'message:added',
  MessageExpunged: 'message:expunged',
  MessageFlagsChanged: 'message:flagsChanged',
  MailboxCountsChanged: 'mailbox:countsChanged',
  MailboxArrived: 'mailbox:arrived',
  MailboxReset: 'mailbox:reset',
  MailboxListChanged: 'mailbox:listChanged',
  AccountResync: 'account:resync',
  AccountStatus: 'account:status',
  SessionEnded: 'session:ended',
} as const satisfies Record<string, keyof ClientToServerEvents | keyof ServerToClientEvents>;
