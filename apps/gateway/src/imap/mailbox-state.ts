import type { MailboxCounts } from '@tidings/protocol';
import { decodeFlags, encodeFlags, FlagBit } from './flag-bits.ts';
import { indexesOfExpungeRun } from './expunge-run.ts';
import type { FlagSnapshot } from './flag-snapshot.ts';

export interface MessageFlags {
  uid: number;
  flags: string[];
}

export interface RemovedMessage {
  uid: number;
  /** Display position just before removal: 0 is the newest (highest UID). */
  position: number;
}

const INITIAL_CAPACITY = 64;

/**
 * What the gateway knows of one selected mailbox: every UID in ascending order (so sequence
 * number n is `uids[n - 1]`, RFC 3501 §2.3.1.2) with its flag bits. Typed arrays keep it at about
 * five bytes per message; envelopes live elsewhere, in a bounded cache.
 *
 * Pure: no I/O. The account session feeds it IMAP events and turns its answers into pushes.
 */
export class MailboxState {
  private uids: Uint32Array;
  private bits: Uint8Array;
  private count = 0;
  private unseen = 0;
  private version = 0;
  /** Keywords without a flag bit, by UID. Sparse. */
  private readonly keywords = new Map<number, string[]>();

  constructor(
    readonly path: string,
    readonly uidValidity: number,
    capacity = INITIAL_CAPACITY,
  ) {
    this.uids = new Uint32Array(Math.max(capacity, INITIAL_CAPACITY));
    this.bits = new Uint8Array(this.uids.length);
  }

  static from(path: string, uidValidity: number, messages: Iterable<MessageFlags>): MailboxState {
    const list = [...messages].sort((a, b) => a.uid - b.uid);
    const state = new MailboxState(path, uidValidity, list.length);
    state.add(list);
    return state;
  }

  /**
   * Takes over a snapshot's arrays (ascending UIDs, no duplicates) without a per-message
   * object: how a 100,000-message mailbox is loaded.
   */
  static fromSnapshot(path: string, uidValidity: number, snapshot: FlagSnapshot): MailboxState {
    const state = new MailboxState(path, uidValidity, 0);
    const count = snapshot.uids.length;
    if (count > state.uids.length) {
      state.uids = snapshot.uids;
      state.bits = snapshot.bits;
    } else {
      state.uids.set(snapshot.uids);
      state.bits.set(snapshot.bits);
    }
    state.count = count;
    for (let index = 0; index < count; index++) {
      if (!(snapshot.bits[index]! & FlagBit.Seen)) state.unseen++;
    }
    for (const [uid, keywords] of snapshot.keywords) state.keywords.set(uid, keywords);
    return state;
  }

  get total(): number {
    return this.count;
  }

  get unread(): number {
    return this.unseen;
  }

  /** Both, as the folder list shows them. */
  counts(): MailboxCounts {
    return { total: this.count, unread: this.unseen };
  }

  get highestUid(): number {
    return this.count ? this.uids[this.count - 1]! : 0;
  }

  /** Bytes held by the typed arrays (capacity, not just what is used). */
  get byteLength(): number {
    return this.uids.byteLength + this.bits.byteLength;
  }

  uidAtSeq(seq: number): number | undefined {
    return seq >= 1 && seq <= this.count ? this.uids[seq - 1] : undefined;
  }

  has(uid: number): boolean {
    return this.indexOf(uid) >= 0;
  }

  positionOf(uid: number): number {
    const index = this.indexOf(uid);
    return index < 0 ? -1 : this.count - 1 - index;
  }

  flagsOf(uid: number): string[] | undefined {
    const index = this.indexOf(uid);
    return index < 0 ? undefined : decodeFlags(this.bits[index]!, this.keywords.get(uid));
  }

  isSeen(uid: number): boolean {
    const index = this.indexOf(uid);
    return index >= 0 && (this.bits[index]! & FlagBit.Seen) !== 0;
  }

  /** All UIDs, ascending (a copy). */
  allUids(): number[] {
    return Array.from(this.uids.subarray(0, this.count));
  }

  /** UIDs at display positions [offset, offset + limit), newest first. */
  uidsAt(offset: number, limit: number): number[] {
    const result: number[] = [];
    for (let p = offset; p < offset + limit && p < this.count; p++) {
      result.push(this.uids[this.count - 1 - p]!);
    }
    return result;
  }

  /** UIDs at positions [offset, offset + limit) of the list oldest first (ascending UIDs). */
  uidsOldestFirstAt(offset: number, limit: number): number[] {
    return Array.from(
      this.uids.subarray(Math.min(offset, this.count), Math.min(offset + limit, this.count)),
    );
  }

  /** The UID at display position `position` (0 = newest), if there is one. */
  uidAtPosition(position: number): number | undefined {
    return position >= 0 && position < this.count
      ? this.uids[this.count - 1 - position]
      : undefined;
  }

  /** Counts every message added or removed: equal values mean the same set of messages. */
  get membershipVersion(): number {
    return this.version;
  }

