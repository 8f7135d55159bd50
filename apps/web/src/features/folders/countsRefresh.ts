/** A tab coming back into view asks the gateway to re-check every folder's counts, at most this often. */
export const COUNTS_REFRESH_INTERVAL_MS = 5_000;

/** Whether a `mailbox:refresh` may be sent at `now`, the previous one having gone at `lastSentAt`. */
export function countsRefreshDue(lastSentAt: number | null, now: number): boolean {
  // A clock set back must not silence refreshes until it catches up again.
  return lastSentAt === null || now - lastSentAt >= COUNTS_REFRESH_INTERVAL_MS || now < lastSentAt;
}
