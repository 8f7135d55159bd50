import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, ErrorCode, Events, MAX_MESSAGE_BYTES, UPLOAD_PATH } from '@tidings/protocol';
import {
  connected,
  openSocket,
  request,
  signIn,
  sleep,
  startTestGateway,
  unwrap,
} from './harness.ts';
import {
  arrived,
  draft,
  person,
  saveDraft,
  send,
  startMailWorld,
  upload,
  uploaded,
  type MailWorld,
  type Person,
} from './compose-harness.ts';

const UPLOAD_LIMIT = 256 * 1024;

let world: MailWorld;
let ada: Person;
let bob: Person;

beforeAll(async () => {
  world = await startMailWorld({ uploadMaxBytes: UPLOAD_LIMIT });
  [ada, bob] = await Promise.all([person(world, 'ada'), person(world, 'bob')]);
});

afterAll(async () => {
  await world?.stop();
});

const refused = (code: ErrorCode, message?: RegExp) => ({
  ok: false,
  error: message ? { code, message: expect.stringMatching(message) as unknown } : { code },
});

async function sentCount(who: Person): Promise<number> {
  return (await who.imap.status('Sent')).messages;
}

describe('bad input is refused before anything is sent', () => {
  it('refuses CR/LF in the subject and in recipients by schema', async () => {
    expect(
      await send(ada.tab, draft({ to: [bob.user.email], subject: 'Hi\r\nBcc: eve@example.test' })),
    ).toMatchObject(refused(ErrorCode.BadRequest, /line breaks/));
    expect(
      await send(ada.tab, draft({ to: [`${bob.user.email}\nBcc: eve@example.test`] })),
    ).toMatchObject(refused(ErrorCode.BadRequest, /line breaks/));
    expect(await send(ada.tab, draft({ to: [bob.user.email], cc: ['a@b.test\r'] }))).toMatchObject(
      refused(ErrorCode.BadRequest),
    );
  });

  it('names an invalid address, and wants at least one recipient', async () => {
    expect(
      await send(ada.tab, draft({ to: [bob.user.email], cc: ['Carol <carol@@example.test>'] })),
    ).toMatchObject(refused(ErrorCode.BadRequest, /"Carol <carol@@example.test>" in Cc/));
    expect(
      await send(ada.tab, draft({ to: ['ada@example.test, bob@example.test'] })),
    ).toMatchObject(refused(ErrorCode.BadRequest, /one per recipient/));
    expect(await send(ada.tab, draft({ to: [] }))).toMatchObject(
      refused(ErrorCode.BadRequest, /at least one recipient/),
    );
  });

  it('refuses HTML nested past any mail (n² to parse) in a send and a draft, and goes on', async () => {
    // 2 MB of open elements: parsed to the end, htmlparser2's n² would hold the gateway for minutes.
    const html = '<div>'.repeat(400_000);
    const before = await sentCount(ada);
    for (const answer of [
      await send(ada.tab, draft({ to: [bob.user.email], html })),
      await saveDraft(ada.tab, draft({ to: [bob.user.email], html })),
    ]) {
      expect(answer).toMatchObject(
        refused(ErrorCode.BadRequest, /nests more than 512 elements inside one another/),
      );
    }
    expect(await sentCount(ada)).toBe(before);
    // The same message with ordinary formatting goes.
    unwrap(
      await send(ada.tab, draft({ to: [bob.user.email], subject: 'Flat', html: '<p>Hi</p>' })),
    );
    await arrived(world, bob.imap, 'Flat');
  });

  it('refuses too many, unknown and too large attachments', async () => {
    const ids = Array.from({ length: 21 }, (_, i) => `id-${i}`);
    expect(await send(ada.tab, draft({ to: [bob.user.email], attachments: ids }))).toMatchObject(
      refused(ErrorCode.BadRequest, /attachments/),
    );
    expect(
      await send(ada.tab, draft({ to: [bob.user.email], attachments: ['not-an-upload'] })),
    ).toMatchObject(refused(ErrorCode.BadRequest, /attach the file again/));
    // Another session's upload is not this session's to send.
    const other = await signIn(world.gw, ada.user.email, ada.user.password);
    const theirs = await uploaded(world.gw, other, Buffer.from('x'), 'x.txt');
    expect(
      await send(ada.tab, draft({ to: [bob.user.email], attachments: [theirs.id] })),
    ).toMatchObject(refused(ErrorCode.BadRequest, /attach the file again/));
  });

  it('refuses attachments that add up to more than a message may carry', async () => {
    const gw = await startTestGateway(world.dovecot, {
      smtp: { host: world.postfix.host, port: world.postfix.smtpPort, security: 'none' },
    });
    try {
      const session = await signIn(gw, ada.user.email, ada.user.password);
      const socket = openSocket(gw, session.cookie);
      await connected(socket);
      const half = Buffer.alloc(Math.ceil(MAX_MESSAGE_BYTES / 2) + 1024);
      const files = [
        await uploaded(gw, session, half, 'part1.bin'),
        await uploaded(gw, session, half, 'part2.bin'),
      ];
      const before = await sentCount(ada);
      const answer = await request(socket, Events.MessageSend, {
        draft: draft({ to: [bob.user.email], attachments: files.map((f) => f.id) }),
      });
      expect(answer).toMatchObject(
        refused(ErrorCode.BadRequest, /add up to 35\.\d MB.*at most 35 MB/),
      );
      expect(await sentCount(ada)).toBe(before);
      socket.disconnect();
    } finally {
      await gw.close();
    }
  });
});

