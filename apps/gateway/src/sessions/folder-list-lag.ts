import type { ImapFlow, ListResponse } from 'imapflow';
import { commandRefused } from './account-error.ts';
import { findFolder, type FolderEntry } from '../imap/folder-paths.ts';

/**
 * A server's folder list can lag behind its folders. Dovecot answers LIST from its mailbox list
 * index (dovecot.list.index), which a session's CREATE, RENAME or DELETE only marks for a
 * rescan (mailbox_list_index_refresh_later). Twice in CI, under load, LIST left out a folder
 * another session had just created, or kept one just renamed, for seconds; the likeliest cause
 * is that mark lost in a race with a third session's rescan (the gateway's NOTIFY session
 * rescans at every change), though it could not be reproduced on demand. STATUS reads the
 * folder from the mail store itself, and Dovecot rescans the index where the two disagree. So
 * a folder that a request names is not called missing on LIST's word alone, and after a change
 * of its own the gateway checks that LIST shows it, so that other clients see it too.
 */

/** What LIST should show after a change: folders now there, and folders now gone. */
export interface ListExpectation {
  listed?: string[];
  unlisted?: string[];
}

/** The paths on which `entries` disagree with `expected`. */
export function listDisagreements(entries: FolderEntry[], expected: ListExpectation): string[] {
  return [
    ...(expected.listed ?? []).filter((path) => !findFolder(entries, path)),
    ...(expected.unlisted ?? []).filter((path) => findFolder(entries, path)),
  ];
}

export async function listFolders(client: ImapFlow): Promise<ListResponse[]> {
  try {
    return await client.list();
  } catch (error) {
    throw commandRefused(client, error);
  }
}

/**
 * The folder list, for a request that names `paths`: a named folder LIST leaves out is asked
 * for itself, and where it exists the list is read again (the server has rescanned it).
 */
export async function listFoldersNaming(
  client: ImapFlow,
  paths: string[],
): Promise<ListResponse[]> {
  const entries = await listFolders(client);
  let lagging = false;
  for (const path of listDisagreements(entries, { listed: paths })) {
    if (await folderExists(client, path)) lagging = true;
  }
  return lagging ? listFolders(client) : entries;
}

/**
 * After a change the gateway made: where LIST does not show it yet, asks each folder it
 * disagrees on, which makes the server rescan. Best effort: the change itself has been made.
 */
export async function settleFolderList(client: ImapFlow, expected: ListExpectation): Promise<void> {
  try {
    for (const path of listDisagreements(await client.list(), expected)) {
      await folderExists(client, path);
    }
  } catch {
    // A lost connection: the next request reconnects, and its own LIST is checked as above.
  }
}

/** Does the mail store hold `path`? (STATUS, which a missing folder answers with NO.) */
async function folderExists(client: ImapFlow, path: string): Promise<boolean> {
  try {
    return Boolean(await client.status(path, { messages: true }));
  } catch {
    return false;
  }
}
