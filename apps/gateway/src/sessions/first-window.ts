import type { MessageSummary, MessageWindow } from '@tidings/protocol';
import { indexOfUid, type UidsAndUnseen } from '../imap/flag-snapshot.ts';
import type { MessageFlags } from '../imap/mailbox-state.ts';

/** What a mailbox being loaded already knows once its first searches are answered. */
export interface EarlyState {
  path: string;
  uidValidity: number;
  /** Every UID, ascending (UID SEARCH ALL): the load's state will hold exactly these. */
  all: Uint32Array;
  /** UIDs without \Seen, ascending. */
  unseen: Uint32Array;
  /** Rows answered early, with the flags they were shown with. */
  shown: Map<number, string[]>;
}

/**
 * The first window of a mailbox, answered before its load is done. On 100,000 messages the
 * load's flag searches take 70–270 ms after the total, the unread count and the newest rows
 * are known; a tab opening the mailbox need not wait for them.
 *
 * The load's state is built from the same UID SEARCH ALL and UNSEEN, so the window answered
 * early has the positions, total and unread count the state will have. Only the rows' other
 * flags were read earlier (with the rows) than the state's: `settle` hands back what was
 * shown, and the load pushes the differences before any later event.
 */
export class FirstWindow {
  private early: EarlyState | null = null;
  private wake: (() => void) | null = null;
  private changed: Promise<void> = this.nextChange();

  /** The load has its first searches: a first window may be answered from here. */
  offer(path: string, uidValidity: number, first: UidsAndUnseen): void {
    this.early = { path, uidValidity, all: first.all, unseen: first.unseen, shown: new Map() };
    this.signal();
  }

  /** The load is over: returns the rows answered early (none when nothing was). */
  settle(): Map<number, string[]> {
    const shown = this.early?.shown ?? new Map<number, string[]>();
    this.early = null;
    this.signal();
    return shown;
  }

  /**
   * Answers the first window of `path` as soon as the load offers it, or null once `until`
   * settles first (the load finished, failed, or was not needed), or when a row is missing.
   */
  async answer(
    path: string,
    until: Promise<unknown>,
    build: (early: EarlyState) => MessageWindow | null,
  ): Promise<MessageWindow | null> {
    let over = false;
    const ended = until.then(
      () => void (over = true),
      () => void (over = true),
    );
    for (;;) {
      const early = this.early;
      if (early && early.path === path) return build(early);
      if (over) return null;
      await Promise.race([this.changed, ended]);
    }
  }

  private signal(): void {
    const wake = this.wake;
    this.changed = this.nextChange();
    wake?.();
  }

  private nextChange(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }
}

/**
 * The first window from what the load knows so far: positions and the total from ALL, \Seen
 * and the unread count from UNSEEN (as the state will have them), the other flags as read with
 * the row. Null if a row has not been read. Records what it shows in `early.shown`.
 */
export function earlyWindowOf(
  early: EarlyState,
  limit: number,
  rowOf: (uid: number) => MessageSummary | undefined,
  seq: number,
): MessageWindow | null {
  const { all, unseen } = early;
  const messages: MessageSummary[] = [];
  for (let position = 0; position < limit && position < all.length; position++) {
    const uid = all[all.length - 1 - position]!;
    const row = rowOf(uid);
    if (!row) return null;
    const flags = row.flags.filter((flag) => flag.toLowerCase() !== '\\seen');
    if (!hasUid(unseen, uid)) flags.push('\\Seen');
    messages.push({ ...row, flags });
  }
  let unread = 0;
  for (const uid of unseen) if (hasUid(all, uid)) unread++;
  for (const message of messages) early.shown.set(message.uid, message.flags);
  return {
    mailbox: early.path,
    uidValidity: early.uidValidity,
    total: all.length,
    unread,
    offset: 0,
    messages,
    seq,
  };
}

/** Rows shown early whose flags the state has otherwise: what to push before anything else. */
export function changedSinceShown(
  shown: ReadonlyMap<number, string[]>,
  flagsOf: (uid: number) => string[] | undefined,
): MessageFlags[] {
  const changes: MessageFlags[] = [];
  for (const [uid, was] of shown) {
    const flags = flagsOf(uid);
    if (flags && !sameFlags(flags, was)) changes.push({ uid, flags });
  }
  return changes;
}

/** The same flags, in any order and case. */
function sameFlags(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a.map((flag) => flag.toLowerCase()));
  return b.every((flag) => set.has(flag.toLowerCase()));
}

/** Is `uid` in the ascending `set`? */
export function hasUid(set: Uint32Array, uid: number): boolean {
  return indexOfUid(set, uid) >= 0;
}
