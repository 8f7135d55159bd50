import { useMemo, type RefObject } from 'react';
import { Flag, hasFlag, TAGS, type MessageRef, type MessageSummary } from '@tidings/protocol';
import type { MailCommands } from '../actions/ActionButtons.tsx';
import {
  deleteForeverQuestion,
  unseenRowsQuestion,
  type Confirmation,
} from '../actions/confirmations.ts';
import { allFlagged, type TargetRows } from '../actions/targetState.ts';
import type { ComposeRequest } from '../compose/composeRequest.ts';
import { labelForPath } from '../folders/folderTree.ts';
import { Command, tagOfCommand } from '../keyboard/shortcuts.ts';
import type { MessageWindowState } from '../messages/messageWindow.ts';
import type { RevealRequest } from '../messages/MessageList.tsx';
import { Removal } from '../messages/moveActions.ts';
import { actionTargets } from '../messages/selection.ts';
import { tagAfterChoosing } from '../tags/tagState.ts';
import type { AccountSnapshot, AccountStore } from './accountStore.ts';

export interface MailCommandContext {
  store: AccountStore;
  account: AccountSnapshot;
  /** The rows the list shows. */
  shown: MessageWindowState | null;
  /** The open folder's special use, where it has one. */
  role: string | null;
  compose: (request: ComposeRequest) => void;
  /**
   * Asks before an action: deleting from Trash (for good), and any action on messages
   * selected past the loaded rows (a whole folder).
   */
  confirm: (confirmation: Confirmation) => void;
  showHelp: () => void;
  reveal: (request: RevealRequest) => void;
  searchInput: RefObject<HTMLInputElement | null>;
  clearSearch: () => void;
}

export interface MailCommandSet extends MailCommands {
  /** The messages an action applies to: the selection, else the open message. */
  targets: number[];
  /** The targets' loaded rows, for what the buttons offer. */
  targetRows: TargetRows;
  canArchive: boolean;
  /** False in Sent and Drafts: the user's own mail is not junk to report. */
  canReportJunk: boolean;
  inJunk: boolean;
  /** The open message, for reply and forward. */
  original: MessageRef | null;
  reply(kind: 'reply' | 'replyAll' | 'forward'): void;
  /** Runs a keyboard command; false when it did not apply (the key then does its usual thing). */
  run(command: Command): boolean;
}

