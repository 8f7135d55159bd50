import type { Correspondent } from '@tidings/protocol';

/**
 * The people an account has mail with, for the composer's suggestions: built from envelopes
 * (compose/recipient-suggester.ts reads them), ranked by how often and how lately. Pure, no
 * IMAP.
 *
 * Ranking is frecency: each message adds its weight, halved for every HALF_LIFE_MS of its age.
 * Ages count from the index's own reference time rather than from "now", so a score never needs
 * recomputing: as time passes every score would shrink by the same factor, and the order stays.
 */

/** Writing to someone says more about whom the user will write to next than being written to. */
export const SENT_WEIGHT = 3;
export const RECEIVED_WEIGHT = 1;
const HALF_LIFE_MS = 60 * 24 * 3_600_000;
/** The index keeps the best this many; the rest are dropped after each read. */
export const MAX_CORRESPONDENTS = 5_000;

/**
 * Addresses no one writes to: bounce and robot senders. A suggestion of them is noise, and a
 * reply to them goes nowhere.
 */
const AUTOMATED_LOCAL_PART =
  /^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer-daemon|postmaster|bounces?|notifications?)(?:\+.*)?$/i;

interface Entry {
  address: string;
  name: string;
  /** When the mail that gave `name` was dated: a newer name replaces an older one. */
  namedAt: number;
  score: number;
  /** Normalized name and address, and the words of both, for matching. */
  haystack: { name: string; address: string; words: string[] };
}

export interface Sighting {
  name: string;
  address: string;
  /** The message's date, epoch ms. */
  date: number;
  weight: number;
}

/** Lower case, accents dropped: "Zoë" is found by "zoe". */
export function normalize(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

const WORD_SEPARATORS = /[\s"'(),.;:<>@_+\-[\]/]+/;

function wordsOf(...texts: string[]): string[] {
  return texts.flatMap((text) => text.split(WORD_SEPARATORS)).filter(Boolean);
}

/** Whether `address` looks like one a person reads; only a well-formed one is kept. */
export function isPersonalAddress(address: string): boolean {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1 || /\s/.test(address)) return false;
  return !AUTOMATED_LOCAL_PART.test(address.slice(0, at));
}

export class CorrespondentIndex {
  private readonly entries = new Map<string, Entry>();

  /** The time ages count from (epoch ms): when the index was made. */
  private readonly reference: number;

  /** @param ownAddresses never suggested (the user's own login), in lower case. */
  constructor(
    private readonly ownAddresses: readonly string[],
    private readonly clock: () => number = Date.now,
  ) {
    this.reference = clock();
  }

  get size(): number {
    return this.entries.size;
  }

  add({ name, address, date, weight }: Sighting): void {
    const trimmed = address.trim();
    const key = trimmed.toLowerCase();
    if (!isPersonalAddress(trimmed) || this.ownAddresses.includes(key)) return;
    // A message dated in the future (a wrong clock, or a sender pushing itself up) counts as now.
    const when = Number.isFinite(date) ? Math.min(date, this.clock()) : 0;
    const gain = weight * 2 ** ((when - this.reference) / HALF_LIFE_MS);
    const cleanName = usableName(name, key);
    const entry = this.entries.get(key);
    if (!entry) {
      this.entries.set(key, {
        address: trimmed,
        name: cleanName,
        namedAt: cleanName ? when : -Infinity,
        score: gain,
        haystack: haystackOf(cleanName, trimmed),
      });
      return;
    }
    entry.score += gain;
    if (cleanName && when >= entry.namedAt) {
      entry.name = cleanName;
      entry.namedAt = when;
      entry.haystack = haystackOf(cleanName, entry.address);
    }
  }

  /** Keeps the `max` best scored: a bounded index, whatever the mailbox holds. */
  prune(max = MAX_CORRESPONDENTS): void {
    if (this.entries.size <= max) return;
    const kept = [...this.entries].sort(([, a], [, b]) => b.score - a.score).slice(0, max);
    this.entries.clear();
    for (const [key, entry] of kept) this.entries.set(key, entry);
  }

  /**
   * Best first: whoever's name or address starts with what was typed, then whoever has a word
   * starting with each word typed ("love" finds Ada Lovelace, "ada lo" too); each group by
   * score.
   */
  suggest(query: string, limit: number): Correspondent[] {
    const typed = normalize(query.trim()).replace(/^["'<]+/, '');
    const typedWords = wordsOf(typed);
    if (!typed || typedWords.length === 0) return [];
    const found: { entry: Entry; rank: number }[] = [];
    for (const entry of this.entries.values()) {
      const rank = matchRank(entry, typed, typedWords);
      if (rank !== null) found.push({ entry, rank });
    }
    found.sort(
      (a, b) =>
        a.rank - b.rank ||
        b.entry.score - a.entry.score ||
        a.entry.address.localeCompare(b.entry.address),
    );
    return found.slice(0, limit).map(({ entry }) => ({ name: entry.name, address: entry.address }));
  }
}

const STARTS = 0;
const WORDS = 1;

function matchRank(entry: Entry, typed: string, typedWords: string[]): number | null {
  const { haystack } = entry;
  if (haystack.address.startsWith(typed) || (haystack.name && haystack.name.startsWith(typed))) {
    return STARTS;
  }
  const all = typedWords.every((word) => haystack.words.some((own) => own.startsWith(word)));
  return all ? WORDS : null;
}

function haystackOf(name: string, address: string): Entry['haystack'] {
  const normalName = normalize(name);
  const normalAddress = normalize(address);
  return { name: normalName, address: normalAddress, words: wordsOf(normalName, normalAddress) };
}

/** A display name worth showing: not empty, not the address again, no control characters. */
function usableName(name: string, key: string): string {
  // eslint-disable-next-line no-control-regex -- a name with control characters is not shown
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  if (!clean || clean.toLowerCase() === key || clean.toLowerCase() === `<${key}>`) return '';
  return clean;
}
