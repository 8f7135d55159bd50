import type { AccountQuota, MailboxInfo } from '@tidings/protocol';
import { formatSize } from '../reader/attachmentFormat.ts';

/** From this share of the limit on, the user is told to make room before mail is refused. */
export const NEARLY_FULL = 0.9;

export const QuotaLevel = { Ok: 'ok', NearlyFull: 'nearly-full', Full: 'full' } as const;
export type QuotaLevel = (typeof QuotaLevel)[keyof typeof QuotaLevel];

export interface QuotaUsage {
  /** "2.1 MB of 1 GB used" */
  label: string;
  used: number;
  limit: number;
  level: QuotaLevel;
  /** What to do about it, when something must be done. */
  advice: string | null;
}

/**
 * The resource nearest its limit, in words. Storage is what servers usually limit; a message
 * count limit shows only when it is the tighter one.
 */
export function quotaUsage(quota: AccountQuota): QuotaUsage {
  const { storage, messages } = quota;
  const share = (use: { used: number; limit: number } | null) => (use ? use.used / use.limit : -1);
  const byCount = messages !== null && share(messages) > share(storage);
  const use = byCount ? messages : storage!;
  const label = byCount
    ? `${use.used.toLocaleString('en')} of ${use.limit.toLocaleString('en')} messages`
    : `${formatSize(use.used)} of ${formatSize(use.limit)} used`;
  const fraction = use.used / use.limit;
  const level =
    fraction >= 1
      ? QuotaLevel.Full
      : fraction >= NEARLY_FULL
        ? QuotaLevel.NearlyFull
        : QuotaLevel.Ok;
  const advice =
    level === QuotaLevel.Full
      ? 'Your mailbox is full: new mail is refused until you delete some and empty Trash.'
      : level === QuotaLevel.NearlyFull
        ? 'Your mailbox is nearly full: delete mail you no longer need and empty Trash.'
        : null;
  return { label, used: use.used, limit: use.limit, level, advice };
}

/**
 * Changes whenever a folder gains or loses messages: what may change the storage used, and so
 * when the quota is worth asking again. Null until the folders are known.
 */
export function mailTotal(mailboxes: readonly MailboxInfo[] | null): number | null {
  if (!mailboxes) return null;
  return mailboxes.reduce((sum, mailbox) => sum + mailbox.total, 0);
}
