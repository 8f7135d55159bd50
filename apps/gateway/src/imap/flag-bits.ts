import { Flag } from '@tidings/protocol';

/**
 * The flags the UI acts on, one bit each, so a mailbox of 100,000 messages keeps its flags in
 * 100 KB. Any other keyword is kept aside, sparse (few messages carry them).
 */
export const FlagBit = {
  Seen: 1,
  Flagged: 2,
  Answered: 4,
  Deleted: 8,
  Draft: 16,
  Forwarded: 32,
} as const;

const BIT_BY_FLAG = new Map<string, number>([
  [Flag.Seen.toLowerCase(), FlagBit.Seen],
  [Flag.Flagged.toLowerCase(), FlagBit.Flagged],
  [Flag.Answered.toLowerCase(), FlagBit.Answered],
  [Flag.Deleted.toLowerCase(), FlagBit.Deleted],
  [Flag.Draft.toLowerCase(), FlagBit.Draft],
  [Flag.Forwarded.toLowerCase(), FlagBit.Forwarded],
]);

const FLAG_BY_BIT: readonly [number, string][] = [
  [FlagBit.Seen, Flag.Seen],
  [FlagBit.Flagged, Flag.Flagged],
  [FlagBit.Answered, Flag.Answered],
  [FlagBit.Deleted, Flag.Deleted],
  [FlagBit.Draft, Flag.Draft],
  [FlagBit.Forwarded, Flag.Forwarded],
];

export interface EncodedFlags {
  bits: number;
  /** Keywords without a bit, in the order the server gave them; empty for most messages. */
  keywords: string[];
}

/** `\Recent` is session-bound (RFC 3501 §2.3.2) and meaningless to a browser: dropped. */
export function encodeFlags(flags: Iterable<string>): EncodedFlags {
  let bits = 0;
  const keywords: string[] = [];
  for (const flag of flags) {
    const lower = flag.toLowerCase();
    if (lower === '\\recent') continue;
    const bit = BIT_BY_FLAG.get(lower);
    if (bit === undefined) {
      if (!keywords.includes(flag)) keywords.push(flag);
    } else {
      bits |= bit;
    }
  }
  return { bits, keywords };
}

export function decodeFlags(bits: number, keywords: readonly string[] = []): string[] {
  const flags: string[] = [];
  for (const [bit, flag] of FLAG_BY_BIT) if (bits & bit) flags.push(flag);
  return keywords.length ? flags.concat(keywords) : flags;
}
