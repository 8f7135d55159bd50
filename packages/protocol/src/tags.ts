import { z } from 'zod';

/**
 * Tags: Thunderbird's five default tags, stored on the server as the IMAP keywords
 * `$label1`…`$label5` (RFC 3501 §2.3.2), as Thunderbird stores them. So a message tagged Work in
 * Thunderbird shows Work here (its `message:flagsChanged` push), and the other way round.
 * Tidings shows only these five: servers and clients set many other keywords ($MDNSent,
 * NonJunk, $HasAttachment…) that mean nothing to the reader.
 */
export const TAGS = [
  { keyword: '$label1', name: 'Important' },
  { keyword: '$label2', name: 'Work' },
  { keyword: '$label3', name: 'Personal' },
  { keyword: '$label4', name: 'To do' },
  { keyword: '$label5', name: 'Later' },
] as const;

export type Tag = (typeof TAGS)[number];
export type TagKeyword = Tag['keyword'];

/**
 * One of the five tags' keywords. Spelled out, not mapped from TAGS: a call in the argument
 * would keep this schema, and zod with it, in the browser's first load (apps/web
 * vite.config.ts drops the schemas only where nothing around them runs code).
 */
export const tagKeywordSchema = z.enum(['$label1', '$label2', '$label3', '$label4', '$label5']);

/** The tag whose keyword is exactly `keyword`, or null (none, or not one of the five). */
export function tagOf(keyword: string | null | undefined): Tag | null {
  return TAGS.find((tag) => tag.keyword === keyword) ?? null;
}

/** The tags among a message's flags, in TAGS order. Keywords compare ignoring case. */
export function tagsOf(flags: readonly string[]): Tag[] {
  if (flags.length === 0) return [];
  const lower = new Set(flags.map((flag) => flag.toLowerCase()));
  return TAGS.filter((tag) => lower.has(tag.keyword));
}
