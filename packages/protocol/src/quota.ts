import { z } from 'zod';

/**
 * How much of the account's storage is used (IMAP QUOTA, RFC 9208, of the quota root that holds
 * INBOX). A tab asks when it loads and again after mail came or went: a full mailbox refuses
 * new mail, so the user is told before that happens.
 */
export const quotaGetRequestSchema = z.object({}).strict();
export type QuotaGetRequest = z.infer<typeof quotaGetRequestSchema>;

export interface QuotaUse {
  used: number;
  limit: number;
}

export interface AccountQuota {
  /** Bytes (the STORAGE resource, which servers count in KiB); null when it has no limit. */
  storage: QuotaUse | null;
  /** Messages (the MESSAGE resource); null when it has no limit. */
  messages: QuotaUse | null;
}

export interface QuotaResult {
  /** Null when the server has no QUOTA extension or sets no limit. */
  quota: AccountQuota | null;
}