/** The user's commands on the current screen, for the buttons and the keyboard alike. */
export function useMailCommands(ctx: MailCommandContext): MailCommandSet {
  const { store, account, shown, role } = ctx;
  const selectedUid = account.selected?.uid ?? null;
  const targets = useMemo(
    () => actionTargets(account.checked, selectedUid),
    [account.checked, selectedUid],
  );
  const loaded = useMemo(
    () => loadedTargets(new Set(targets), shown, account.selected),
    [targets, shown, account.selected],
  );
  const folderUnread = account.mailboxes?.find((m) => m.path === shown?.mailbox)?.unread;
  const targetRows: TargetRows = {
    rows: loaded,
    unloaded: targets.length - loaded.length,
    unloadedMayBeUnread: folderUnread !== 0,
  };
  const canArchive = role !== 'archive';
  const canReportJunk = role !== 'sent' && role !== 'drafts';
  const inJunk = role === 'junk';
  const original =
    shown && selectedUid !== null
      ? { mailbox: shown.mailbox, uidValidity: shown.uidValidity, uid: selectedUid }
      : null;
  const inDrafts = role === 'drafts';
  const folderName = (path: string) => labelForPath(path, account.mailboxes);

  /** Does `run` at once, or after the user confirms when it reaches past the loaded rows. */
  function confirmed(label: string, run: () => void): void {
    if (targetRows.unloaded === 0 || !shown) return run();
    ctx.confirm({
      ...unseenRowsQuestion(label, targets.length, folderName(shown.mailbox)),
      run,
    });
  }

  const commands: MailCommandSet = {
    targets,
    targetRows,
    canArchive,
    canReportJunk,
    inJunk,
    original,
    archive() {
      if (canArchive && targets.length)
        confirmed('Archive', () => store.remove(Removal.Archive, targets));
    },
    delete() {
      if (!targets.length) return;
      if (role === 'trash') {
        const run = () => store.remove(Removal.DeleteForever, targets);
        ctx.confirm({ ...deleteForeverQuestion(targets.length), run });
      } else confirmed('Move to Trash', () => store.remove(Removal.Delete, targets));
    },
    reportJunk(junk) {
      if (canReportJunk && targets.length)
        confirmed(junk ? 'Report as junk' : 'Not junk', () =>
          store.remove(junk ? Removal.Junk : Removal.NotJunk, targets),
        );
    },
    moveTo(path) {
      if (targets.length)
        confirmed(`Move to ${folderName(path)}`, () => store.remove(Removal.Move, targets, path));
    },
    setRead(read) {
      if (targets.length)
        confirmed(read ? 'Mark as read' : 'Mark as unread', () =>
          store.setFlag(targets, Flag.Seen, read),
        );
    },
    setFlagged(flagged) {
      if (targets.length)
        confirmed(flagged ? 'Flag' : 'Unflag', () => store.setFlag(targets, Flag.Flagged, flagged));
    },
    toggleTag(tag) {
      if (!targets.length) return;
      const on = tagAfterChoosing(loaded, tag.keyword, targetRows.unloaded);
      confirmed(on ? `Tag as ${tag.name}` : `Remove the ${tag.name} tag`, () =>
        store.setFlag(targets, tag.keyword, on),
      );
    },
    reply(kind) {
      if (original) ctx.compose({ kind, original });
    },
    run(command) {
      switch (command) {
        case Command.Next:
        case Command.Previous: {
          // Matches in all folders are links, not the grid the keys move in.
          if (account.search?.everywhere) return false;
          const position = store.moveSelection(command === Command.Next ? 1 : -1);
          if (position !== null) ctx.reveal({ position });
          openDraftIfAny();
          return true;
        }
        case Command.Open: {
          if (account.search?.everywhere) return false;
          const position = store.openCursor();
          if (position === null) return false;
          ctx.reveal({ position });
          openDraftIfAny();
          return true;
        }
        case Command.Archive:
          commands.archive();
          return targets.length > 0;
        case Command.Delete:
          commands.delete();
          return targets.length > 0;
        case Command.Junk:
          commands.reportJunk(!inJunk);
          return canReportJunk && targets.length > 0;
        case Command.ToggleFlag:
          commands.setFlagged(!allFlagged(targetRows));
          return targets.length > 0;
        case Command.MarkUnread:
          commands.setRead(false);
          return targets.length > 0;
        case Command.MarkRead:
          commands.setRead(true);
          return targets.length > 0;
        case Command.SelectAll:
          store.selectAll();
          return true;
        case Command.Tag1:
        case Command.Tag2:
        case Command.Tag3:
        case Command.Tag4:
        case Command.Tag5:
          commands.toggleTag(tagOfCommand(command)!);
          return targets.length > 0;
        case Command.ClearTags:
          // Only the tags some of them carry: no request for the others. Where rows are not
          // loaded, what they carry is not known: every tag comes off all of them.
          if (targets.length)
            confirmed('Clear tags', () => {
              for (const { keyword } of TAGS) {
                const uids =
                  targetRows.unloaded > 0
                    ? targets
                    : loaded.filter((row) => hasFlag(row.flags, keyword)).map((row) => row.uid);
                if (uids.length) store.setFlag(uids, keyword, false);
              }
            });
          return targets.length > 0;
        case Command.Search:
          ctx.searchInput.current?.focus();
          ctx.searchInput.current?.select();
          return true;
        case Command.Back:
          if (account.selected || account.checked.length > 0) store.closeMessage();
          else if (account.search) ctx.clearSearch();
          else return false;
          return true;
        case Command.Help:
          ctx.showHelp();
          return true;
        case Command.Compose:
          ctx.compose({ kind: 'new' });
          return true;
        case Command.Reply:
        case Command.ReplyAll:
        case Command.Forward:
          if (!original) return false;
          commands.reply(
            command === Command.Reply
              ? 'reply'
              : command === Command.ReplyAll
                ? 'replyAll'
                : 'forward',
          );
          return true;
      }
    },
  };

  /** In Drafts, opening a message goes on writing it. */
  function openDraftIfAny() {
    if (!inDrafts) return;
    const { selected } = store.getSnapshot();
    if (selected && shown) {
      ctx.compose({
        kind: 'draft',
        draft: { mailbox: shown.mailbox, uidValidity: shown.uidValidity, uid: selected.uid },
      });
    }
  }

  return commands;
}

/**
 * The rows the buttons read (read, flagged, tagged) of the messages acted on: the loaded ones,
 * the open message as the reader has it. A whole folder's targets are mostly not loaded.
 */
function loadedTargets(
  targets: ReadonlySet<number>,
  shown: MessageWindowState | null,
  open: MessageSummary | null,
): MessageSummary[] {
  const rows = (shown?.rows ?? [])
    .filter((row) => targets.has(row.uid))
    .map((row) => (row.uid === open?.uid ? open : row));
  if (open && targets.has(open.uid) && !rows.includes(open)) rows.push(open);
  return rows;
}
