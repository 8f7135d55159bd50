import { headerField } from './header-fields.ts';

/**
 * Whether a message was sent by a machine rather than written by a person, from its header:
 * what the sender declares (Auto-Submitted, RFC 3834 §5; Precedence: bulk or junk, the de facto
 * mark of mass mail) or what a mailing list that only announces carries (List-Unsubscribe
 * without a List-Post to write back to, RFC 2369 §3.4: newsletters, notifications). A
 * discussion list's posts (List-Post given) are people writing. Pure.
 */

/** The header fields to FETCH for this (imapflow `headers`). */
export const AUTOMATION_HEADERS = ['auto-submitted', 'precedence', 'list-unsubscribe', 'list-post'];

export function isAutomated(headerBlock: string): boolean {
  const autoSubmitted = headerField(headerBlock, 'auto-submitted')?.toLowerCase();
  if (autoSubmitted && !/^no\b/.test(autoSubmitted)) return true;
  const precedence = headerField(headerBlock, 'precedence')?.toLowerCase();
  if (precedence === 'bulk' || precedence === 'junk') return true;
  if (headerField(headerBlock, 'list-unsubscribe') === null) return false;
  const post = headerField(headerBlock, 'list-post');
  return post === null || /^no\b/i.test(post);
}
