import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dovecotLayout, userHome } from './dovecot-config.ts';
import type { Dovecot } from './dovecot.ts';

const execFileAsync = promisify(execFile);

/*
 * Folders changed in a user's Maildir behind Dovecot's back: the mail store changes, the mailbox
 * list index does not, so LIST shows the old state until something makes Dovecot rescan. That
 * is the state CI met twice under load, LIST missing a folder just created or keeping one just
 * renamed (gateway sessions/folder-list-lag.ts); tests use it to show a client copes.
 */

/** A new, empty top-level folder that LIST does not show yet. */
export async function addFolderBehindListIndex(
  dovecot: Pick<Dovecot, 'dir'>,
  email: string,
  name: string,
): Promise<void> {
  const folder = maildirFolder(dovecot, email, name);
  // The mode Dovecot gives folders: it refuses to rename across differing permissions.
  for (const part of ['', 'cur', 'new', 'tmp']) await mkdir(join(folder, part), { mode: 0o700 });
  await execFileAsync('chown', ['-R', 'nobody:nogroup', folder]);
}

/** Removes a top-level folder that LIST goes on showing. */
export async function removeFolderBehindListIndex(
  dovecot: Pick<Dovecot, 'dir'>,
  email: string,
  name: string,
): Promise<void> {
  await rm(maildirFolder(dovecot, email, name), { recursive: true });
}

function maildirFolder(dovecot: Pick<Dovecot, 'dir'>, email: string, name: string): string {
  // Maildir++ keeps a folder as ".name" at the root; deeper levels and escaping are not needed.
  if (!/^[A-Za-z0-9 _-]+$/.test(name)) throw new Error(`a plain top-level name, not "${name}"`);
  return join(userHome(dovecotLayout(dovecot.dir, tmpdir()), email), 'Maildir', `.${name}`);
}
