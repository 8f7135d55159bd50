/**
 * Folder paths as a server builds them: levels joined by its hierarchy delimiter (RFC 3501
 * §5.1.1), INBOX matched in any case (§5.1). Pure, so the rules are tested without a server.
 */

/** The LIST fields these rules read. */
export interface FolderEntry {
  path: string;
  delimiter?: string | null;
  flags: Set<string>;
}

/** The delimiter of a path's level; '/' when the server named none (a flat namespace). */
export function delimiterOf(entry: FolderEntry | undefined, entries: FolderEntry[]): string {
  return entry?.delimiter ?? entries.find((e) => e.delimiter)?.delimiter ?? '/';
}

/** `name` one level below `parent`, or at the top level. */
export function childPath(parent: string | null, delimiter: string, name: string): string {
  return parent === null ? name : `${parent}${delimiter}${name}`;
}

/** The folder that holds `path`; null for a top-level folder. */
export function parentPath(path: string, delimiter: string): string | null {
  const at = path.lastIndexOf(delimiter);
  return at > 0 ? path.slice(0, at) : null;
}

/** Two paths name one folder: equal, or both INBOX in whatever case. */
export function sameFolder(a: string, b: string): boolean {
  return a === b || (a.toUpperCase() === 'INBOX' && b.toUpperCase() === 'INBOX');
}

export function findFolder<T extends FolderEntry>(entries: T[], path: string): T | undefined {
  return entries.find((entry) => sameFolder(entry.path, path));
}

/** Why `name` cannot be one level of a path on this server; null when it can. */
export function levelNameProblem(name: string, delimiter: string): string | null {
  if (delimiter && name.includes(delimiter)) {
    return `A folder name cannot contain "${delimiter}": it separates a folder from its subfolders.`;
  }
  // Maildir++ and similar layouts map levels to directories: these would climb out of the tree.
  if (name === '.' || name === '..') return `"${name}" is not a folder name.`;
  return null;
}

/** Does any folder sit below `path`? */
export function hasSubfolders(entries: FolderEntry[], path: string, delimiter: string): boolean {
  const prefix = `${path}${delimiter}`;
  return entries.some((entry) => entry.path.startsWith(prefix));
}

/** May the server put folders below this one (no \Noinferiors, RFC 3501 §7.2.2)? */
export function canHoldSubfolders(entry: FolderEntry): boolean {
  return ![...entry.flags].some((flag) => flag.toLowerCase() === '\\noinferiors');
}

/** Can the folder be opened (no \Noselect or \NonExistent)? Only such folders hold messages. */
export function isSelectable(entry: FolderEntry): boolean {
  return ![...entry.flags].some((flag) => {
    const lower = flag.toLowerCase();
    return lower === '\\noselect' || lower === '\\nonexistent';
  });
}
