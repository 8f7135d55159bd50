import { readFile } from 'node:fs/promises';

const LOG_TAIL_LINES = 40;

/** The last lines of a server's log, for an error saying why it did not start. */
export async function logTail(path: string): Promise<string> {
  const log = (await readFile(path, 'utf8').catch(() => '')).trimEnd();
  if (log === '') return `(${path} is empty)`;
  return `--- tail of ${path} ---\n${log.split('\n').slice(-LOG_TAIL_LINES).join('\n')}`;
}
