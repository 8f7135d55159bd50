import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, Events, type MessageBody, type MessageDetail } from '@tidings/protocol';
import { MailClient, startDovecot, type Dovecot } from '@tidings/testkit';
import {
  connected,
  openSocket,
  request,
  signIn,
  sleep,
  startTestGateway,
  unwrap,
  type ClientSocket,
  type TestGateway,
} from './harness.ts';

/** One message of a corpus, with what the reader must show of it (see the corpus README). */
interface CorpusEntry {
  file: string;
  origin: string;
  licence: string;
  /** Exact decoded subject; null where the message's own subject is undecodable bytes. */
  subject: string | null;
  /** Display name of the first From address. */
  from?: string;
  /** Each must appear in the body or an attached message's body; [] means no body at all. */
  body: string[];
  /** Text that must not be shown (a preamble, a dropped alternative, a signature block). */
  absent?: string[];
  /** A charset case: the body is exactly `body[0]`. */
  exact?: boolean;
  charset?: string;
  attachments?: string[];
  attachedMessages?: number;
  flowed?: boolean;
  html?: boolean;
  /** The message is broken enough that the reader says so. */
  problem?: boolean;
  /** What the gateway gets wrong today: the case runs as an expected failure until it is fixed. */
  knownGap?: string;
}

interface Corpus {
  name: 'built-in' | 'extra';
  dir: string;
  entries: CorpusEntry[];
}

interface CorpusCase {
  /** Unique across corpora: the same file name may well occur in both. */
  key: string;
  path: string;
  entry: CorpusEntry;
}

const EXTRA_CORPUS_ENV = 'TIDINGS_EXTRA_CORPUS';
const CATEGORIES = [
  'charset',
  'encoding',
  'flowed',
  'forwarded',
  'headers',
  'hostile',
  'malformed',
  'structure',
];
const MIN_MESSAGES_PER_CATEGORY = 5;
const REQUIRED_CHARSETS = [
  'iso-8859-1',
  'iso-8859-2',
  'iso-8859-5',
  'iso-8859-7',
  'iso-8859-15',
  'windows-1250',
  'windows-1251',
  'windows-1252',
  'koi8-r',
  'shift_jis',
  'iso-2022-jp',
  'euc-jp',
  'gb2312',
  'gb18030',
  'big5',
  'euc-kr',
];

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const builtIn = loadCorpus(
  'built-in',
  join(dirname(createRequire(import.meta.url).resolve('@tidings/testkit')), '..', 'corpus'),
);
const extra = findExtraCorpus();
if (!extra) {
  console.info(
    `corpus: no extra corpus (${relative(repoRoot, defaultExtraManifest()) || '.'} absent, ` +
      `${EXTRA_CORPUS_ENV} unset); running the ${builtIn.entries.length} built-in messages only`,
  );
}
const cases: CorpusCase[] = [builtIn, ...(extra ? [extra] : [])].flatMap((corpus) =>
  corpus.entries.map((entry) => ({
    key: corpus.name === 'built-in' ? entry.file : `extra:${entry.file}`,
    path: join(corpus.dir, entry.file),
    entry,
  })),
);
const alice = { email: 'alice@example.test', password: 'alice-corpus-Pa55' };

function loadCorpus(name: Corpus['name'], dir: string): Corpus {
  const entries = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as CorpusEntry[];
  return { name, dir, entries };
}

function defaultExtraManifest(): string {
  return join(repoRoot, '..', 'shared', 'corpus', 'manifest.json');
}

/**
 * Public test suites may not be committed here; the steering repo can place them under
 * shared/corpus/ with a manifest.json of the same format, or TIDINGS_EXTRA_CORPUS can name
 * such a folder (or its manifest.json).
 */
function findExtraCorpus(): Corpus | null {
  const configured = process.env[EXTRA_CORPUS_ENV]?.trim();
  if (!configured) {
    const manifest = defaultExtraManifest();
    return existsSync(manifest) ? loadCorpus('extra', dirname(manifest)) : null;
  }
  const named = resolve(configured);
  const manifest = named.endsWith('.json') ? named : join(named, 'manifest.json');
  // Asked for by name, so a missing one is a mistake, not a reason to run less.
  if (!existsSync(manifest)) throw new Error(`${EXTRA_CORPUS_ENV}: no manifest at ${manifest}`);
  return loadCorpus('extra', dirname(manifest));
}

function emlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.eml'))
    .map((file) => file.split('\\').join('/'))
    .sort();
}

let dovecot: Dovecot;
let gw: TestGateway;
let socket: ClientSocket;
const appended = new Map<string, { uid: number; uidValidity: number }>();

beforeAll(async () => {
  dovecot = await startDovecot({ users: [alice] });
  const phone = await MailClient.connect(dovecot, alice);
  for (const { key, path } of cases)
    appended.set(key, await phone.append('INBOX', readFileSync(path)));
  await phone.close();
  gw = await startTestGateway(dovecot);
  const { cookie } = await signIn(gw, alice.email, alice.password);
  socket = openSocket(gw, cookie);
  await connected(socket);
});

afterAll(async () => {
  socket?.disconnect();
  await gw?.close();
  await dovecot?.stop();
});

function textOf(body: MessageBody): string {
  if (body.kind === 'html') return body.html;
  if (body.kind === 'text') return body.text;
  return '';
}

