import { randomBytes } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import {
  ErrorCode,
  Flag,
  MailboxRole,
  toSequenceSet,
  UNDO_WINDOW_MS,
  type MoveResult,
} from '@tidings/protocol';
import { folderWithRole } from '../compose/special-folder.ts';
import { sameFolder } from '../imap/folder-paths.ts';
import { unkeptFlags } from '../imap/permanent-flags.ts';
import type { MessageFlags } from '../imap/mailbox-state.ts';
import { AccountError } from './account-error.ts';
import type { RestoredMail } from './restored-mail.ts';
import { withSelected } from './selected-mailbox.ts';
import type { WatchedMailbox } from './watched-mailbox.ts';

/** An undo that arrives a little after the window closed (a slow network) is still honoured. */
const UNDO_GRACE_MS = 2_000;
const UNDO_TOKEN_BYTES = 16;

interface UndoRecord {
  from: string;
  to: string;
  toUidValidity: number;
  /** The messages' UIDs in `to`. */
  uids: number[];
  /** A junk report's keyword change, taken back before the messages move back. */
  keywords?: KeywordChange;
  expiresAt: number;
}

/** `added` was stored on every message; `removed` was taken from `hadRemoved` (UIDs in `to`). */
interface KeywordChange {
  added: string;
  removed: string;
  hadRemoved: number[];
}

/** What a move did: how many rows left the tabs, and the messages' UIDs where they went. */
interface Moved {
  count: number;
  uidMap: Map<number, number> | undefined;
  toUidValidity: number | undefined;
}

export interface MessageActionsDeps {
  commandClient(): Promise<ImapFlow>;
  watched: WatchedMailbox;
  /** Where an undo notes the messages it put back (not new mail to announce). */
  restored: RestoredMail;
  /** Folder counts changed by our own hand (the fallback sweep does not see them otherwise). */
  foldersChanged(): void;
  now?: () => number;
}

/**
 * Flag changes, move, delete, archive and their undo. Each is confirmed by the server before
 * any tab hears of it; then every tab sees the change at once, without waiting for the
 * server's echo. Undo moves the messages back by the UIDs the server gave them (UIDPLUS
 * COPYUID, RFC 4315).
 */
export class MessageActions {
  private readonly undos = new Map<string, UndoRecord>();
  private readonly now: () => number;

  constructor(private readonly deps: MessageActionsDeps) {
    this.now = deps.now ?? Date.now;
  }

  /**
   * The user's own flag change. Every tab hears of it as soon as the server confirmed the STORE,
   * not half a second later when Dovecot echoes it to the idling connection; the echo then finds
   * nothing changed and is not pushed twice.
   */
  async setFlags(
    path: string,
    uidValidity: number,
    uids: number[],
    add: string[],
    remove: string[],
  ): Promise<MessageFlags[]> {
    const client = await this.deps.commandClient();
    await withSelected(client, path, uidValidity, uids, async (c, set) => {
      const unkept = unkeptFlags(add, c.mailbox ? c.mailbox.permanentFlags : undefined);
      if (unkept.length) {
        throw new AccountError(
          ErrorCode.Unsupported,
          `The mail server keeps no ${unkept.join(', ')} in this folder (it takes no new keywords here).`,
        );
      }
      // .SILENT: the gateway knows the flags that result (applyOwnFlags); the server need not
      // echo every message's, which for a whole folder is 10,000 FETCH lines a request.
      if (add.length) await c.messageFlagsAdd(set, add, { uid: true, silent: true });
      if (remove.length) await c.messageFlagsRemove(set, remove, { uid: true, silent: true });
    });
    return this.deps.watched.applyOwnFlags(path, uidValidity, uids, add, remove);
  }

  /** `joinUndo`: an earlier batch's undo token (protocol joinUndoSchema). */
  async move(
    path: string,
    uidValidity: number,
    uids: number[],
    destination: string,
    joinUndo: string | null = null,
  ): Promise<MoveResult> {
    const moved = await this.moveMessages(path, uidValidity, uids, destination);
    return this.moveResult(moved, path, destination, joinUndo);
  }

  private async moveMessages(
    path: string,
    uidValidity: number,
    uids: number[],
    destination: string,
  ): Promise<Moved> {
    const client = await this.deps.commandClient();
    const result = await withSelected(client, path, uidValidity, uids, async (c, set) => {
      const moved = await c.messageMove(set, destination, { uid: true });
      if (!moved)
        throw new AccountError(
          ErrorCode.CommandFailed,
          `The messages could not be moved to "${destination}".`,
        );
      return moved;
    });
    const removed = this.deps.watched.applyOwnRemoval(path, uidValidity, uids);
    this.deps.foldersChanged();
    return {
      // The server's COPYUID is the count; the list may not have seen every message yet.
      count: result.uidMap?.size || removed.length || uids.length,
      uidMap: result.uidMap,
      toUidValidity: result.uidValidity === undefined ? undefined : Number(result.uidValidity),
    };
  }

