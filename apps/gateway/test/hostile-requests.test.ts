import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ErrorCode,
  Events,
  HttpPath,
  MessageHttpPath,
  type ClientToServerEvents,
  type MessageWindow,
} from '@tidings/protocol';
import { buildMessage, createRng, pick } from '@tidings/testkit';
import { request, signIn, sleep, unwrap, type ClientSocket } from './harness.ts';
import {
  messagesIn,
  person,
  startMailWorld,
  type MailWorld,
  type Person,
} from './compose-harness.ts';

/**
 * A seeded barrage of hostile requests at everything a browser can send the gateway: every
 * socket event, the message URLs, the sign-in and odd socket frames. Each field of a valid
 * request is replaced by values of the wrong type, out of range, or built to break an IMAP
 * command (CRLF, NUL, literals, wildcards, quotes); some payloads are not requests at all.
 * Every request is answered with a result or a typed error and a reason, never the catch-all
 * INTERNAL or a 5xx; the gateway keeps serving, and no message of the account is lost.
 * `HOSTILE_SEED=n` replays another barrage; a failure names the seed and the payload.
 */
const SEED = Number(process.env.HOSTILE_SEED ?? 20_261_206);
/** Hostile values tried per field of each request. */
const VALUES_PER_FIELD = 6;
/** An answer slower than this means the gateway never answered. */
const ANSWER_TIMEOUT_MS = 20_000;
/** Of the values put in a text or number field, this share is text or numbers again. */
const SAME_TYPE_SHARE = 0.7;
const SUBJECTS = ['Quarterly numbers', 'Lunch on Friday?', 'Re: the plan'];
/** Folders that exist, with names that need quoting, escaping or modified UTF-7 on the wire. */
const ODD_FOLDERS = ['Odd "quoted" \\ name', 'Ünïcødé & Co/Sub', '[Gmail]', 'a%b*c'];
const FOLDERS = ['INBOX', 'Sent', 'Drafts', 'Trash', 'Junk', 'Archive', ...ODD_FOLDERS];

type EventName = keyof ClientToServerEvents;
type Answer = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };

const LONG = 'x'.repeat(1_100);
const STRINGS = [
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
const NUMBERS = [0, -1, 1.5, 2 ** 32, 2 ** 53 + 2, 1e308, -0, 4_294_967_295];
const OTHERS: unknown[] = [
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
const WHOLE_PAYLOADS: unknown[] = [
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
function fieldPaths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return prefix.length ? [prefix] : [];
  if (Array.isArray(value)) return [prefix, ...fieldPaths(value[0], [...prefix, '0'])];
  const paths = prefix.length ? [prefix] : [];
  for (const [key, inner] of Object.entries(value))
    paths.push(...fieldPaths(inner, [...prefix, key]));
  return paths;
}

function fieldAt(value: unknown, path: string[]): unknown {
  return path.reduce((inner, key) => (inner as Record<string, unknown>)[key], value);
}

function withField(value: unknown, path: string[], replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  let target = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[path.at(-1)!] = replacement;
  return copy;
}

let world: MailWorld;
let ada: Person;
let inbox: MessageWindow;

beforeAll(async () => {
  world = await startMailWorld();
  ada = await person(world, 'hostile');
  for (const folder of ODD_FOLDERS) await ada.imap.createMailbox(folder);
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
  inbox = unwrap(await request(ada.tab.socket, Events.MailboxOpen, { mailbox: 'INBOX' }));
}, 60_000);

afterAll(async () => {
  await world?.stop();
});

/** Valid requests, one per event, that every hostile one starts from. */
function validRequests(): Record<EventName, unknown> {
  const mailbox = 'INBOX';
  const { uidValidity } = inbox;
  const uid = inbox.messages[0]!.uid;
  const ref = { mailbox, uidValidity, uid };
  const draft = { to: [ada.user.email], subject: 'Fuzz', text: 'Hello.' };
  return {
    'mailbox:list': {},
    'mailbox:open': { mailbox, limit: 10 },
    'message:list': { mailbox, uidValidity, offset: 0, limit: 10 },
    // Flags only that the check below does not depend on; \Deleted is refused by the schema's
    // refinements or harmless without an EXPUNGE.
    'message:setFlags': { mailbox, uidValidity, uids: [uid], add: ['$Fuzz'], remove: ['$Other'] },
    'message:move': { mailbox, uidValidity, uids: [uid], destination: 'Archive' },
    'message:get': ref,
    'message:threads': { mailbox, uidValidity, offset: 0, limit: 10, source: 'headers' },
    // Without `permanently`: its hostile values include true, and a message deleted for good
    // on request is not one the gateway lost. Deleting moves it to Trash, where it is found.
    'message:delete': { mailbox, uidValidity, uids: [uid] },
    'message:archive': { mailbox, uidValidity, uids: [uid] },
    'action:undo': { token: 'not-a-token' },
    'message:search': { mailbox, query: { subject: 'Lunch', since: '2020-01-01' }, limit: 5 },
    'search:close': { searchId: 'nothing' },
    'message:send': { draft },
    'draft:save': { draft },
    'draft:open': ref,
    'mailbox:refresh': {},
  };
}

function hostileRequests(): { event: EventName; payload: unknown }[] {
  const next = createRng(SEED);
  const pool = [...STRINGS, ...NUMBERS, ...OTHERS];
  const hostileFor = (current: unknown) => {
    const sameType =
      typeof current === 'string' ? STRINGS : typeof current === 'number' ? NUMBERS : pool;
    return pick(next, next() < SAME_TYPE_SHARE ? sameType : pool);
  };
  const requests: { event: EventName; payload: unknown }[] = [];
  for (const [event, valid] of Object.entries(validRequests()) as [EventName, unknown][]) {
    for (const payload of WHOLE_PAYLOADS) requests.push({ event, payload });
    requests.push({ event, payload: { ...(valid as object), extra: 'field' } });
    for (const path of fieldPaths(valid)) {
      for (let i = 0; i < VALUES_PER_FIELD; i++) {
        const value = hostileFor(fieldAt(valid, path));
        requests.push({ event, payload: withField(valid, path, value) });
      }
    }
  }
  return requests;
}

/** Sends one request and waits for its answer, waiting out the per-socket rate limit. */
async function answer(socket: ClientSocket, event: EventName, payload: unknown): Promise<Answer> {
  for (;;) {
    const answered = await new Promise<Answer | 'timeout'>((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), ANSWER_TIMEOUT_MS);
      (socket.emit as (e: string, p: unknown, ack: (r: Answer) => void) => void)(
        event,
        payload,
        (res) => {
          clearTimeout(timer);
          resolve(res);
        },
      );
    });
    if (answered === 'timeout') throw new Error('no answer');
    if (answered.ok || answered.error.code !== ErrorCode.RateLimited) return answered;
    await sleep(1_000);
  }
}

/** Subject → how many copies the account holds, over the folders a user has. */
async function subjectsOnServer(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const folder of FOLDERS) {
    for (const message of await messagesIn(ada.imap, folder).catch(() => [])) {
      const subject = message.parsed.subject ?? '';
      counts.set(subject, (counts.get(subject) ?? 0) + 1);
    }
  }
  return counts;
}

