import type { FetchMessageObject, ImapFlow, MessageAddressObject } from 'imapflow';
import { MailboxRole, type Correspondent } from '@tidings/protocol';
import { AUTOMATION_HEADERS, isAutomated } from '../mime/automated-mail.ts';
import { commandRefused } from '../sessions/account-error.ts';
import { lockFolder } from '../sessions/selected-mailbox.ts';
import {
  CorrespondentIndex,
  MAX_CORRESPONDENTS,
  RECEIVED_WEIGHT,
  SENT_WEIGHT,
} from './correspondents.ts';
import { findFolderWithRole } from './special-folder.ts';

/**
 * `recipient:suggest`: the people an account has mail with (compose/correspondents.ts), read
 * from the envelopes of its newest mail on the first request and kept up to date by UID while
 * the user writes: STATUS says whether Sent or Inbox grew, and only what is new is read. The
 * index lives in memory only, and is dropped when no one has asked for a while: an account
 * that never composes pays nothing for it.
 */

/** How many of the newest messages of each folder are read (envelopes, and a few header fields). */
export const SENT_SCAN = 2_000;
export const INBOX_SCAN = 1_000;
/** A message to more people than this says little about any of them: the rest are skipped. */
const RECIPIENTS_PER_MESSAGE = 50;
/** At most this often does a request ask the server whether the folders grew. */
const FRESH_MS = 30_000;
/** The index is dropped after this long without a request. */
export const INDEX_IDLE_MS = 10 * 60_000;

interface Source {
  path: string;
  scan: number;
  /** Received mail: a machine's (a newsletter, a notification) names no one to write to. */
  skipAutomated: boolean;
  /** The addresses a message of this folder adds, and how much each counts. */
  read: (envelope: NonNullable<FetchMessageObject['envelope']>) => {
    addresses: MessageAddressObject[];
    weight: number;
  };
}

const SENT_READ: Source['read'] = (envelope) => ({
  addresses: [...(envelope.to ?? []), ...(envelope.cc ?? []), ...(envelope.bcc ?? [])],
  weight: SENT_WEIGHT,
});
const INBOX_READ: Source['read'] = (envelope) => ({
  addresses: envelope.from ?? [],
  weight: RECEIVED_WEIGHT,
});

/** Where a folder stood when last read: what is new since is read next time. */
interface Seen {
  uidValidity: string;
  uidNext: number;
}

export interface RecipientSuggesterOptions {
  commandClient(): Promise<ImapFlow>;
  /** The login, never suggested. */
  ownAddress: string;
  clock?: () => number;
}

export class RecipientSuggester {
  private index: CorrespondentIndex | null = null;
  private seen = new Map<string, Seen>();
  private checkedAt = -Infinity;
  private reading: Promise<void> | null = null;
  private dropTimer: NodeJS.Timeout | undefined;
  private readonly clock: () => number;

  constructor(private readonly options: RecipientSuggesterOptions) {
    this.clock = options.clock ?? Date.now;
  }

  async suggest(query: string, limit: number): Promise<Correspondent[]> {
    this.keepForNow();
    await this.fresh();
    return this.index?.suggest(query, limit) ?? [];
  }

  /** The user just sent mail: the next request looks for it in Sent, however soon. */
  markStale(): void {
    this.checkedAt = -Infinity;
  }

  close(): void {
    clearTimeout(this.dropTimer);
    this.drop();
  }

  private keepForNow(): void {
    clearTimeout(this.dropTimer);
    this.dropTimer = setTimeout(() => this.drop(), INDEX_IDLE_MS);
    this.dropTimer.unref();
  }

  private drop(): void {
    this.index = null;
    this.seen = new Map();
    this.checkedAt = -Infinity;
  }

  /** One read at a time; requests meanwhile wait for it rather than starting their own. */
  private async fresh(): Promise<void> {
    while (this.reading) await this.reading;
    if (this.index && this.clock() - this.checkedAt < FRESH_MS) return;
    this.reading = this.read().finally(() => (this.reading = null));
    await this.reading;
  }

  private async read(): Promise<void> {
    const client = await this.options.commandClient();
    try {
      await this.readWith(client);
    } catch (error) {
      // Suggestions are a help, not the mail: an older index still answers. It may hold part
      // of what the failed read added, so the next read starts over rather than add it twice.
      this.seen = new Map();
      if (!this.index) throw commandRefused(client, error);
    }
  }

