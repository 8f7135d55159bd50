import { useEffect, useRef, useState } from 'react';
import type { AccountQuota, Ack, QuotaResult } from '@tidings/protocol';

export type RequestQuota = () => Promise<Ack<QuotaResult>>;

/**
 * Mail coming and going in bursts (a list delivery, emptying Trash) settles this long before the
 * quota is asked again: one request per burst, not one per message.
 */
const SETTLE_MS = 1_500;

/**
 * The account's quota, asked when the folders are first known and again whenever their message
 * counts change (`mailTotal`): the server's pushes say when, so nothing polls. A failed request
 * keeps what was shown.
 */
export function useQuota(request: RequestQuota, mailTotal: number | null): AccountQuota | null {
  const [quota, setQuota] = useState<AccountQuota | null>(null);
  // The first ask goes at once: only later changes come in bursts worth waiting out.
  const asked = useRef(false);
  useEffect(() => {
    if (mailTotal === null) return;
    let current = true;
    const delay = asked.current ? SETTLE_MS : 0;
    asked.current = true;
    const timer = window.setTimeout(() => {
      void request().then((answer) => {
        if (current && answer.ok) setQuota(answer.data.quota);
      });
    }, delay);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [request, mailTotal]);
  return quota;
}
