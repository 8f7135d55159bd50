import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, ErrorCode, Events, HttpPath, PROTOCOL_VERSION } from '@tidings/protocol';
import { startDovecot, type Dovecot } from '@tidings/testkit';
import {
  connected,
  openSocket,
  request,
  signIn,
  startTestGateway,
  unwrap,
  type ClientSocket,
  type TestGateway,
} from './harness.ts';
import { accountIdFor } from '../src/http/session-routes.ts';

/** Signing in over HTTP and being let in over socket.io: who gets a session, who a socket. */

const alice = { email: 'alice@example.test', password: 'alice-secret-Pa55' };

let dovecot: Dovecot;
let gw: TestGateway;
const sockets: ClientSocket[] = [];

function track(socket: ClientSocket): ClientSocket {
  sockets.push(socket);
  return socket;
}

beforeAll(async () => {
  dovecot = await startDovecot({ users: [alice] });
  gw = await startTestGateway(dovecot);
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await gw?.close();
  await dovecot?.stop();
});

describe('sign-in over HTTP', () => {
  it('refuses a wrong password with 401 and a clear message', async () => {
    const res = await fetch(new URL(HttpPath.Session, gw.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: gw.origin },
      body: JSON.stringify({ email: alice.email, password: 'wrong' }),
    });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(ErrorCode.AuthenticationFailed);
    expect(body.error.message).toMatch(/wrong email or password/i);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('checks the password with the idle connection, and a wrong one leaves nothing behind', async () => {
    const carol = { email: 'carol@example.test', password: 'carol-secret-Pa55' };
    await dovecot.addUser(carol);
    const accountId = accountIdFor(carol.email);
    const { cookie } = await signIn(gw, carol.email, carol.password);
    // Sign-in started the account's session: its idle connection was the credential check.
    const session = gw.gateway.accounts.get(accountId);
    expect(session).toBeDefined();
    await gw.gateway.accounts.close(accountId); // as after the grace period, tab closed

    const post = (password: string) =>
      fetch(new URL(HttpPath.Session, gw.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: gw.origin },
        body: JSON.stringify({ email: carol.email, password }),
      });
    const logged = gw.logs.lines.length;
    expect((await post('wrong')).status).toBe(401);
    // No half-started session, and a stranger's wrong password ends nobody's session.
    expect(gw.gateway.accounts.get(accountId)).toBeUndefined();
    // Nor a retry: the refused login stopped its connection (not "closed; reconnecting").
    const since = gw.logs.lines.slice(logged).join('');
    expect(since).toContain('sign-in rejected by the mail server');
    expect(since).not.toContain('reconnecting');
    const still = await fetch(new URL(HttpPath.Session, gw.url), { headers: { cookie } });
    expect(still.status).toBe(200);

    // With a session running, a wrong password is checked on its own and replaces nothing.
    expect((await post(carol.password)).status).toBe(200);
    const running = gw.gateway.accounts.get(accountId);
    expect(running).toBeDefined();
    expect((await post('wrong again')).status).toBe(401);
    expect(gw.gateway.accounts.get(accountId)).toBe(running);
    const socket = openSocket(gw, cookie);
    sockets.push(socket);
    await connected(socket);
    expect(unwrap(await request(socket, Events.MailboxOpen, { mailbox: 'INBOX' })).total).toBe(0);
  });

  it('answers 502 when the IMAP server cannot be reached', async () => {
    const unreachable = await startTestGateway({ host: '127.0.0.1', imapPort: 1 });
    try {
      const res = await fetch(new URL(HttpPath.Session, unreachable.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: unreachable.origin },
        body: JSON.stringify(alice),
      });
      expect(res.status).toBe(502);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(ErrorCode.ImapUnavailable);
      expect(body.error.message).toMatch(/could not be reached/);
    } finally {
      await unreachable.close();
    }
  });

  it('is CSRF-proof: no foreign origin, no form posts, no sign-out without the token', async () => {
    const post = (headers: Record<string, string>, body: string) =>
      fetch(new URL(HttpPath.Session, gw.url), { method: 'POST', headers, body });
    expect(
      (
        await post(
          { 'content-type': 'application/json', origin: 'http://evil.test' },
          JSON.stringify(alice),
        )
      ).status,
    ).toBe(403);
    expect(
      (await post({ 'content-type': 'text/plain', origin: gw.origin }, JSON.stringify(alice)))
        .status,
    ).toBe(415);
    expect(
      (await post({ 'content-type': 'application/x-www-form-urlencoded' }, 'email=a&password=b'))
        .status,
    ).toBe(415);
    expect((await post({ 'content-type': 'application/json' }, '{not json')).status).toBe(400);

    const session = await signIn(gw, alice.email, alice.password);
    const del = (headers: Record<string, string>) =>
      fetch(new URL(HttpPath.Session, gw.url), {
        method: 'DELETE',
        headers: { cookie: session.cookie, ...headers },
      });
    expect((await del({})).status).toBe(403);
    expect((await del({ [CSRF_HEADER]: 'forged' })).status).toBe(403);
    expect(
      (await del({ [CSRF_HEADER]: session.csrfToken, origin: 'http://evil.test' })).status,
    ).toBe(403);
    const me = await fetch(new URL(HttpPath.Session, gw.url), {
      headers: { cookie: session.cookie },
    });
    expect(me.status).toBe(200);
  });

  it('sets an httpOnly SameSite=Strict cookie and never echoes the password', async () => {
    const res = await fetch(new URL(HttpPath.Session, gw.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: gw.origin },
      body: JSON.stringify(alice),
    });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(await res.text()).not.toContain(alice.password);
  });
});

describe('socket admission', () => {
  it('refuses a socket without a session', async () => {
    const socket = track(openSocket(gw, null));
    const error = await connected(socket).then(
      () => null,
      (e: Error & { data?: { code: string } }) => e,
    );
    expect(error?.data?.code).toBe(ErrorCode.Unauthenticated);
  });

  it('refuses a forged session cookie and a wrong protocol version', async () => {
    const forged = track(openSocket(gw, 'tidings_sid=forged'));
    await expect(connected(forged)).rejects.toMatchObject({
      data: { code: ErrorCode.Unauthenticated },
    });
    const { cookie } = await signIn(gw, alice.email, alice.password);
    const old = track(openSocket(gw, cookie, { protocolVersion: PROTOCOL_VERSION + 1 }));
    await expect(connected(old)).rejects.toMatchObject({
      data: { code: ErrorCode.ProtocolMismatch },
    });
  });
});

describe('the log', () => {
  it('never gets a password, right or wrong', () => {
    expect(gw.logs.text.length).toBeGreaterThan(0);
    expect(gw.logs.text).not.toContain(alice.password);
    expect(gw.logs.text).not.toContain('carol-secret-Pa55');
  });
});
