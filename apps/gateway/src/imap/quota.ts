import type { ImapFlow, QuotaResource, QuotaResponse } from 'imapflow';
import type { AccountQuota, QuotaUse } from '@tidings/protocol';

/**
 * The quota of the root that holds INBOX (GETQUOTAROOT, RFC 9208 §4.3.2): where new mail goes,
 * so the one whose limit refuses it. imapflow answers false for a server without QUOTA, and
 * reports STORAGE in bytes (the wire says KiB).
 */
export async function readQuota(client: ImapFlow): Promise<AccountQuota | null> {
  const answer = await client.getQuota('INBOX');
  return answer ? toAccountQuota(answer) : null;
}

export function toAccountQuota(answer: QuotaResponse): AccountQuota | null {
  const storage = use(answer.storage);
  const messages = use(answer.message);
  return storage || messages ? { storage, messages } : null;
}

/** A resource with a limit; a limit of 0 or none is no limit to show. */
function use(resource: QuotaResource | undefined): QuotaUse | null {
  if (!resource?.limit) return null;
  return { used: resource.usage ?? 0, limit: resource.limit };
}