async function open(key: string): Promise<MessageDetail> {
  const ref = appended.get(key)!;
  const ask = () =>
    request(socket, Events.MessageGet, {
      mailbox: 'INBOX',
      uidValidity: ref.uidValidity,
      uid: ref.uid,
    });
  let answer = await ask();
  // A hundred messages in a row outruns the per-socket rate limit, as it should.
  while (!answer.ok && answer.error.code === ErrorCode.RateLimited) {
    await sleep(1_000);
    answer = await ask();
  }
  return unwrap(answer);
}

describe('the built-in corpus', () => {
  it('covers every category and required charset', () => {
    const perCategory = new Map<string, number>();
    for (const entry of builtIn.entries) {
      const category = entry.file.split('/')[0]!;
      perCategory.set(category, (perCategory.get(category) ?? 0) + 1);
    }
    expect([...perCategory.keys()].sort()).toEqual(CATEGORIES);
    for (const [category, count] of perCategory) {
      expect(count, category).toBeGreaterThanOrEqual(MIN_MESSAGES_PER_CATEGORY);
    }
    const charsets = builtIn.entries.filter((e) => e.exact).map((e) => e.charset);
    for (const required of REQUIRED_CHARSETS) expect(charsets).toContain(required);
  });

  it('holds only messages written for Tidings, each listed once in the manifest', () => {
    // Test suites of other projects belong in shared/corpus/, never in this repository.
    for (const entry of builtIn.entries) {
      expect(entry.origin, entry.file).toBe('written for Tidings');
      expect(entry.licence, entry.file).toBe('MIT');
    }
    const listed = builtIn.entries.map((e) => e.file);
    expect(new Set(listed).size).toBe(listed.length);
    expect(emlFilesUnder(builtIn.dir)).toEqual([...listed].sort());
  });
});

describe.runIf(extra)('the extra corpus', () => {
  it('names an origin and a licence for each of its files', () => {
    for (const entry of extra!.entries) {
      expect(entry.origin, entry.file).toMatch(/\S/);
      expect(entry.licence, entry.file).toMatch(/\S/);
      expect(existsSync(join(extra!.dir, entry.file)), entry.file).toBe(true);
    }
  });
});

describe.each(cases)('message:get on $key', ({ key, entry }) => {
  const test = entry.knownGap ? it.fails : it;
  const title = entry.knownGap
    ? `still gets it wrong (known gap: ${entry.knownGap})`
    : 'opens it with its subject and body text';
  test(title, async () => {
    const message = await open(key);
    if (entry.subject !== null) expect(message.subject).toBe(entry.subject);
    else expect(message.subject).toMatch(/\S/);
    if (entry.from !== undefined) expect(message.from[0]?.name).toBe(entry.from);

    const shown = [message.body, ...message.attachedMessages.map((m) => m.body)]
      .map(textOf)
      .join('\n');
    if (entry.body.length === 0) expect(message.body).toEqual({ kind: 'empty' });
    for (const snippet of entry.body) expect(shown).toContain(snippet);
    for (const snippet of entry.absent ?? []) expect(shown).not.toContain(snippet);
    if (entry.exact) {
      expect(message.body.kind).toBe('text');
      expect(textOf(message.body).trim()).toBe(entry.body[0]);
    }
    if (entry.html) expect(message.body.kind).toBe('html');
    if (entry.flowed) expect(message.body).toMatchObject({ kind: 'text', flowed: true });

    const names = message.attachments.map((a) => a.filename);
    for (const name of entry.attachments ?? []) expect(names).toContain(name);
    for (const attachment of message.attachments) {
      expect(attachment.filename).toMatch(/\S/);
      expect(['.', '..']).not.toContain(attachment.filename);
      // eslint-disable-next-line no-control-regex -- control characters are exactly what must be absent
      expect(attachment.filename).not.toMatch(/[/\\\u0000-\u001f]/);
      expect(attachment.part).toMatch(/^[1-9][0-9]*(\.[1-9][0-9]*)*$/);
    }
    if (entry.attachedMessages !== undefined) {
      expect(message.attachedMessages).toHaveLength(entry.attachedMessages);
    }
    if (entry.problem) expect(message.problem).toMatch(/\S/);
    else expect(message.problem).toBeNull();
  });
});

describe('a message the part-by-part reader cannot handle', () => {
  it('is logged by UID, without a word of its content', async () => {
    const file = 'malformed/tidings-deeply-nested.eml';
    const uid = appended.get(file)!.uid;
    await open(file);
    // Other malformed messages are logged too: find this one's line by its UID.
    const line = gw.logs.lines.find(
      (l) =>
        l.includes('message structure unreadable') &&
        (JSON.parse(l) as { uid?: number }).uid === uid,
    );
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ uid, stage: 'structure' });
    expect(gw.logs.text).not.toContain('two hundred multiparts');
  });
});

describe('an attached message the server does not parse (message/global, RFC 6532)', () => {
  it('is read from its own bytes: sender, subject and body, and named after its subject', async () => {
    const message = await open('forwarded/tidings-message-global.eml');
    expect(message.attachedMessages).toHaveLength(1);
    const attached = message.attachedMessages[0]!;
    expect(attached).toMatchObject({
      subject: 'Grüße, 世界',
      from: [{ name: 'Jürgen' }],
      to: [{ address: 'reader@example.test' }],
      date: '2024-01-01T08:00:00.000Z',
      body: { kind: 'text' },
    });
    expect(textOf(attached.body)).toContain('ça marche.');
    expect(message.attachments).toMatchObject([
      { part: attached.part, contentType: 'message/global', filename: 'Grüße, 世界.eml' },
    ]);
  });
});
