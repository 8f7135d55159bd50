import {
  Flag,
  hasFlag,
  tagsOf,
  type MessageSummary,
  type ThreadMethod,
  type ThreadPage,
  type ThreadSummary,
} from '@tidings/protocol';
import { addressLabel, recipientsLabel, RowParty } from '../messages/format.ts';

/** The conversations of one folder as this tab holds them: the loaded threads, newest first. */
export interface ConversationState {
  mailbox: string;
  uidValidity: number;
  /** Null until the first page arrived. */
  method: ThreadMethod | null;
  /** Messages in the folder, and how many of them were threaded (all, or the newest N). */
  total: number;
  threaded: number;
  totalThreads: number;
  threads: readonly ThreadSummary[];
  /** UIDs of expanded threads (any of their messages): a thread stays open as it grows. */
  expanded: ReadonlySet<number>;
  loading: boolean;
  error: string | null;
}

export type ConversationRow =
  | { kind: 'thread'; thread: ThreadSummary; expanded: boolean }
  | { kind: 'message'; thread: ThreadSummary; message: MessageSummary };

export interface ThreadFacts {
  /** The newest message: the row's subject, date and what opening the row shows. */
  newest: MessageSummary | undefined;
  size: number;
  /** Who wrote in it (in Sent and Drafts: whom it went to), first first, each once. */
  people: string[];
  unread: boolean;
  flagged: boolean;
  /** The keywords of the tags any of its loaded messages carries, in TAGS order. */
  tags: string[];
}

export function emptyConversations(mailbox: string, uidValidity: number): ConversationState {
  return {
    mailbox,
    uidValidity,
    method: null,
    total: 0,
    threaded: 0,
    totalThreads: 0,
    threads: [],
    expanded: new Set(),
    loading: true,
    error: null,
  };
}

/** The thread's key for React and the DOM: its first (oldest) known message never changes. */
export function threadKey(thread: ThreadSummary): number {
  return thread.uids[thread.uids.length - 1] ?? 0;
}

/**
 * Takes in answered pages. `replace` (a refresh from offset 0) swaps the loaded threads for
 * the answer's; otherwise a page that continues the loaded ones is appended, and one that does
 * not (an older answer overtaken by a refresh) is dropped.
 */
export function receivePages(
  state: ConversationState,
  pages: readonly ThreadPage[],
  replace: boolean,
): ConversationState {
  const last = pages[pages.length - 1];
  if (!last) return state;
  if (pages.some((p) => p.mailbox !== state.mailbox || p.uidValidity !== state.uidValidity)) {
    return state;
  }
  if (!replace && pages[0]!.offset !== state.threads.length) return state;
  const fresh = pages.flatMap((p) => p.threads);
  return {
    ...state,
    method: last.method,
    total: last.total,
    threaded: last.threaded,
    totalThreads: last.totalThreads,
    threads: replace ? fresh : [...state.threads, ...fresh],
    loading: false,
    error: null,
  };
}

export function isExpanded(state: ConversationState, thread: ThreadSummary): boolean {
  return thread.uids.some((uid) => state.expanded.has(uid));
}

export function setExpanded(
  state: ConversationState,
  thread: ThreadSummary,
  open: boolean,
): ConversationState {
  if (isExpanded(state, thread) === open || thread.uids.length < 2) return state;
  const expanded = new Set(state.expanded);
  for (const uid of thread.uids) {
    if (open) expanded.add(uid);
    else expanded.delete(uid);
  }
  return { ...state, expanded };
}

/** The rows on screen: each thread, followed by its messages while it is expanded. */
export function conversationRows(state: ConversationState): ConversationRow[] {
  const rows: ConversationRow[] = [];
  for (const thread of state.threads) {
    const expanded = thread.uids.length > 1 && isExpanded(state, thread);
    rows.push({ kind: 'thread', thread, expanded });
    if (expanded)
      for (const message of thread.messages) rows.push({ kind: 'message', thread, message });
  }
  return rows;
}

export function threadFacts(thread: ThreadSummary, party: RowParty = RowParty.Sender): ThreadFacts {
  const people: string[] = [];
  for (let i = thread.messages.length - 1; i >= 0; i--) {
    const message = thread.messages[i]!;
    const addresses = party === RowParty.Sender ? message.from.slice(0, 1) : message.to;
    for (const address of addresses) {
      const name = addressLabel(address);
      if (name && !people.includes(name)) people.push(name);
    }
  }
  return {
    newest: thread.messages[0],
    size: thread.uids.length,
    people,
    unread: thread.unread > 0,
    flagged: thread.flagged || thread.messages.some((m) => hasFlag(m.flags, Flag.Flagged)),
    tags: tagsOf(thread.messages.flatMap((m) => m.flags)).map((tag) => tag.keyword),
  };
}

/**
 * "Ana, Bo, Cy" for up to three writers, then "Ana … Cy" (first and latest); where rows name
 * the recipients, "To: Nora, Bo" as a message row does.
 */
export function peopleLabel(people: readonly string[], party: RowParty = RowParty.Sender): string {
  if (party === RowParty.Recipients) return recipientsLabel(people);
  if (people.length === 0) return '(no sender)';
  if (people.length <= 3) return people.join(', ');
  return `${people[0]} … ${people[people.length - 1]}`;
}

/** The row the user's message is on: its own while expanded, else its thread's. */
export function rowIndexOf(rows: readonly ConversationRow[], uid: number): number {
  const own = rows.findIndex((row) => row.kind === 'message' && row.message.uid === uid);
  if (own >= 0) return own;
  return rows.findIndex((row) => row.kind === 'thread' && row.thread.uids.includes(uid));
}
