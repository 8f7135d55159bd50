import { TAGS, type Tag } from '@tidings/protocol';

/** Everything the keyboard can do in the mail view, named for the user. */
export const Command = {
  Next: 'next',
  Previous: 'previous',
  Open: 'open',
  Archive: 'archive',
  Delete: 'delete',
  Junk: 'junk',
  ToggleFlag: 'toggleFlag',
  MarkUnread: 'markUnread',
  MarkRead: 'markRead',
  Search: 'search',
  Back: 'back',
  Help: 'help',
  Compose: 'compose',
  Reply: 'reply',
  ReplyAll: 'replyAll',
  Forward: 'forward',
  SelectAll: 'selectAll',
  /** Puts the first tag (TAGS) on, or takes it off; 1 on the keyboard, as in Thunderbird. */
  Tag1: 'tag1',
  Tag2: 'tag2',
  Tag3: 'tag3',
  Tag4: 'tag4',
  Tag5: 'tag5',
  /** Takes every tag off; 0. */
  ClearTags: 'clearTags',
} as const;
export type Command = (typeof Command)[keyof typeof Command];

/** The tag commands in the order of TAGS. */
const TAG_COMMANDS = [Command.Tag1, Command.Tag2, Command.Tag3, Command.Tag4, Command.Tag5];

/** The tag a command puts on or takes off, or null for any other command. */
export function tagOfCommand(command: Command): Tag | null {
  const index = TAG_COMMANDS.indexOf(command as (typeof TAG_COMMANDS)[number]);
  return index < 0 ? null : (TAGS[index] ?? null);
}

export interface Shortcut {
  /** As shown in the list of shortcuts; any one of them works. */
  keys: string[];
  command: Command;
  label: string;
}

/** The list the `?` dialog shows, in its order. */
export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['j'], command: Command.Next, label: 'Next message' },
  { keys: ['k'], command: Command.Previous, label: 'Previous message' },
  { keys: ['Enter', 'o'], command: Command.Open, label: 'Open message' },
  { keys: ['Esc'], command: Command.Back, label: 'Back to the list, close, clear search' },
  { keys: ['e'], command: Command.Archive, label: 'Archive' },
  { keys: ['#'], command: Command.Delete, label: 'Delete' },
  { keys: ['!'], command: Command.Junk, label: 'Report as junk (in Junk: not junk)' },
  { keys: ['s'], command: Command.ToggleFlag, label: 'Flag or unflag' },
  { keys: ['Shift+U'], command: Command.MarkUnread, label: 'Mark as unread' },
  { keys: ['Shift+I'], command: Command.MarkRead, label: 'Mark as read' },
  { keys: ['* then a'], command: Command.SelectAll, label: 'Select all in view' },
  ...TAGS.map((tag, index) => ({
    keys: [String(index + 1)],
    command: TAG_COMMANDS[index]!,
    label: `Tag ${tag.name} (or take it off)`,
  })),
  { keys: ['0'], command: Command.ClearTags, label: 'Remove all tags' },
  { keys: ['c'], command: Command.Compose, label: 'Compose' },
  { keys: ['r'], command: Command.Reply, label: 'Reply' },
  { keys: ['a'], command: Command.ReplyAll, label: 'Reply all' },
  { keys: ['f'], command: Command.Forward, label: 'Forward' },
  { keys: ['/'], command: Command.Search, label: 'Search mail' },
  { keys: ['?'], command: Command.Help, label: 'Show these shortcuts' },
];

/** A button's tooltip: its name and the key that does the same ("Archive (e)"). */
export function withShortcut(label: string, command: Command): string {
  const keys = SHORTCUTS.find((s) => s.command === command)?.keys;
  return keys ? `${label} (${keys.join(' or ')})` : label;
}

/** By `KeyboardEvent.key`: letters are matched as typed, so Shift+U arrives as "U". */
const BY_KEY: Record<string, Command> = {
  j: Command.Next,
  k: Command.Previous,
  Enter: Command.Open,
  o: Command.Open,
  Escape: Command.Back,
  e: Command.Archive,
  '#': Command.Delete,
  '!': Command.Junk,
  s: Command.ToggleFlag,
  U: Command.MarkUnread,
  I: Command.MarkRead,
  c: Command.Compose,
  r: Command.Reply,
  a: Command.ReplyAll,
  f: Command.Forward,
  '/': Command.Search,
  '?': Command.Help,
  ...Object.fromEntries(TAG_COMMANDS.map((command, index) => [String(index + 1), command])),
  '0': Command.ClearTags,
};

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey?: boolean;
}

/**
 * The command for a key press, or null. Presses with Ctrl, Cmd or Alt belong to the browser
 * and the system. `*` then `a` (Gmail's "select all") is a two-key sequence: pass the key
 * pressed just before.
 */
export function commandFor(event: KeyLike, previousKey: string | null = null): Command | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (previousKey === '*' && event.key === 'a') return Command.SelectAll;
  // A capital letter without Shift is Caps Lock: not the Shift shortcut.
  if ((event.key === 'U' || event.key === 'I') && event.shiftKey === false) return null;
  return BY_KEY[event.key] ?? null;
}

interface TargetLike {
  tagName?: string;
  isContentEditable?: boolean;
  type?: string;
}

const NOT_TEXT_INPUTS = new Set([
  'checkbox',
  'radio',
  'button',
  'submit',
  'reset',
  'range',
  'color',
  'file',
]);

/**
 * Whether a key press is typing: into a text field, a text area, a select or rich text. Then
 * no shortcut fires (j is a letter there, Escape belongs to the field).
 */
export function isTypingTarget(target: TargetLike | null): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  switch (target.tagName) {
    case 'TEXTAREA':
    case 'SELECT':
      return true;
    case 'INPUT':
      return !NOT_TEXT_INPUTS.has((target.type ?? 'text').toLowerCase());
    default:
      return false;
  }
}

/**
 * Whether a key press belongs to the control that has focus: Enter and Space activate a button
 * or link, arrows move inside a menu. Shortcuts that would take such keys leave them alone.
 */
export function isActivationKey(key: string, target: TargetLike | null): boolean {
  if (key !== 'Enter' && key !== ' ') return false;
  const tag = target?.tagName;
  return tag === 'BUTTON' || tag === 'A' || tag === 'INPUT' || tag === 'SUMMARY';
}
