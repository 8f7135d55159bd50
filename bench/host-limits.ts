import { readFile, writeFile } from 'node:fs/promises';

const INOTIFY_INSTANCES = '/proc/sys/fs/inotify/max_user_instances';
const INOTIFY_WATCHES = '/proc/sys/fs/inotify/max_user_watches';

export interface HostLimits {
  inotifyMaxUserInstances: number;
  inotifyMaxUserWatches: number;
  /** The soft RLIMIT_NOFILE the bench (and so the gateway and Dovecot it starts) runs with. */
  openFiles: number;
}

async function readNumber(path: string): Promise<number> {
  return Number((await readFile(path, 'utf8')).trim());
}

async function raise(path: string, wanted: number): Promise<number> {
  const current = await readNumber(path);
  if (current >= wanted) return current;
  try {
    await writeFile(path, `${wanted}\n`);
  } catch (error) {
    throw new Error(
      `${path} is ${current}, the bench needs ${wanted}: run as root or ` +
        `sysctl -w ${path.slice('/proc/sys/'.length).replaceAll('/', '.')}=${wanted} (${String(error)})`,
    );
  }
  return readNumber(path);
}

/**
 * Every idling Dovecot connection holds an inotify instance, all under Dovecot's mail user:
 * at the kernel default of 128 the rest silently fall back to polling every 30 s
 * (IMAP-FIELD-NOTES), which would measure Dovecot's fallback, not push. Only ever raised.
 */
export async function ensureHostLimits(idleConnections: number): Promise<HostLimits> {
  const instances = await raise(INOTIFY_INSTANCES, idleConnections + 1_024);
  // A watched Maildir costs a few watches (new/, cur/, the index directory).
  const watches = await raise(INOTIFY_WATCHES, 8 * idleConnections + 65_536);
  const limits = await readFile('/proc/self/limits', 'utf8');
  const openFiles = Number(/^Max open files\s+(\d+)/m.exec(limits)?.[1] ?? 0);
  return { inotifyMaxUserInstances: instances, inotifyMaxUserWatches: watches, openFiles };
}
