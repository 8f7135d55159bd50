/**
 * A state-changing request must come from the gateway's own pages. Browsers send `Origin` on
 * every cross-origin request and on same-origin POST/DELETE; when present it must name this
 * host. Together with SameSite=Strict cookies and the CSRF header this closes CSRF.
 */
export function isSameOrigin(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[],
): boolean {
  if (origin === undefined) return true;
  if (origin === 'null') return false;
  if (allowed.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
