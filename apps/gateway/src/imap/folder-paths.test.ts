import { describe, expect, it } from 'vitest';
import {
  canHoldSubfolders,
  childPath,
  delimiterOf,
  findFolder,
  levelNameProblem,
  hasSubfolders,
  isSelectable,
  parentPath,
} from './folder-paths.ts';

const entry = (path: string, delimiter: string | null = '/', flags: string[] = []) => ({
  path,
  delimiter,
  flags: new Set(flags),
});

describe('folder paths', () => {
  it('joins and splits levels with the delimiter', () => {
    expect(childPath(null, '/', 'Projects')).toBe('Projects');
    expect(childPath('Projects', '/', '2026')).toBe('Projects/2026');
    expect(childPath('INBOX', '.', 'Lists')).toBe('INBOX.Lists');
    expect(parentPath('Projects/2026/Q1', '/')).toBe('Projects/2026');
    expect(parentPath('INBOX.Lists', '.')).toBe('INBOX');
    expect(parentPath('Projects', '/')).toBeNull();
    // A leading delimiter is part of a top-level name, not an empty parent.
    expect(parentPath('/odd', '/')).toBeNull();
  });

  it("takes the folder's delimiter, else any the server named, else '/'", () => {
    const entries = [entry('INBOX', '.'), entry('Flat', null)];
    expect(delimiterOf(entries[0], entries)).toBe('.');
    expect(delimiterOf(entries[1], entries)).toBe('.');
    expect(delimiterOf(undefined, entries)).toBe('.');
    expect(delimiterOf(undefined, [entry('Flat', null)])).toBe('/');
  });

  it('finds INBOX in any case and other folders exactly', () => {
    const entries = [entry('INBOX'), entry('Projects')];
    expect(findFolder(entries, 'inbox')).toBe(entries[0]);
    expect(findFolder(entries, 'Projects')).toBe(entries[1]);
    expect(findFolder(entries, 'projects')).toBeUndefined();
  });

  it('refuses names with the delimiter and names that climb the tree', () => {
    expect(levelNameProblem('Q1/Q2', '/')).toMatch(/cannot contain "\/"/);
    expect(levelNameProblem('v1.2', '.')).toMatch(/cannot contain "\."/);
    expect(levelNameProblem('v1.2', '/')).toBeNull();
    expect(levelNameProblem('..', '/')).toMatch(/not a folder name/);
    expect(levelNameProblem('Ünïcødé & Co', '/')).toBeNull();
  });

  it('sees subfolders by path prefix, not by a name that merely starts the same', () => {
    const entries = [entry('Projects'), entry('Projects old'), entry('Work'), entry('Work/2026')];
    expect(hasSubfolders(entries, 'Projects', '/')).toBe(false);
    expect(hasSubfolders(entries, 'Work', '/')).toBe(true);
  });

  it('reads \\Noinferiors and \\Noselect in any case', () => {
    expect(canHoldSubfolders(entry('Leaf', '/', ['\\NoInferiors']))).toBe(false);
    expect(canHoldSubfolders(entry('Tree', '/', ['\\HasChildren']))).toBe(true);
    expect(isSelectable(entry('Parent', '/', ['\\noselect']))).toBe(false);
    expect(isSelectable(entry('Gone', '/', ['\\NonExistent']))).toBe(false);
    expect(isSelectable(entry('Projects', '/', ['\\HasNoChildren']))).toBe(true);
  });
});
