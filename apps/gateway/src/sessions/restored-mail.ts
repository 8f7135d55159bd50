/**
 * Messages an undo put back into the folder they came from (`action:undo`). They come back with
 * new UIDs and arrive like new mail (EXISTS, a NOTIFY row, a higher UIDNEXT), but they are not
 * new: a hidden tab must not announce the user's own undo as mail that just came in. The undo
 * learns their UIDs from the server's COPYUID (RFC 4315) and notes them here; the pushes that
 * tell of new messages ask which of theirs were restored.
 */

/** How long restored UIDs are remembered: their push follows the undo within seconds. */
export const RESTORED_MEMORY_MS = 60_000;
/** The usual answer, shared: every new message's push asks, and almost none was restored. */
const NONE: ReadonlySet<number> = new Set<number>();

export class RestoredMail {
  /**
   * `uidValidity path` → the UIDs restored there, forgotten together RESTORED_MEMORY_MS after
   * the last undo into that folder (checked per folder: new mail's pushes ask on every arrival).
   */
  private readonly folders = new Map<string, { uids: Set<number>; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** An undo moved messages back into `path`, where they now have these UIDs. */
  add(path: string, uidValidity: number, uids: Iterable<number>): void {
    this.forgetExpired();
    const key = keyOf(path, uidValidity);
    const folder = this.folders.get(key) ?? { uids: new Set<number>(), until: 0 };
    for (const uid of uids) folder.uids.add(uid);
    folder.until = this.now() + RESTORED_MEMORY_MS;
    if (folder.uids.size) this.folders.set(key, folder);
  }

  /** Which of `uids` in `path` an undo put back (empty when none: the usual case). */
  among(path: string, uidValidity: number, uids: Iterable<number>): ReadonlySet<number> {
    this.forgetExpired();
    const folder = this.folders.get(keyOf(path, uidValidity));
    if (!folder) return NONE;
    const restored = new Set<number>();
    for (const uid of uids) if (folder.uids.has(uid)) restored.add(uid);
    return restored;
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [key, folder] of this.folders) if (folder.until <= now) this.folders.delete(key);
  }
}

function keyOf(path: string, uidValidity: number): string {
  return `${uidValidity} ${path}`;
}