  /**
   * The answer to a move, with an undo token where the server said where the messages went.
   * `keywords.hadRemoved` are UIDs in `from` here; the undo keeps them as UIDs in `to`.
   */
  private moveResult(
    moved: Moved,
    from: string,
    to: string,
    joinUndo: string | null,
    keywords?: KeywordChange,
  ): MoveResult {
    const newUids = moved.uidMap ? [...moved.uidMap.values()] : [];
    const undo =
      newUids.length && moved.toUidValidity !== undefined
        ? this.remember(
            {
              from,
              to,
              toUidValidity: moved.toUidValidity,
              uids: newUids,
              keywords: keywords && {
                ...keywords,
                hadRemoved: keywords.hadRemoved.flatMap((uid) => moved.uidMap?.get(uid) ?? []),
              },
            },
            joinUndo,
          )
        : null;
    return { moved: moved.count, destination: to, undo };
  }

  async archive(
    path: string,
    uidValidity: number,
    uids: number[],
    joinUndo: string | null = null,
  ): Promise<MoveResult> {
    const archive = await this.folderWithRole(MailboxRole.Archive, 'Archive');
    if (archive === path)
      throw new AccountError(ErrorCode.BadRequest, 'These messages are already archived.');
    return this.move(path, uidValidity, uids, archive, joinUndo);
  }

  /**
   * Junk: to Junk with $Junk; not junk: to INBOX with $NotJunk (RFC 5788's registered keywords,
   * which Thunderbird and Apple Mail set and server-side filters learn from). The keyword is
   * stored before the move, so it travels with the message; a server that takes no keywords
   * (no `\*` in PERMANENTFLAGS) still gets the move. Undo takes the keyword back off and puts
   * back the opposite one on the messages that had it, so filters learn nothing from a slip.
   */
  async junk(
    path: string,
    uidValidity: number,
    uids: number[],
    junk: boolean,
    joinUndo: string | null = null,
  ): Promise<MoveResult> {
    const destination = junk ? await this.folderWithRole(MailboxRole.Junk, 'Junk') : 'INBOX';
    if (sameFolder(destination, path)) {
      throw new AccountError(
        ErrorCode.BadRequest,
        junk ? 'These messages are already in Junk.' : 'These messages are already in the Inbox.',
      );
    }
    const [added, removed] = junk ? [Flag.Junk, Flag.NotJunk] : [Flag.NotJunk, Flag.Junk];
    const client = await this.deps.commandClient();
    const hadRemoved = await withSelected(client, path, uidValidity, uids, async (c, set) => {
      if (!c.mailbox || !c.mailbox.permanentFlags?.has('\\*')) return null;
      const had = await uidsWithKeyword(c, set, removed);
      await c.messageFlagsAdd(set, [added], { uid: true });
      await c.messageFlagsRemove(set, [removed], { uid: true });
      return had;
    });
    const moved = await this.moveMessages(path, uidValidity, uids, destination);
    const keywords = hadRemoved ? { added, removed, hadRemoved } : undefined;
    return this.moveResult(moved, path, destination, joinUndo, keywords);
  }

  /** To Trash; from Trash (or when asked) for good, which the browser has the user confirm. */
  async delete(
    path: string,
    uidValidity: number,
    uids: number[],
    permanently: boolean,
    joinUndo: string | null = null,
  ): Promise<MoveResult> {
    const trash = await this.folderWithRole(MailboxRole.Trash, 'Trash');
    if (path !== trash && !permanently) return this.move(path, uidValidity, uids, trash, joinUndo);
    if (!permanently) {
      throw new AccountError(
        ErrorCode.BadRequest,
        'Deleting from Trash cannot be undone; confirm it first.',
      );
    }
    const client = await this.deps.commandClient();
    await withSelected(client, path, uidValidity, uids, async (c, set) => {
      // With UIDPLUS imapflow expunges only these UIDs (UID EXPUNGE), never other \Deleted mail.
      if (!(await c.messageDelete(set, { uid: true }))) {
        throw new AccountError(ErrorCode.CommandFailed, 'The messages could not be deleted.');
      }
    });
    const removed = this.deps.watched.applyOwnRemoval(path, uidValidity, uids);
    this.deps.foldersChanged();
    return { moved: removed.length || uids.length, destination: null, undo: null };
  }