describe('uploads over HTTP', () => {
  it('answers 413 with a clear error past the limit, declared or streamed, keeping nothing', async () => {
    const declared = await upload(world.gw, ada.session, Buffer.alloc(UPLOAD_LIMIT + 1), 'big.iso');
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({
      error: {
        code: ErrorCode.BadRequest,
        message: '"big.iso" is larger than the limit of 0.3 MB per attachment.',
      },
    });
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 4 * UPLOAD_LIMIT) return controller.close();
        sent += 16 * 1024;
        controller.enqueue(new Uint8Array(16 * 1024));
      },
    });
    const streamed = await upload(world.gw, ada.session, stream, 'stream.bin');
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as { error: { message: string } }).error.message).toMatch(
      /stream\.bin.*larger than the limit/,
    );
    // The gateway is still fine.
    expect(
      (await uploaded(world.gw, ada.session, Buffer.alloc(UPLOAD_LIMIT), 'fits.bin')).size,
    ).toBe(UPLOAD_LIMIT);
  });

  it('survives a browser that stops mid-upload', async () => {
    const stopped = new AbortController();
    let chunks = 0;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (++chunks === 4) stopped.abort();
        await sleep(10);
        controller.enqueue(new Uint8Array(8 * 1024));
      },
    });
    const res = fetch(new URL(UPLOAD_PATH, world.gw.url), {
      method: 'POST',
      headers: {
        origin: world.gw.origin,
        cookie: ada.session.cookie,
        [CSRF_HEADER]: ada.session.csrfToken,
      },
      body: stream,
      duplex: 'half',
      signal: stopped.signal,
    } as RequestInit);
    await expect(res).rejects.toThrow(/abort/i);
    for (let i = 0; i < 50 && !world.gw.logs.text.includes('upload abandoned'); i++)
      await sleep(20);
    expect(world.gw.logs.text).toContain('upload abandoned by the browser');
    expect((await uploaded(world.gw, ada.session, Buffer.from('ok'), 'after.txt')).size).toBe(2);
  });

  it('is CSRF-proof and needs a session', async () => {
    const body = Buffer.from('x');
    expect(
      (await upload(world.gw, ada.session, body, 'a', { [CSRF_HEADER]: 'forged' })).status,
    ).toBe(403);
    expect(
      (await upload(world.gw, ada.session, body, 'a', { origin: 'http://evil.test' })).status,
    ).toBe(403);
    expect(
      (await upload(world.gw, { cookie: 'tidings_sid=nope', csrfToken: 'x' }, body, 'a')).status,
    ).toBe(401);
  });
});

describe('when the SMTP server says no', () => {
  it('reports a refused recipient domain with the server reply, and files nothing in Sent', async () => {
    const before = await sentCount(ada);
    expect(await send(ada.tab, draft({ to: ['someone@elsewhere.example'] }))).toMatchObject(
      refused(
        ErrorCode.CommandFailed,
        /someone@elsewhere\.example.*Relay access denied.*Nothing was sent/,
      ),
    );
    expect(await sentCount(ada)).toBe(before);
  });

  it('names who did not get it when only some recipients are refused', async () => {
    const before = await sentCount(ada);
    const answer = await send(
      ada.tab,
      draft({ to: [bob.user.email, 'someone@elsewhere.example'], subject: 'Half way' }),
    );
    expect(answer).toMatchObject(
      refused(
        ErrorCode.CommandFailed,
        new RegExp(`Sent to ${bob.user.email}, but .*someone@elsewhere`),
      ),
    );
    await arrived(world, bob.imap, 'Half way');
    expect(await sentCount(ada)).toBe(before + 1);
  });

  it('reports a refused sign-in with the server reply', async () => {
    const carol = await person(world, 'carol');
    await world.dovecot.addUser({ ...carol.user, password: 'changed-elsewhere' });
    expect(await send(carol.tab, draft({ to: [bob.user.email] }))).toMatchObject(
      refused(ErrorCode.CommandFailed, /did not accept your sign-in: 535 .*Nothing was sent/),
    );
    expect(await sentCount(carol)).toBe(0);
  });

  it('reports an unreachable server, and the gateway carries on', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const gw = await startTestGateway(world.dovecot, {
      smtp: { host: '127.0.0.1', port: closed, security: 'none' },
    });
    try {
      const { cookie } = await signIn(gw, ada.user.email, ada.user.password);
      const socket = openSocket(gw, cookie);
      await connected(socket);
      const before = await sentCount(ada);
      const answer = await request(socket, Events.MessageSend, {
        draft: draft({ to: [bob.user.email] }),
      });
      expect(answer).toMatchObject(
        refused(
          ErrorCode.ImapUnavailable,
          new RegExp(`127\\.0\\.0\\.1:${closed}.*could not be reached.*ECONNREFUSED`),
        ),
      );
      expect(await sentCount(ada)).toBe(before);
      expect(
        unwrap(await request(socket, Events.MailboxList, {})).mailboxes.length,
      ).toBeGreaterThan(0);
      socket.disconnect();
    } finally {
      await gw.close();
    }
    expect(world.gw.logs.text).not.toContain(ada.user.password);
  });
});