  private async readWith(client: ImapFlow): Promise<void> {
    const checkedAt = this.clock();
    const sources = await sourcesOf(client);
    let index = this.index;
    const seen = new Map(this.seen);
    for (const source of sources) {
      const status = await client.status(source.path, { uidNext: true, uidValidity: true });
      if (!status) continue; // imapflow's answer for a folder the server would not report
      const uidValidity = String(status.uidValidity);
      const uidNext = status.uidNext ?? 0;
      const before = seen.get(source.path);
      // STATUS of the folder this connection has selected answers from the session's view,
      // which may predate new mail (RFC 3501 §6.3.10 says not to ask): read it to be sure.
      const selected = client.mailbox && client.mailbox.path === source.path;
      const grew = !before || before.uidValidity !== uidValidity || before.uidNext < uidNext;
      if (!grew && !selected) continue;
      if (
        index === null ||
        before?.uidValidity !== uidValidity ||
        uidNext - before.uidNext > source.scan
      ) {
        // A first read, a folder replaced (new UIDVALIDITY) or a flood: start over from the
        // newest mail of every folder rather than count some of it twice.
        index = new CorrespondentIndex([this.options.ownAddress.toLowerCase()], this.clock);
        seen.clear();
        for (const each of sources) seen.set(each.path, await readFolder(client, each, index));
        break;
      }
      seen.set(source.path, await readFolder(client, source, index, before.uidNext));
    }
    index?.prune(MAX_CORRESPONDENTS);
    this.index = index;
    this.seen = seen;
    this.checkedAt = checkedAt;
  }
}

/** Sent (by its special-use flag, else by name) and Inbox; a missing Sent is no error. */
async function sourcesOf(client: ImapFlow): Promise<Source[]> {
  const sent = findFolderWithRole(await client.list(), MailboxRole.Sent, 'Sent');
  const sources: Source[] = [
    { path: 'INBOX', scan: INBOX_SCAN, skipAutomated: true, read: INBOX_READ },
  ];
  if (sent) {
    sources.unshift({ path: sent, scan: SENT_SCAN, skipAutomated: false, read: SENT_READ });
  }
  return sources;
}

/**
 * The folder's newest `source.scan` messages by position (no UIDs needed), or what arrived
 * since `fromUid`; answers where the folder now stands.
 */
async function readFolder(
  client: ImapFlow,
  source: Source,
  index: CorrespondentIndex,
  fromUid?: number,
): Promise<Seen> {
  const lock = await lockFolder(client, source.path);
  try {
    // Dovecot syncs a session's view on NOOP: a folder that was selected already may have grown.
    await client.noop();
    const mailbox = client.mailbox;
    if (!mailbox) throw new Error(`${source.path} is not selected`);
    let highest = 0;
    if (fromUid !== undefined) {
      highest = await addEnvelopes(client, `${fromUid}:*`, fromUid, source, index);
    } else if (mailbox.exists > 0) {
      const first = Math.max(1, mailbox.exists - source.scan + 1);
      highest = await addEnvelopes(client, `${first}:*`, undefined, source, index);
    }
    return {
      uidValidity: String(mailbox.uidValidity),
      uidNext: Math.max(mailbox.uidNext, highest + 1, fromUid ?? 0),
    };
  } finally {
    lock.release();
  }
}

/** Adds each message's people; answers the highest UID read. By UID when `fromUid` is given. */
async function addEnvelopes(
  client: ImapFlow,
  range: string,
  fromUid: number | undefined,
  source: Source,
  index: CorrespondentIndex,
): Promise<number> {
  const query = {
    uid: true,
    envelope: true,
    internalDate: true,
    ...(source.skipAutomated && { headers: AUTOMATION_HEADERS }),
  };
  let highest = 0;
  for await (const message of client.fetch(range, query, { uid: fromUid !== undefined })) {
    // `N:*` also matches the last message when nothing is newer (RFC 3501 §6.4.8); and an
    // unsolicited FETCH (another client's flag change) carries no envelope.
    if (message.uid < (fromUid ?? 0) || !message.envelope) continue;
    highest = Math.max(highest, message.uid);
    if (source.skipAutomated && isAutomated(message.headers?.toString('latin1') ?? '')) continue;
    const { addresses, weight } = source.read(message.envelope);
    const date = message.envelope.date ?? message.internalDate;
    const time = date ? new Date(date).getTime() : NaN;
    for (const person of addresses.slice(0, RECIPIENTS_PER_MESSAGE)) {
      if (person.address) {
        index.add({ name: person.name ?? '', address: person.address, date: time, weight });
      }
    }
  }
  return highest;
}
