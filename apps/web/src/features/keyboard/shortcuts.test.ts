import { describe, expect, it } from 'vitest';
import {
  Command,
  commandFor,
  isActivationKey,
  isTypingTarget,
  SHORTCUTS,
  tagOfCommand,
  withShortcut,
} from './shortcuts.ts';

const key = (
  k: string,
  mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {},
) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('commandFor', () => {
  it('maps the single keys', () => {
    expect(commandFor(key('j'))).toBe(Command.Next);
    expect(commandFor(key('k'))).toBe(Command.Previous);
    expect(commandFor(key('Enter'))).toBe(Command.Open);
    expect(commandFor(key('o'))).toBe(Command.Open);
    expect(commandFor(key('e'))).toBe(Command.Archive);
    expect(commandFor(key('!'))).toBe(Command.Junk);
    expect(commandFor(key('#', { shiftKey: true }))).toBe(Command.Delete);
    expect(commandFor(key('s'))).toBe(Command.ToggleFlag);
    expect(commandFor(key('/'))).toBe(Command.Search);
    expect(commandFor(key('Escape'))).toBe(Command.Back);
    expect(commandFor(key('?', { shiftKey: true }))).toBe(Command.Help);
    expect(commandFor(key('c'))).toBe(Command.Compose);
    expect(commandFor(key('r'))).toBe(Command.Reply);
    expect(commandFor(key('a'))).toBe(Command.ReplyAll);
    expect(commandFor(key('f'))).toBe(Command.Forward);
  });

  it('needs Shift for U and I, and leaves Caps Lock letters alone', () => {
    expect(commandFor(key('U', { shiftKey: true }))).toBe(Command.MarkUnread);
    expect(commandFor(key('I', { shiftKey: true }))).toBe(Command.MarkRead);
    expect(commandFor(key('U'))).toBeNull();
    expect(commandFor(key('u'))).toBeNull();
  });

  it('leaves presses with Ctrl, Cmd or Alt to the browser', () => {
    expect(commandFor(key('r', { ctrlKey: true }))).toBeNull();
    expect(commandFor(key('f', { metaKey: true }))).toBeNull();
    expect(commandFor(key('e', { altKey: true }))).toBeNull();
    expect(commandFor(key('x'))).toBeNull();
  });

  it('reads * then a as select all, and a alone as reply all', () => {
    expect(commandFor(key('a'), '*')).toBe(Command.SelectAll);
    expect(commandFor(key('a'), 'j')).toBe(Command.ReplyAll);
  });

  it('reads 1 to 5 as the tags, in their order, and 0 as taking them all off', () => {
    expect(tagOfCommand(commandFor(key('1'))!)?.name).toBe('Important');
    expect(tagOfCommand(commandFor(key('4'))!)?.name).toBe('To do');
    expect(tagOfCommand(commandFor(key('5'))!)?.keyword).toBe('$label5');
    expect(commandFor(key('6'))).toBeNull();
    expect(commandFor(key('0'))).toBe(Command.ClearTags);
    expect(tagOfCommand(Command.ClearTags)).toBeNull();
    expect(tagOfCommand(Command.Archive)).toBeNull();
  });

  it('lists every command in the help', () => {
    const listed = new Set(SHORTCUTS.map((s) => s.command));
    expect([...listed].sort()).toEqual(Object.values(Command).sort());
  });
});

describe('withShortcut', () => {
  it("names a button's key in its tooltip, every key where there are several", () => {
    expect(withShortcut('Archive', Command.Archive)).toBe('Archive (e)');
    expect(withShortcut('Move to Junk', Command.Junk)).toBe('Move to Junk (!)');
    expect(withShortcut('Open', Command.Open)).toBe('Open (Enter or o)');
  });
});

describe('isTypingTarget', () => {
  it('is true in text fields, text areas, selects and rich text', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'search' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTypingTarget({ tagName: 'SELECT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
  });

  it('is false on buttons, check boxes and the list', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: false })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe('isActivationKey', () => {
  it('leaves Enter and Space to buttons and links', () => {
    expect(isActivationKey('Enter', { tagName: 'BUTTON' })).toBe(true);
    expect(isActivationKey(' ', { tagName: 'A' })).toBe(true);
    expect(isActivationKey('Enter', { tagName: 'DIV' })).toBe(false);
    expect(isActivationKey('j', { tagName: 'BUTTON' })).toBe(false);
  });
});