  /**
   * Adds messages; ones already known are skipped. Returns those actually added, ascending.
   * New mail always has higher UIDs (RFC 3501 §2.3.1.1), so this is an append in practice; an
   * out-of-order UID (a resync) is inserted in place.
   */
  add(messages: Iterable<MessageFlags>): MessageFlags[] {
    const added: MessageFlags[] = [];
    for (const message of messages) {
      const { bits, keywords } = encodeFlags(message.flags);
      let index = this.count;
      if (this.count && message.uid <= this.highestUid) {
        index = this.insertionPoint(message.uid);
        if (this.uids[index] === message.uid) continue;
      }
      this.ensureCapacity(this.count + 1);
      if (index < this.count) {
        this.uids.copyWithin(index + 1, index, this.count);
        this.bits.copyWithin(index + 1, index, this.count);
      }
      this.uids[index] = message.uid;
      this.bits[index] = bits;
      this.count++;
      this.version++;
      if (keywords.length) this.keywords.set(message.uid, keywords);
      if (!(bits & FlagBit.Seen)) this.unseen++;
      added.push({ uid: message.uid, flags: decodeFlags(bits, keywords) });
    }
    return added.sort((a, b) => a.uid - b.uid);
  }

  /** Removes one message; undefined when it was not known (an echo of a removal already applied). */
  remove(uid: number): RemovedMessage | undefined {
    const index = this.indexOf(uid);
    if (index < 0) return undefined;
    const position = this.count - 1 - index;
    if (!(this.bits[index]! & FlagBit.Seen)) this.unseen--;
    this.uids.copyWithin(index, index + 1, this.count);
    this.bits.copyWithin(index, index + 1, this.count);
    this.count--;
    this.version++;
    this.keywords.delete(uid);
    return { uid, position };
  }

  /**
   * Removes many messages in one pass (a bulk move or delete, a VANISHED range): what one
   * `remove` per message would do, in time linear in the mailbox rather than in the mailbox
   * times the removals. Each position is the one before any of them went; highest first (so a
   * list removing them in this order finds every other position intact). UIDs not known are
   * left out.
   */
  removeMany(uids: Iterable<number>): RemovedMessage[] {
    const gone = new Set<number>();
    for (const uid of uids) if (this.indexOf(uid) >= 0) gone.add(uid);
    if (gone.size === 0) return [];
    const removed: RemovedMessage[] = [];
    let kept = 0;
    for (let index = 0; index < this.count; index++) {
      const uid = this.uids[index]!;
      const bits = this.bits[index]!;
      if (gone.has(uid)) {
        removed.push({ uid, position: this.count - 1 - index });
        if (!(bits & FlagBit.Seen)) this.unseen--;
        this.keywords.delete(uid);
        continue;
      }
      this.uids[kept] = uid;
      this.bits[kept] = bits;
      kept++;
    }
    this.count = kept;
    this.version += removed.length;
    return removed;
  }

  /** Removes the message at a sequence number (an EXPUNGE response without QRESYNC). */
  removeAtSeq(seq: number): RemovedMessage | undefined {
    const uid = this.uidAtSeq(seq);
    return uid === undefined ? undefined : this.remove(uid);
  }

  /**
   * Removes what a run of EXPUNGE responses without QRESYNC names, each sequence number counted
   * from the numbering the ones before it left: what `removeAtSeq` one after another would
   * remove, in one pass, and positions as `removeMany` gives them (before any went).
   */
  removeAtSeqs(seqs: Iterable<number>): RemovedMessage[] {
    const indexes = indexesOfExpungeRun(this.count, seqs);
    return this.removeMany(indexes.map((index) => this.uids[index]!));
  }

  /** Replaces a message's flags; returns the new flags, or undefined if unknown or unchanged. */
  setFlags(uid: number, flags: Iterable<string>): MessageFlags | undefined {
    const index = this.indexOf(uid);
    if (index < 0) return undefined;
    const next = encodeFlags(flags);
    const previousBits = this.bits[index]!;
    const previousKeywords = this.keywords.get(uid) ?? [];
    if (previousBits === next.bits && sameSet(previousKeywords, next.keywords)) return undefined;
    const wasSeen = (previousBits & FlagBit.Seen) !== 0;
    const isSeen = (next.bits & FlagBit.Seen) !== 0;
    if (wasSeen !== isSeen) this.unseen += isSeen ? -1 : 1;
    this.bits[index] = next.bits;
    if (next.keywords.length) this.keywords.set(uid, next.keywords);
    else this.keywords.delete(uid);
    return { uid, flags: decodeFlags(next.bits, next.keywords) };
  }

  /** Adds and removes flags as a STORE +FLAGS/-FLAGS would; returns the new flags if changed. */
  updateFlags(
    uid: number,
    add: readonly string[],
    remove: readonly string[],
  ): MessageFlags | undefined {
    const current = this.flagsOf(uid);
    if (!current) return undefined;
    const removeLower = new Set(remove.map((f) => f.toLowerCase()));
    const next = current.filter((f) => !removeLower.has(f.toLowerCase()));
    for (const flag of add) {
      if (!next.some((f) => f.toLowerCase() === flag.toLowerCase())) next.push(flag);
    }
    return this.setFlags(uid, next);
  }

  private indexOf(uid: number): number {
    const index = this.insertionPoint(uid);
    return index < this.count && this.uids[index] === uid ? index : -1;
  }

  /** First index whose UID is >= uid (binary search). */
  private insertionPoint(uid: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.uids[mid]! < uid) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private ensureCapacity(needed: number): void {
    if (needed <= this.uids.length) return;
    const capacity = Math.max(needed, Math.ceil(this.uids.length * 1.5));
    const uids = new Uint32Array(capacity);
    uids.set(this.uids.subarray(0, this.count));
    const bits = new Uint8Array(capacity);
    bits.set(this.bits.subarray(0, this.count));
    this.uids = uids;
    this.bits = bits;
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
