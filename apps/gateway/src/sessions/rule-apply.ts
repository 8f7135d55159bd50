import type { ImapFlow, MessageEnvelopeObject, SearchObject } from 'imapflow';
import {
  FilterField,
  FilterTest,
  Flag,
  hasFlag,
  type FilterApplyResult,
  type FilterRule,
} from '@tidings/protocol';
import { bracketedListId } from '../sieve/filter-script.ts';
import { commandRefused } from './account-error.ts';
import type { FolderAdminDeps } from './folder-admin.ts';
import { lockFolder } from './selected-mailbox.ts';

const INBOX = 'INBOX';
/** UIDs per STORE of a flag: keeps each flag push to every tab a bounded size. */
const FLAG_BATCH = 5_000;

/** What a rule does, done as a tab's own actions are (FolderAdminDeps). */
export type RuleApplyDeps = Pick<FolderAdminDeps, 'commandClient' | 'addFlags' | 'move'>;

/**
 * The IMAP SEARCH (RFC 3501 §6.4.4) that finds what `rule` would have matched on delivery:
 * substrings of the header, as Sieve's :contains. "is" on an address or the subject is
 * narrowed afterwards (matchesExactly); a list's id is searched with its angle brackets, which
 * makes the substring the whole id.
 */
export function ruleSearch(rule: FilterRule): SearchObject {
  const value = rule.value.trim();
  switch (rule.field) {
    case FilterField.From:
      return { from: value };
    case FilterField.To:
      return { or: [{ to: value }, { cc: value }] };
    case FilterField.Subject:
      return { subject: value };
    case FilterField.List: {
      const id = rule.test === FilterTest.Is ? bracketedListId(value) : value;
      return { header: { 'list-id': id } };
    }
  }
}

/** "is" on an address or the subject: the search finds a superset, the envelope decides. */
function narrowsByEnvelope(rule: FilterRule): boolean {
  return rule.test === FilterTest.Is && rule.field !== FilterField.List;
}

/**
 * For "is": whether the envelope has an address (From; To or Cc) or the subject equal to the
 * rule's text, case aside, as the Sieve script compares. Other rules: the search was exact.
 */
export function matchesExactly(rule: FilterRule, envelope: MessageEnvelopeObject | undefined) {
  if (!narrowsByEnvelope(rule)) return true;
  const wanted = rule.value.trim().toLowerCase();
  const same = (text: string | undefined) => text?.trim().toLowerCase() === wanted;
  switch (rule.field) {
    case FilterField.From:
      return (envelope?.from ?? []).some((a) => same(a.address));
    case FilterField.To:
      return [...(envelope?.to ?? []), ...(envelope?.cc ?? [])].some((a) => same(a.address));
    case FilterField.Subject:
      return same(envelope?.subject);
  }
}

/**
 * Runs `rule` over the Inbox now: what it matches is marked read (only what was unread),
 * tagged (only what lacked the tag) and/or moved to its folder, in that order, so the messages
 * arrive there read and tagged. Through the same paths as a tab's own actions, so every tab
 * hears and the move can be undone.
 */
export async function applyRule(deps: RuleApplyDeps, rule: FilterRule): Promise<FilterApplyResult> {
  const client = await deps.commandClient();
  const { uidValidity, matched, unread, untagged } = await matchesInInbox(client, rule);
  const add = async (uids: number[], flag: string) => {
    for (let from = 0; from < uids.length; from += FLAG_BATCH) {
      await deps.addFlags(INBOX, uidValidity, uids.slice(from, from + FLAG_BATCH), [flag]);
    }
  };
  await add(unread, Flag.Seen);
  if (rule.tag) await add(untagged, rule.tag);
  const moved =
    rule.moveTo !== null && matched.length > 0
      ? await deps.move(INBOX, uidValidity, matched, rule.moveTo)
      : null;
  return { matched: matched.length, marked: unread.length, tagged: untagged.length, moved };
}

interface InboxMatches {
  uidValidity: number;
  matched: number[];
  /** Matched and unread, where the rule marks read. */
  unread: number[];
  /** Matched and without the rule's tag, where it has one. */
  untagged: number[];
}

async function matchesInInbox(client: ImapFlow, rule: FilterRule): Promise<InboxMatches> {
  const lock = await lockFolder(client, INBOX);
  try {
    const uidValidity = Number(client.mailbox ? client.mailbox.uidValidity : 0);
    const none = { uidValidity, matched: [], unread: [], untagged: [] };
    if (!client.mailbox || client.mailbox.exists === 0) return none;
    const found = await client.search(ruleSearch(rule), { uid: true });
    if (!Array.isArray(found) || found.length === 0) return none;
    // The search was exact and no flags are wanted: a big Inbox needs no FETCH at all.
    const narrowed = narrowsByEnvelope(rule);
    const tag = rule.tag ?? null;
    if (!narrowed && !rule.markRead && !tag) {
      return { uidValidity, matched: found, unread: [], untagged: [] };
    }
    const messages = await client.fetchAll(
      found,
      { uid: true, flags: true, envelope: narrowed },
      { uid: true },
    );
    const matched = messages.filter((m) => matchesExactly(rule, m.envelope));
    const lacking = (flag: string) =>
      matched.filter((m) => !hasFlag([...(m.flags ?? [])], flag)).map((m) => m.uid);
    return {
      uidValidity,
      matched: matched.map((m) => m.uid),
      unread: rule.markRead ? lacking(Flag.Seen) : [],
      untagged: tag ? lacking(tag) : [],
    };
  } catch (error) {
    throw commandRefused(client, error);
  } finally {
    lock.release();
  }
}
