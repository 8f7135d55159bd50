import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
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

/** One message of packages/testkit/corpus, with what the reader must show of it. */
interface CorpusEntry {
  file: string;
  origin: string;
  licence: string;
  /** Exact decoded subject; null where the message's own subject is undecodable bytes. */
  subject: string | null;
  /** Each must appear in the body or an attached message's body; [] means no body at all. */
  body: string[];
  /** A charset case: the body is exactly `body[0]`. */
  exact?: boolean;
  charset?: string;
  attachments?: string[];
  attachedMessages?: number;
  flowed?: boolean;
  html?: boolean;
  /** The message is broken enough that the reader says so. */
  problem?: boolean;
}

const corpusDir = join(
  dirname(createRequire(import.meta.url).resolve('@tidings/testkit')),
  '..',
  'corpus',
);
const corpus = JSON.parse(readFileSync(join(corpusDir, 'manifest.json'), 'utf8')) as CorpusEntry[];
const alice = { email: 'alice@example.test', password: 'alice-corpus-Pa55' };

let dovecot: Dovecot;
let gw: TestGateway;
let socket: ClientSocket;
const appended = new Map<string, { uid: number; uidValidity: number }>();

beforeAll(async () => {
  dovecot = await startDovecot({ users: [alice] });
  const phone = await MailClient.connect(dovecot, alice);
  for (const entry of corpus) {
    appended.set(
      entry.file,
      await phone.append('INBOX', readFileSync(join(corpusDir, entry.file))),
    );
  }
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

async function open(file: string): Promise<MessageDetail> {
  const ref = appended.get(file)!;
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

describe('the corpus', () => {
  it('covers every case it claims, with an origin and a licence for each file', () => {
    const categories = new Set(corpus.map((e) => e.file.split('/')[0]));
    expect([...categories].sort()).toEqual(
      [
        'charset',
        'encoding',
        'flowed',
        'forwarded',
        'headers',
        'hostile',
        'malformed',
        'structure',
      ].sort(),
    );
    const charsets = corpus.filter((e) => e.exact).map((e) => e.charset);
    for (const required of [
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
    ]) {
      expect(charsets).toContain(required);
    }
    for (const entry of corpus) {
      expect(entry.origin, entry.file).toMatch(/\S/);
      expect(['MIT', 'MIT-0', 'BSD-2-Clause'], entry.file).toContain(entry.licence);
    }
  });
});

describe.each(corpus)('message:get on $file', (entry) => {
  it('opens it with its subject and body text', async () => {
    const message = await open(entry.file);
    if (entry.subject !== null) expect(message.subject).toBe(entry.subject);
    else expect(message.subject).toMatch(/\S/);

    const shown = [message.body, ...message.attachedMessages.map((m) => m.body)]
      .map(textOf)
      .join('\n');
    if (entry.body.length === 0) expect(message.body).toEqual({ kind: 'empty' });
    for (const snippet of entry.body) expect(shown).toContain(snippet);
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
    await open(file);
    const line = gw.logs.lines.find((l) => l.includes('message structure unreadable'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ uid: appended.get(file)!.uid, stage: 'structure' });
    expect(gw.logs.text).not.toContain('two hundred multiparts');
  });
});