  async undo(token: string): Promise<number> {
    this.forgetExpired();
    const record = this.undos.get(token);
    if (!record) throw new AccountError(ErrorCode.BadRequest, 'This can no longer be undone.');
    this.undos.delete(token);
    const movedBack = this.moveBack(record);
    this.deps.watched.holdWhile(record.from, movedBack);
    await movedBack;
    this.deps.watched.applyOwnRemoval(record.to, record.toUidValidity, record.uids);
    // The messages are back in `from`; if that is the watched mailbox, show them now rather
    // than after the server's notification delay.
    this.deps.watched.pullNew(record.from);
    this.deps.foldersChanged();
    return record.uids.length;
  }

  /**
   * The messages back in `from` (a junk report's keywords taken back first), their new UIDs
   * noted as restored, not new mail. NOTIFY may push their rows before the MOVE's answer names
   * them, so the caller holds the watched mailbox's events until this settles.
   */
  private async moveBack(record: UndoRecord): Promise<void> {
    const client = await this.deps.commandClient();
    const { keywords } = record;
    await withSelected(client, record.to, record.toUidValidity, record.uids, async (c, set) => {
      if (keywords) {
        await c.messageFlagsRemove(set, [keywords.added], { uid: true });
        if (keywords.hadRemoved.length) {
          // As a sequence set: a whole folder's worth of UIDs named one by one is too long a line.
          await c.messageFlagsAdd(toSequenceSet(keywords.hadRemoved), [keywords.removed], {
            uid: true,
          });
        }
      }
      const moved = await c.messageMove(set, record.from, { uid: true });
      if (!moved) {
        throw new AccountError(
          ErrorCode.CommandFailed,
          `The messages could not be moved back to "${record.from}".`,
        );
      }
      // Before the folder's lock goes: the Inbox's arrival read waits for it (inbox-arrivals.ts).
      if (moved.uidMap && moved.uidValidity !== undefined) {
        this.deps.restored.add(record.from, Number(moved.uidValidity), moved.uidMap.values());
      }
    });
  }

  /**
   * A new undo token for `record`, taking over `joinUndo`'s messages; null when that token is
   * gone or was another move (protocol joinUndoSchema).
   */
  private remember(record: Omit<UndoRecord, 'expiresAt'>, joinUndo: string | null): string | null {
    this.forgetExpired();
    if (joinUndo !== null) {
      const joined = this.undos.get(joinUndo);
      if (!joined || !sameMove(joined, record)) return null;
      this.undos.delete(joinUndo);
      record = joinedRecords(joined, record);
    }
    const token = randomBytes(UNDO_TOKEN_BYTES).toString('base64url');
    this.undos.set(token, { ...record, expiresAt: this.now() + UNDO_WINDOW_MS + UNDO_GRACE_MS });
    return token;
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [token, record] of this.undos) if (record.expiresAt <= now) this.undos.delete(token);
  }

  /** The folder with a special-use role, else one of the usual name, created if missing. */
  private async folderWithRole(role: MailboxRole, fallbackName: string): Promise<string> {
    return folderWithRole(await this.deps.commandClient(), role, fallbackName);
  }
}

/** Which of the selected `set` carry `keyword` now. */
async function uidsWithKeyword(client: ImapFlow, set: string, keyword: string): Promise<number[]> {
  const found = await client.search({ uid: set, keyword }, { uid: true });
  return Array.isArray(found) ? found : [];
}

/** Two undo records of one action: the same folders, and the same keyword change if any. */
function sameMove(a: Omit<UndoRecord, 'expiresAt'>, b: Omit<UndoRecord, 'expiresAt'>): boolean {
  return (
    a.from === b.from &&
    a.to === b.to &&
    a.toUidValidity === b.toUidValidity &&
    a.keywords?.added === b.keywords?.added &&
    a.keywords?.removed === b.keywords?.removed
  );
}

/** One undo record for the messages of both. */
function joinedRecords(
  earlier: Omit<UndoRecord, 'expiresAt'>,
  later: Omit<UndoRecord, 'expiresAt'>,
): Omit<UndoRecord, 'expiresAt'> {
  return {
    ...later,
    uids: [...earlier.uids, ...later.uids],
    keywords: later.keywords && {
      ...later.keywords,
      hadRemoved: [...earlier.keywords!.hadRemoved, ...later.keywords.hadRemoved],
    },
  };
}
