import { Events, type MessageWindow } from '@tidings/protocol';
import { buildMessage } from '@tidings/testkit';
import { person, startMailWorld, type MailWorld, type Person } from './compose-harness.ts';
import { request, unwrap } from './harness.ts';

/**
 * What the hostile-request tests throw at the gateway (hostile-requests.test.ts: the socket;
 * hostile-http.test.ts: the message URLs and the sign-in), and the account they throw it at.
 */

/** `HOSTILE_SEED=n` replays another barrage; each test file and test derives its own from it. */
export const SEED = Number(process.env.HOSTILE_SEED ?? 20_261_206);
/** Hostile values tried per field of each request. */
export const VALUES_PER_FIELD = 6;
export const SUBJECTS = ['Quarterly numbers', 'Lunch on Friday?', 'Re: the plan'];
/** Folders that exist, with names that need quoting, escaping or modified UTF-7 on the wire. */
export const ODD_FOLDERS = ['Odd "quoted" \\ name', 'Ünïcødé & Co/Sub', '[Gmail]', 'a%b*c'];
/** An empty folder that the valid rename and delete requests name. */
export const SCRATCH_FOLDER = 'Scratch';

export const LONG = 'x'.repeat(1_100);
export const STRINGS = [
  '',
  ' ',
  'INBOX\r\nA1 LOGOUT',
  'INBOX\r\n',
  'a\u0000b',
  '"',
  '\\',
  '{5}\r\nhello',
  '{4294967296}',
  '*',
  '%',
  '..',
  '../../../etc/passwd',
  'INBOX/'.repeat(60),
  '\u202eevil',
  '😀'.repeat(300),
  LONG,
  '__proto__',
  'NIL',
  '()',
  '\\Seen) UID EXPUNGE 1:*',
  '=?utf-8?b?AA==?=',
  '<img src=x onerror=alert(1)>',
  'a@b',
  'x@example.test\r\nBcc: victim@example.test',
  '2026-02-30',
  ...ODD_FOLDERS,
];
export const NUMBERS = [0, -1, 1.5, 2 ** 32, 2 ** 53 + 2, 1e308, -0, 4_294_967_295];
export const OTHERS: unknown[] = [
  null,
  true,
  false,
  'true',
  [],
  {},
  [null],
  Array.from({ length: 10_001 }, (_, i) => i + 1),
  nest(200),
  { __proto__: { admin: true } },
  JSON.parse('{"__proto__": {"polluted": 1}}'),
];
export const WHOLE_PAYLOADS: unknown[] = [
  undefined,
  null,
  0,
  'mailbox:open',
  [],
  [{ mailbox: 'INBOX' }],
  nest(500),
  { constructor: { prototype: { polluted: 1 } } },
];

function nest(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** Every field of a request, as a path, down to the values (array items are one field). */
export function fieldPaths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return prefix.length ? [prefix] : [];
  if (Array.isArray(value)) return [prefix, ...fieldPaths(value[0], [...prefix, '0'])];
  const paths = prefix.length ? [prefix] : [];
  for (const [key, inner] of Object.entries(value))
    paths.push(...fieldPaths(inner, [...prefix, key]));
  return paths;
}

export function fieldAt(value: unknown, path: string[]): unknown {
  return path.reduce((inner, key) => (inner as Record<string, unknown>)[key], value);
}

export function withField(value: unknown, path: string[], replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  let target = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[path.at(-1)!] = replacement;
  return copy;
}

/** Whether an HTTP error body says what went wrong in the app's one shape. */
export function hasReason(body: string): boolean {
  try {
    const error = (JSON.parse(body) as { error?: { code?: unknown; message?: unknown } }).error;
    return typeof error?.code === 'string' && typeof error.message === 'string' && !!error.message;
  } catch {
    return false;
  }
}

export interface HostileAccount {
  world: MailWorld;
  ada: Person;
  /** INBOX as the tab first saw it, with SUBJECTS in it. */
  inbox: MessageWindow;
}

/**
 * A private mail world with one signed-in account: SUBJECTS in INBOX, ODD_FOLDERS and
 * SCRATCH_FOLDER beside it.
 */
export async function startHostileAccount(): Promise<HostileAccount> {
  const world = await startMailWorld();
  const ada = await person(world, 'hostile');
  for (const folder of [...ODD_FOLDERS, SCRATCH_FOLDER]) await ada.imap.createMailbox(folder);
  for (const subject of SUBJECTS) {
    const raw = await buildMessage({
      from: 'Fay <fay@example.test>',
      to: [ada.user.email],
      subject,
      text: `About ${subject}`,
    });
    await ada.imap.append('INBOX', raw);
  }
  // The tab's session was watching INBOX before the appends: their pushes come after IDLE.
  await ada.tab.events.next(Events.MessageAdded, (e) => e.total === SUBJECTS.length);
  const inbox = unwrap(await request(ada.tab.socket, Events.MailboxOpen, { mailbox: 'INBOX' }));
  return { world, ada, inbox };
}
