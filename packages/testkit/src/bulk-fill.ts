import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, link, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cachedMessageSet, writeMessageSet, type BulkMessage } from './bulk-fill-messages.ts';
import { dovecotLayout, userHome } from './dovecot-config.ts';
import type { Dovecot, MailUser } from './dovecot.ts';

export interface FillOptions {
  /** Default INBOX; any other mailbox is created (and subscribed) when missing. */
  mailbox?: string;
  count: number;
  /** Same seed (and count, recipient, dates) → same messages. Default 1. */
  seed?: number;
  /** Received date of the newest message. Default: the start of today (UTC). */
  newest?: Date;
  /** The messages' dates spread back this many years from `newest`. Default 6. */
  years?: number;
  /**
   * Keep generated messages here and reuse them on the next fill with the same spec (hard
   * links, so a 100,000-message fill takes seconds). The key covers the spec and the
   * generator's source, so a stale set is never reused. Default: generate every time.
   */
  cacheDir?: string;
}

export interface FillResult {
  mailbox: string;
  count: number;
  uidValidity: number;
  /** Messages without \Seen. */
  unseen: number;
  /** Messages with \Flagged. */
  flagged: number;
  /** False when the messages came from `cacheDir`. */
  generated: boolean;
  durationMs: number;
}

const DEFAULT_SEED = 1;
const DEFAULT_YEARS = 6;
const DAY_MS = 86_400_000;
/** Links made at once. */
const LINK_CONCURRENCY = 64;
/** Owner of mail files: the private Dovecot's mail_uid/mail_gid (see dovecot-config.ts). */
const MAIL_OWNER = 'nobody:nogroup';
/** Dovecot's own files in a maildir folder: index, cache, transaction log, UID list. */
const DOVECOT_FOLDER_FILE = /^dovecot[.-]/;
/** The mailbox list index at the Maildir root caches each folder's UIDVALIDITY and counts. */
const LIST_INDEX_FILE = /^dovecot\.list\.index/;

const execFileAsync = promisify(execFile);

/**
 * Fills an empty mailbox with `count` realistic messages (random senders and kinds, some HTML,
 * some attachments, dates spread over years, UIDs in date order, most old mail \Seen, a few
 * \Flagged and \Answered) far faster than IMAP APPEND can: the files are written straight into
 * the user's Maildir with a matching dovecot-uidlist, then Dovecot indexes them once.
 *
 * The user's IMAP connections are ended first (Dovecot must not hold the folder's index open
 * while it is replaced). Throws if the mailbox already holds mail.
 */
