import type { ImapFlow } from 'imapflow';
import type { MessageSummary } from '@tidings/protocol';
import { decodeModifiedUtf7 } from './mailbox-name.ts';
import { offersPreview } from './preview.ts';
import { readPushedRow } from './pushed-row.ts';
import { atom, textOf, type ResponseToken } from './raw-command.ts';

export interface FolderStatus {
  path: string;
  messages?: number;
  unseen?: number;
  uidValidity?: number;
}

interface UntaggedResponse {
  command: string;
  attributes: unknown[];
}

type UntaggedHandler = (untagged: UntaggedResponse) => Promise<void>;

/** imapflow's command queue and untagged handlers, which it does not type. */
interface RawConnection {
  exec(command: string, attributes: unknown[], options?: object): Promise<{ next: () => void }>;
  untaggedHandlers: Record<string, UntaggedHandler | null | undefined>;
}

export interface NotifyHandlers {
  /** Another folder's counts changed (`* STATUS`). */
  onStatus(status: FolderStatus): void;
  /** Folders were created, renamed, deleted or (un)subscribed (`* LIST`). */
  onMailboxNamesChanged(): void;
  /** A message new in the selected mailbox, as the list row the server pushed with it. */
  onNewMessage(summary: MessageSummary): void;
}

export interface NotifyResult {
  /** The server sends each new message's list row with its EXISTS: no FETCH needed. */
  pushesNewMessages: boolean;
}

export function offersNotify(client: ImapFlow): boolean {
  return client.capabilities.has('NOTIFY');
}

/** Reads `* STATUS name (MESSAGES n UNSEEN n ...)`. */
export function parseStatusResponse(attributes: unknown[]): FolderStatus | null {
  // A name with 8-bit text (UTF8=ACCEPT) or odd characters may come as a literal.
  const name = textOf(attributes[0] as ResponseToken | undefined);
  const items = attributes[1];
  if (name === undefined || !Array.isArray(items)) return null;
  const status: FolderStatus = { path: decodeModifiedUtf7(name) };
  for (let i = 0; i + 1 < items.length; i += 2) {
    const key = String((items[i] as ResponseToken)?.value ?? '').toUpperCase();
    const value = Number((items[i + 1] as ResponseToken)?.value);
    if (!Number.isFinite(value)) continue;
    if (key === 'MESSAGES') status.messages = value;
    else if (key === 'UNSEEN') status.unseen = value;
    else if (key === 'UIDVALIDITY') status.uidValidity = value;
  }
  return status;
}

/** What a list row needs (envelope.ts SUMMARY_FETCH_QUERY), as NOTIFY fetch-att items. */
function newMessageItems(client: ImapFlow) {
  const items = ['UID', 'FLAGS', 'ENVELOPE', 'RFC822.SIZE', 'INTERNALDATE'];
  if (offersPreview(client)) items.push('PREVIEW');
  return items.map(atom);
}

/** Does this untagged FETCH carry a whole list row (ENVELOPE and UID), not just flags? */
function isListRow(untagged: UntaggedResponse): boolean {
  const items = untagged.attributes[1];
  if (!Array.isArray(items)) return false;
  let envelope = false;
  let uid = false;
  for (let i = 0; i < items.length; i += 2) {
    const key = String((items[i] as ResponseToken | undefined)?.value ?? '').toUpperCase();
    if (key === 'ENVELOPE') envelope = true;
    else if (key === 'UID') uid = true;
  }
  return envelope && uid;
}

/**
 * Turns on IMAP NOTIFY (RFC 5465) for this connection: the selected mailbox keeps its usual
 * EXISTS/EXPUNGE/FETCH, and every other personal mailbox reports changes as STATUS (counts)
 * and LIST (created, renamed, deleted). imapflow has no NOTIFY support, so the command and the
 * untagged handlers go through its internals; the caller falls back to STATUS polling if this
 * throws.
 *
 * MessageNew asks for the list row's FETCH items too (RFC 5465 §5.2), so the server sends a
 * new message's row right after its EXISTS, unasked: showing it costs no round trip. Where the
 * server refuses those items, NOTIFY is asked for again without them.
 */
export async function enableNotify(
  client: ImapFlow,
  handlers: NotifyHandlers,
): Promise<NotifyResult> {
  const raw = client as unknown as RawConnection;
  raw.untaggedHandlers.STATUS = async (untagged) => {
    const status = parseStatusResponse(untagged.attributes);
    if (status) handlers.onStatus(status);
  };
  raw.untaggedHandlers.LIST = async () => handlers.onMailboxNamesChanged();
  const flagsOnly = raw.untaggedHandlers.FETCH;
  raw.untaggedHandlers.FETCH = async (untagged) => {
    // A command's own FETCH results never come here (imapflow routes them to the command).
    const mailbox = client.mailbox;
    if (!mailbox || !isListRow(untagged)) return flagsOnly?.(untagged);
    let summary: MessageSummary | null;
    try {
      summary = readPushedRow(untagged.attributes, mailbox);
    } catch {
      summary = null;
    }
    // A row that cannot be read is left to the fetch that follows an EXISTS without one.
    if (summary) handlers.onNewMessage(summary);
  };
  const events = [atom('MessageNew'), atom('MessageExpunge'), atom('FlagChange')];
  const personal = [atom('PERSONAL'), [...events, atom('MailboxName'), atom('SubscriptionChange')]];
  const withRows = [atom('MessageNew'), newMessageItems(client), ...events.slice(1)];
  try {
    await setNotify(raw, [[atom('SELECTED'), withRows], personal]);
    return { pushesNewMessages: true };
  } catch (error) {
    if (!isCommandRefusal(error)) throw error;
  }
  await setNotify(raw, [[atom('SELECTED'), events], personal]);
  return { pushesNewMessages: false };
}

async function setNotify(raw: RawConnection, filters: unknown[]): Promise<void> {
  const response = await raw.exec('NOTIFY', [atom('SET'), ...filters]);
  response.next();
}

/** A tagged NO or BAD (the server understood and said no), not a lost connection. */
function isCommandRefusal(error: unknown): boolean {
  const status = (error as { responseStatus?: string } | null)?.responseStatus;
  return status === 'NO' || status === 'BAD';
}
