import { z } from 'zod';
import type { MoveResult } from './actions.ts';
import { tagKeywordSchema } from './tags.ts';

/** Most rules one account keeps. */
export const MAX_FILTER_RULES = 100;
/** Longest text a rule looks for. */
export const MAX_FILTER_VALUE = 200;

/** What a rule looks at in an arriving message. */
export const FilterField = {
  From: 'from',
  /** To or Cc. */
  To: 'to',
  Subject: 'subject',
  /** The mailing list it came through (List-Id, RFC 2919). */
  List: 'list',
} as const;
export type FilterField = (typeof FilterField)[keyof typeof FilterField];

export const FilterTest = {
  Contains: 'contains',
  /** The whole field (for From and To: an address of it), ignoring case. */
  Is: 'is',
} as const;
export type FilterTest = (typeof FilterTest)[keyof typeof FilterTest];

// eslint-disable-next-line no-control-regex -- the point is to refuse them
const NO_CONTROLS = /^[^\u0000-\u001f\u007f]*$/;

/**
 * One filter rule: when `field` of an arriving message matches `value`, file it in `moveTo`,
 * mark it read and/or tag it. The mail server runs the rules (Sieve, RFC 5228, with fileinto and
 * imap4flags RFC 5232) on each delivery, in order; the first rule that files a message ends the
 * run, so a message lands in one folder.
 */
export const filterRuleSchema = z
  .object({
    field: z.enum([FilterField.From, FilterField.To, FilterField.Subject, FilterField.List]),
    test: z.enum([FilterTest.Contains, FilterTest.Is]),
    value: z
      .string()
      .max(MAX_FILTER_VALUE)
      .regex(NO_CONTROLS, 'one line of text')
      .refine((value) => value.trim() !== '', 'A rule needs something to look for'),
    /** The folder's path, as the folder list has it; null: stays in the Inbox. */
    moveTo: z.string().min(1).max(1_000).regex(NO_CONTROLS).nullable(),
    markRead: z.boolean(),
    /**
     * A tag to put on (its keyword, tags.ts); null or absent: none. Absent in rules stored
     * before rules could tag.
     */
    tag: z.optional(z.nullable(tagKeywordSchema)),
  })
  .strict()
  .refine((rule) => rule.moveTo !== null || rule.markRead || !!rule.tag, {
    message: 'A rule needs something to do: a folder to move to, marking as read, or a tag',
    path: ['moveTo'],
  });
export type FilterRule = z.infer<typeof filterRuleSchema>;

export const filterRulesSchema = z.array(filterRuleSchema).max(MAX_FILTER_RULES);

export const filtersGetRequestSchema = z.object({}).strict();
export type FiltersGetRequest = z.infer<typeof filtersGetRequestSchema>;

/** Replaces the account's rules; answers with the rules as stored. */
export const filtersSetRequestSchema = z.object({ rules: filterRulesSchema }).strict();
export type FiltersSetRequest = z.infer<typeof filtersSetRequestSchema>;

export interface FilterState {
  /** False when the mail server offers no ManageSieve, or refused it: `reason` says which. */
  available: boolean;
  reason: string | null;
  rules: FilterRule[];
  /**
   * Whether the rules run on delivery. False when there are none, or when another filter
   * script was made active on the server (by another client) since they were saved: saving
   * them again runs them, with that script after them.
   */
  running: boolean;
  /** The user's own filter script, which runs after the rules; null when there is none. */
  keeps: string | null;
}

/**
 * Runs one rule over the mail already in the Inbox, as the server would have on delivery:
 * matches marked read and/or moved (the move can be undone like any other).
 */
export const filtersApplyRequestSchema = z.object({ rule: filterRuleSchema }).strict();
export type FiltersApplyRequest = z.infer<typeof filtersApplyRequestSchema>;

export interface FilterApplyResult {
  /** Messages in the Inbox the rule matched. */
  matched: number;
  /** Of those, how many were unread and are now read. */
  marked: number;
  /** Of those, how many lacked the rule's tag and have it now. */
  tagged: number;
  /** The move to the rule's folder (with its undo token); null when nothing was moved. */
  moved: MoveResult | null;
}
