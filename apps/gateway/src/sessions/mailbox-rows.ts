/** The watched mailbox's rows: the envelopes the tabs are shown, and the UIDs just expunged. */

import type { ImapFlow } from 'imapflow';
import type { MessageSummary } from '@tidings/protocol';
import { isConnectionLost } from '../imap/connection-lost.ts';
import type { MailboxState } from '../imap/mailbox-state.ts';
import { fetchSummaries } from '../imap/summary-fetch.ts';
import { SummaryCache } from '../imap/summary-cache.ts';

/** Envelopes kept per account; a few screens of a large mailbox. */
const SUMMARY_CACHE_ENTRIES = 5_000;
/** UIDs expunged recently, so a FETCH answered just before the expunge cannot resurrect them. */
const RECENTLY_VANISHED_LIMIT = 1_000;

/**
 * The envelope cache of the watched mailbox (flags come from its state, which is the truth),
 * filled on the command connection when rows are missing, and the UIDs expunged recently.
 */
export class MailboxRows {
  private readonly cache = new SummaryCache(SUMMARY_CACHE_ENTRIES);
  private readonly recentlyVanished = new Set<number>();

  /** `commandClient`: the connection rows are read on; throws AccountError when unavailable. */
  constructor(private readonly commandClient: () => Promise<ImapFlow>) {}

  get(uid: number): MessageSummary | undefined {
    return this.cache.get(uid);
  }

  set(summary: MessageSummary): void {
    this.cache.set(summary);
  }

  /** Was `uid` expunged recently (a row read before the expunge must not bring it back)? */
  vanishedRecently(uid: number): boolean {
    return this.recentlyVanished.has(uid);
  }

  /** The mailbox was read afresh: no row or expunge known before means anything now. */
  clear(): void {
    this.cache.clear();
    this.recentlyVanished.clear();
  }

  forget(uid: number): void {
    this.cache.delete(uid);
    this.recentlyVanished.add(uid);
    if (this.recentlyVanished.size > RECENTLY_VANISHED_LIMIT) {
      this.recentlyVanished.delete(this.recentlyVanished.values().next().value as number);
    }
  }

  summaryOf(state: MailboxState, uid: number): MessageSummary {
    // A message the server would not FETCH is being expunged right now; its row stays (bare)
    // so the window remains contiguous, and the coming expunge removes it.
    return { ...(this.cache.get(uid) ?? bareSummary(uid)), flags: state.flagsOf(uid) ?? [] };
  }

  /** Reads the rows of `uids` in `path` on the command connection into the cache. */
  async fetch(path: string, uids: number[]): Promise<void> {
    let summaries;
    try {
      summaries = await fetchSummaries(await this.commandClient(), path, uids);
    } catch (error) {
      // The command connection died under us (a BYE for a deleted folder, a restart): reading
      // is safe to repeat once the link is back.
      if (!isConnectionLost(error)) throw error;
      summaries = await fetchSummaries(await this.commandClient(), path, uids);
    }
    for (const summary of summaries) this.cache.set(summary);
  }
}

function bareSummary(uid: number): MessageSummary {
  return {
    uid,
    from: [],
    to: [],
    subject: '',
    date: new Date(0).toISOString(),
    flags: [],
    size: 0,
  };
}