export async function fillMailbox(
  dovecot: Pick<Dovecot, 'dir' | 'doveadm' | 'kick'>,
  user: MailUser | string,
  opts: FillOptions,
): Promise<FillResult> {
  const startedAt = performance.now();
  const email = (typeof user === 'string' ? user : user.email).toLowerCase();
  const mailbox = opts.mailbox ?? 'INBOX';
  if (!Number.isInteger(opts.count) || opts.count < 1) {
    throw new Error(`fillMailbox needs a positive whole count, got ${opts.count}`);
  }
  const existing = await ensureEmptyMailbox(dovecot, email, mailbox);
  if (existing > 0) {
    throw new Error(`fillMailbox fills an empty mailbox; ${email} ${mailbox} has ${existing}`);
  }
  await dovecot.kick(email);

  const maildir = join(userHome(dovecotLayout(dovecot.dir, tmpdir()), email), 'Maildir');
  const folder =
    mailbox.toUpperCase() === 'INBOX' ? maildir : join(maildir, `.${mailbox.replaceAll('/', '.')}`);
  await removeDovecotFiles(maildir, LIST_INDEX_FILE);
  await removeDovecotFiles(folder, DOVECOT_FOLDER_FILE);
  const cur = join(folder, 'cur');
  await mkdir(cur, { recursive: true });

  const spec = {
    to: email,
    count: opts.count,
    seed: opts.seed ?? DEFAULT_SEED,
    newest: opts.newest ?? new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS),
    years: opts.years ?? DEFAULT_YEARS,
  };
  let messages: BulkMessage[];
  let generated = true;
  if (opts.cacheDir) {
    await mkdir(opts.cacheDir, { recursive: true });
    const { set, cached } = await cachedMessageSet(opts.cacheDir, spec);
    await linkAll(set.dir, cur, set.messages);
    messages = set.messages;
    generated = !cached;
  } else {
    messages = await writeMessageSet(cur, spec);
  }

  // A UIDVALIDITY Dovecot never gave this folder before (it uses the time too), so a client
  // that knew the old, empty folder sees a new one (RFC 3501 §2.3.1.1).
  const uidValidity = Math.floor(Date.now() / 1000);
  await writeFile(
    join(folder, 'dovecot-uidlist'),
    uidList(uidValidity, `${email}\0${mailbox}`, messages),
  );
  await execFileAsync('chown', ['-R', MAIL_OWNER, folder]);

  const status = parseStatus(
    await dovecot.doveadm([
      'mailbox',
      'status',
      '-u',
      email,
      'messages unseen uidvalidity',
      mailbox,
    ]),
  );
  if (status.messages !== opts.count || status.uidvalidity !== uidValidity) {
    throw new Error(
      `Dovecot indexed ${status.messages} messages (uidvalidity ${status.uidvalidity}) in ` +
        `${mailbox}, expected ${opts.count} (uidvalidity ${uidValidity})`,
    );
  }
  return {
    mailbox,
    count: opts.count,
    uidValidity,
    unseen: status.unseen ?? 0,
    flagged: messages.filter((m) => m.flags.includes('F')).length,
    generated,
    durationMs: Math.round(performance.now() - startedAt),
  };
}

/** Creates the mailbox when missing; returns how many messages it holds. */
async function ensureEmptyMailbox(
  dovecot: Pick<Dovecot, 'doveadm'>,
  email: string,
  mailbox: string,
): Promise<number> {
  const status = ['mailbox', 'status', '-u', email, 'messages', mailbox];
  try {
    return parseStatus(await dovecot.doveadm(status)).messages ?? 0;
  } catch (error) {
    if (!/exist/i.test((error as Error).message)) throw error;
    await dovecot.doveadm(['mailbox', 'create', '-s', '-u', email, mailbox]);
    return parseStatus(await dovecot.doveadm(status)).messages ?? 0;
  }
}

/**
 * dovecot-uidlist version 3 (maildir-uidlist.c): a header `3 V<uidvalidity> N<next uid>
 * G<mailbox guid>`, then `<uid> :<file name without the :2, info>` per message. Writing it
 * ourselves is what puts UIDs in date order: Dovecot would number new files in directory order.
 */
function uidList(uidValidity: number, guidSeed: string, messages: readonly BulkMessage[]): string {
  const guid = createHash('md5').update(`${guidSeed}\0${uidValidity}`).digest('hex');
  const lines = [`3 V${uidValidity} N${messages.length + 1} G${guid}`];
  messages.forEach((message, index) => lines.push(`${index + 1} :${message.base}`));
  return `${lines.join('\n')}\n`;
}

async function linkAll(from: string, to: string, messages: readonly BulkMessage[]): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < messages.length) {
      const { base, flags } = messages[next++]!;
      const name = `${base}:2,${flags}`;
      try {
        await link(join(from, name), join(to, name));
      } catch (error) {
        // A cache on another filesystem cannot be linked to.
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
        await copyFile(join(from, name), join(to, name));
      }
    }
  };
  await Promise.all(Array.from({ length: LINK_CONCURRENCY }, worker));
}

async function removeDovecotFiles(dir: string, pattern: RegExp): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (pattern.test(name)) await rm(join(dir, name), { force: true });
  }
}

/** `doveadm mailbox status` prints `messages=3 unseen=1 uidvalidity=…` on one line. */
function parseStatus(output: string): Record<string, number> {
  const fields: Record<string, number> = {};
  for (const match of output.matchAll(/(\w+)=(\d+)/g)) fields[match[1]!] = Number(match[2]);
  return fields;
}