describe('hostile requests', () => {
  it('every one is answered with a result or a typed error, and nothing is lost', async () => {
    const requests = hostileRequests();
    const known = new Set<string>(Object.values(ErrorCode));
    const failures: string[] = [];
    const codes = new Map<string, number>();
    for (const { event, payload } of requests) {
      const shown = `${event} ${JSON.stringify(payload)?.slice(0, 200)}`;
      let result: Answer;
      try {
        result = await answer(ada.tab.socket, event, payload);
      } catch {
        failures.push(`no answer: ${shown}`);
        continue;
      }
      const code = result.ok ? 'ok' : result.error.code;
      codes.set(code, (codes.get(code) ?? 0) + 1);
      if (result.ok) continue;
      if (!known.has(code) || code === ErrorCode.Internal || !result.error.message) {
        failures.push(`${code} "${result.error.message}": ${shown}`);
      }
    }
    const gatewaySaid = world.gw.logs.lines.filter((line) => line.includes('request failed'));
    expect(
      failures,
      `seed ${SEED}: ${failures.length} of ${requests.length}\n${gatewaySaid.join('')}`,
    ).toEqual([]);
    // The barrage reached past the schemas: some requests ran, and the schemas refused many.
    expect(codes.get('ok') ?? 0).toBeGreaterThan(16);
    expect(codes.get(ErrorCode.BadRequest) ?? 0).toBeGreaterThan(requests.length / 2);
    console.log(
      JSON.stringify({
        hostileRequests: requests.length,
        seed: SEED,
        answers: Object.fromEntries(codes),
      }),
    );

    // Still serving, and every message the account had is still somewhere a user finds it
    // (moved, archived or in Trash: what the barrage's valid requests could do).
    const reopened = unwrap(
      await request(ada.tab.socket, Events.MailboxOpen, { mailbox: 'INBOX' }),
    );
    expect(reopened.uidValidity).toBe(inbox.uidValidity);
    const onServer = await subjectsOnServer();
    for (const subject of SUBJECTS) expect(onServer.get(subject) ?? 0, subject).toBeGreaterThan(0);
  }, 240_000);

  it('the same requests sent all at once, from two tabs, are all answered', async () => {
    // Concurrency: requests for different folders, moves and reads interleave on the account's
    // one command connection (imapflow's mailbox lock). None may wait forever or fail INTERNAL.
    const requests = hostileRequests();
    const tabs = [ada.tab.socket, (await ada.openTab()).socket];
    const failures: string[] = [];
    const started = performance.now();
    await Promise.all(
      requests.map(async ({ event, payload }, index) => {
        const shown = `${event} ${JSON.stringify(payload)?.slice(0, 200)}`;
        try {
          const result = await answer(tabs[index % tabs.length]!, event, payload);
          if (!result.ok && result.error.code === ErrorCode.Internal) {
            failures.push(`INTERNAL "${result.error.message}": ${shown}`);
          }
        } catch {
          failures.push(`no answer: ${shown}`);
        }
      }),
    );
    expect(failures, `seed ${SEED}`).toEqual([]);
    console.log(
      JSON.stringify({ concurrent: requests.length, ms: Math.round(performance.now() - started) }),
    );
    const reopened = unwrap(
      await request(ada.tab.socket, Events.MailboxOpen, { mailbox: 'INBOX' }),
    );
    expect(reopened.uidValidity).toBe(inbox.uidValidity);
  }, 240_000);

  it('every message URL with hostile parameters is answered 2xx or 4xx with a reason', async () => {
    const next = createRng(SEED + 1);
    const message = {
      mailbox: 'INBOX',
      uidValidity: String(inbox.uidValidity),
      uid: String(inbox.messages.at(-1)!.uid),
    };
    const routes: [string, Record<string, string>][] = [
      [MessageHttpPath.Source, message],
      [MessageHttpPath.Attachment, { ...message, part: '1' }],
      [MessageHttpPath.InlineImage, { ...message, cid: 'logo@example.test' }],
    ];
    const values = [...STRINGS, ...NUMBERS.map(String), '1e3', '0x10', '+1', ' 1', '1 ', '%00'];
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (const [path, valid] of routes) {
      for (const name of Object.keys(valid)) {
        for (let i = 0; i < VALUES_PER_FIELD; i++) {
          // Mostly one parameter changed; sometimes it comes twice, or is left as it was.
          const params = new URLSearchParams(valid);
          const roll = next();
          if (roll < 0.6) params.set(name, pick(next, values));
          else if (roll < 0.8) params.append(name, pick(next, values));
          const response = await fetch(new URL(`${path}?${params}`, world.gw.url), {
            headers: { cookie: ada.session.cookie },
          });
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          const body = await response.text();
          const shown = `${response.status} ${path}?${params}`.slice(0, 300);
          if (response.status >= 500) failures.push(`${shown}: ${body.slice(0, 200)}`);
          else if (response.status >= 400) {
            const error = (JSON.parse(body) as { error?: { code?: string; message?: string } })
              .error;
            if (!error?.code || !error.message) failures.push(`${shown}: no reason in ${body}`);
          }
        }
      }
    }
    expect(failures, `seed ${SEED + 1}`).toEqual([]);
    console.log(JSON.stringify({ hostileUrls: Object.fromEntries(statuses), seed: SEED + 1 }));
    // Past the parameter checks too: some were served, some looked for what is not there.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(404) ?? 0).toBeGreaterThan(0);
    // And a plain request still gets its message.
    const [uid] = await ada.imap.uids('INBOX');
    const plain = new URLSearchParams({ ...message, uid: String(uid) });
    const source = await fetch(new URL(`${MessageHttpPath.Source}?${plain}`, world.gw.url), {
      headers: { cookie: ada.session.cookie },
    });
    expect(source.status).toBe(200);
  }, 120_000);

  it('every hostile sign-in is answered 4xx with a reason, and the user still signs in', async () => {
    const next = createRng(SEED + 2);
    // Refused by the form's checks, before the mail server is asked.
    const bodies: string[] = ['', 'null', '[]', '"x"', '{', '{"email":', LONG];
    const refused = [...OTHERS.filter((value) => typeof value !== 'string'), '', 'x'.repeat(1_025)];
    for (let i = 0; i < 30; i++) {
      const login: Record<string, unknown> = { email: ada.user.email, password: 'pw' };
      login[pick(next, ['email', 'password'])] = pick(next, refused);
      if (next() < 0.2) login.extra = true;
      bodies.push(JSON.stringify(login));
    }
    // Characters no sign-in can carry: refused with a reason, never sent.
    for (const login of [
      { email: 'a\u0000b@example.test', password: 'x' },
      { email: ada.user.email, password: 'p\r\nA1 LOGOUT' },
      { email: ada.user.email, password: `${ada.user.password}\u0000` },
    ]) {
      bodies.push(JSON.stringify(login));
    }
    // Past the checks: the mail server is asked, and says no. Dovecot makes every failed
    // sign-in from one address wait longer (2, 4, 8, then 15 s), so only two.
    for (const login of [
      { email: 'x"y\\z@example.test', password: 'p"q\\' },
      { email: 'jürgen@bücher.example.test', password: '😀 ß' },
    ]) {
      bodies.push(JSON.stringify(login));
    }
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (const body of bodies) {
      const response = await fetch(new URL(HttpPath.Session, world.gw.url), {
        method: 'POST',
        headers: { origin: world.gw.origin, 'content-type': 'application/json' },
        body,
      });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const text = await response.text();
      const error = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
      if (response.status < 400 || response.status >= 500 || !error?.code || !error.message) {
        failures.push(`${response.status} ${text.slice(0, 200)}: ${body.slice(0, 200)}`);
      }
    }
    expect(failures, `seed ${SEED + 2}`).toEqual([]);
    console.log(JSON.stringify({ hostileSignIns: Object.fromEntries(statuses), seed: SEED + 2 }));
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(401)).toBe(2);
    const again = await signIn(world.gw, ada.user.email, ada.user.password);
    expect(again.csrfToken).toMatch(/\S/);
  }, 120_000);

  it('odd frames are ignored or end only their own socket; the account goes on', async () => {
    const tab = await ada.openTab();
    const raw = tab.socket as unknown as {
      emit(...args: unknown[]): void;
      io: { engine: { on(event: 'close', listener: (reason: string) => void): void } };
    };
    // Unknown events, requests without an answer callback, binary payloads, extra arguments:
    // ignored, or answered BAD_REQUEST where an answer is asked for.
    raw.emit('no:such:event', { mailbox: 'INBOX' }, () => undefined);
    raw.emit(Events.MailboxOpen, { mailbox: 'INBOX' });
    raw.emit(Events.MailboxList, Buffer.from('binary'), 'extra', 42);
    const binary = await answer(tab.socket, Events.MailboxOpen, Buffer.alloc(64, 1));
    expect(binary).toMatchObject({ ok: false, error: { code: ErrorCode.BadRequest } });
    const listed = unwrap(await request(tab.socket, Events.MailboxList, {}));
    expect(listed.mailboxes.map((m) => m.path)).toContain('INBOX');

    // A frame over the gateway's limit closes that socket only (socket.io's maxHttpBufferSize).
    const closed = new Promise<string>((resolve) => raw.io.engine.on('close', resolve));
    raw.emit(Events.MessageSearch, {
      mailbox: 'INBOX',
      query: { text: 'x'.repeat(17 * 1024 * 1024) },
    });
    expect(await closed).toMatch(/close|error/);
    const after = unwrap(await request(ada.tab.socket, Events.MailboxList, {}));
    expect(after.mailboxes.map((m) => m.path)).toContain('INBOX');
  }, 60_000);
});
