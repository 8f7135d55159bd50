import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpPath, MessageHttpPath, type MessageWindow } from '@tidings/protocol';
import { createRng, pick } from '@tidings/testkit';
import type { MailWorld, Person } from './compose-harness.ts';
import { signIn } from './harness.ts';
import {
  hasReason,
  LONG,
  NUMBERS,
  OTHERS,
  SEED,
  startHostileAccount,
  STRINGS,
  VALUES_PER_FIELD,
} from './hostile-values.ts';

/**
 * Hostile HTTP requests (hostile-values.ts holds what is thrown): the message URLs with
 * hostile, doubled or repeated parameters, and sign-ins that are not JSON, not a form, or carry
 * what no IMAP login can. Every answer is 2xx or 4xx with a code and a reason in the app's one
 * error shape; the user still signs in. `HOSTILE_SEED=n` replays another barrage.
 */

let world: MailWorld;
let ada: Person;
let inbox: MessageWindow;

beforeAll(async () => {
  ({ world, ada, inbox } = await startHostileAccount());
}, 60_000);

afterAll(async () => {
  await world?.stop();
});

describe('hostile HTTP requests', () => {
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
          if (response.status >= 500 || (response.status >= 400 && !hasReason(body))) {
            failures.push(`${shown}: ${body.slice(0, 200)}`);
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
    // Past the checks: the mail server is asked, and says no. Dovecot refuses these names
    // (outside auth_username_chars) slowly and slows the next sign-ins (dovecot-config.ts),
    // so only two.
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
      if (response.status < 400 || response.status >= 500 || !hasReason(text)) {
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
});
