import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ErrorCode,
  Events,
  type Ack,
  type ClientToServerEvents,
  type MessageWindow,
} from '@tidings/protocol';
import { createRng, pick } from '@tidings/testkit';
import { messagesIn, type MailWorld, type Person } from './compose-harness.ts';
import { request, sleep, unwrap, type ClientSocket } from './harness.ts';
import {
  fieldAt,
  fieldPaths,
  NUMBERS,
  OTHERS,
  SCRATCH_FOLDER,
  SEED,
  startHostileAccount,
  STRINGS,
  SUBJECTS,
  VALUES_PER_FIELD,
  WHOLE_PAYLOADS,
  withField,
} from './hostile-values.ts';

/**
 * A seeded barrage of hostile requests at every socket event (hostile-values.ts holds what is
 * thrown). Each field of a valid request is replaced by values of the wrong type, out of range,
 * or built to break an IMAP command (CRLF, NUL, literals, wildcards, quotes); some payloads are
 * not requests at all; odd frames come too. Every request is answered with a result or a typed
 * error and a reason, never the catch-all INTERNAL; the gateway keeps serving, and no message
 * of the account is lost. `HOSTILE_SEED=n` replays another barrage; a failure names the seed.
 */

/** An answer slower than this means the gateway never answered. */
const ANSWER_TIMEOUT_MS = 20_000;
/** Of the values put in a text or number field, this share is text or numbers again. */
const SAME_TYPE_SHARE = 0.7;

type EventName = keyof ClientToServerEvents;
type Answer = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };

let world: MailWorld;
let ada: Person;
let inbox: MessageWindow;

beforeAll(async () => {
  ({ world, ada, inbox } = await startHostileAccount());
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
    'mailbox:open': { mailbox, limit: 10, sort: { by: 'date', reverse: true } },
    'message:list': {
      mailbox,
      uidValidity,
      offset: 0,
      limit: 10,
      sort: { by: 'from', reverse: false },
    },
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
    'search:everywhere': { query: { subject: 'Lunch' }, limit: 5 },
    'message:send': { draft },
    'draft:save': { draft },
    'draft:open': ref,
    'attachments:copy': { ...ref, parts: ['2'] },
    'attachments:release': { ids: ['not-an-upload'] },
    'mailbox:refresh': {},
    // Folders the barrage creates, renames or deletes: a deleted one's messages go to Trash.
    'mailbox:create': { parent: 'Archive', name: 'Fuzzed' },
    'mailbox:rename': { mailbox: SCRATCH_FOLDER, name: 'Scratched', parent: 'Archive' },
    'mailbox:delete': { mailbox: SCRATCH_FOLDER },
    // Junk, which holds nothing here: emptying Trash would delete for good, on request, what
    // the barrage moved there, which the check below would count as lost (no hostile string
    // names Trash).
    'mailbox:empty': { mailbox: 'Junk' },
    'mailbox:markRead': { mailbox },
    'mailbox:uids': { mailbox },
    'recipient:suggest': { query: 'ad', limit: 5 },
    'message:unsubscribe': ref,
    'message:rsvp': { ...ref, answer: 'ACCEPTED' },
    'quota:get': {},
    'vacation:get': {},
    'vacation:set': {
      settings: { enabled: true, subject: 'Away', message: 'Back soon.', until: '2030-01-31' },
    },
    'filters:get': {},
    // To Junk, where the lost-mail check finds what it moves.
    'filters:apply': {
      rule: { field: 'subject', test: 'contains', value: 'e', moveTo: 'Junk', markRead: true },
    },
    'filters:set': {
      rules: [
        { field: 'from', test: 'contains', value: 'news', moveTo: 'Archive', markRead: true },
      ],
    },
    // Junk moves the message where the lost-mail check finds it (Junk or INBOX).
    'message:junk': { mailbox, uidValidity, uids: [uid], junk: true },
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

/** Subject → how many copies the account holds, over every folder it has now. */
async function subjectsOnServer(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const folder of await ada.imap.folders()) {
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
    // (moved, archived, in Trash, in a renamed folder: what the barrage's valid requests do).
    // Waits out the per-socket rate limit the barrage ran into.
    const reopened = unwrap(
      (await answer(ada.tab.socket, Events.MailboxOpen, {
        mailbox: 'INBOX',
      })) as Ack<MessageWindow>,
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
    // Waits out the per-socket rate limit the barrage ran into.
    const reopened = unwrap(
      (await answer(ada.tab.socket, Events.MailboxOpen, {
        mailbox: 'INBOX',
      })) as Ack<MessageWindow>,
    );
    expect(reopened.uidValidity).toBe(inbox.uidValidity);
  }, 240_000);

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
    // answer(): the barrage before may have spent this second's requests of the account's tab.
    const after = await answer(ada.tab.socket, Events.MailboxList, {});
    expect(after).toMatchObject({ ok: true });
    const { mailboxes } = (after as { data: { mailboxes: { path: string }[] } }).data;
    expect(mailboxes.map((m) => m.path)).toContain('INBOX');
  }, 60_000);
});
