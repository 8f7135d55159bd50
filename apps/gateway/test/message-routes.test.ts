import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, Events, MessageHttpPath, type MessageDetail } from '@tidings/protocol';
import { buildMessage, MailClient, startDovecot, type Dovecot } from '@tidings/testkit';
import {
  connected,
  openSocket,
  request,
  signIn,
  startTestGateway,
  unwrap,
  type ClientSocket,
  type SignedIn,
  type TestGateway,
} from './harness.ts';

const alice = { email: 'alice@example.test', password: 'alice-routes-Pa55' };
const bob = { email: 'bob@example.test', password: 'bob-routes-Pa55' };
const LARGE_ATTACHMENT_BYTES = 20 * 1024 * 1024;

const corpusDir = join(
  dirname(createRequire(import.meta.url).resolve('@tidings/testkit')),
  '..',
  'corpus',
);

interface Stored {
  uid: number;
  uidValidity: number;
  raw: Buffer;
}

let dovecot: Dovecot;
let gw: TestGateway;
let aliceHttp: SignedIn;
let bobHttp: SignedIn;
let aliceSocket: ClientSocket;
let bobSocket: ClientSocket;
const binary = randomBytes(300 * 1024);
/** Latin-1 bytes with bare LF and CRLF: any charset or line-ending "help" would change them. */
const legacyText = Buffer.from('Gr\xfc\xdfe\r\nline two\nline three \r\n', 'latin1');
const large = randomBytes(LARGE_ATTACHMENT_BYTES);
let withFiles: Stored;
let hostile: Stored;
let inlineImage: Stored;
let big: Stored;
let bobsOwn: Stored;

const sha256 = (data: Buffer | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** A message with a 20 MB attachment, base64 in 76-column lines, built without nodemailer. */
function largeMessage(): Buffer {
  const base64 = large.toString('base64').replace(/.{76}/g, '$&\r\n');
  return Buffer.concat([
    Buffer.from(
      'From: Big <big@example.test>\r\nTo: alice@example.test\r\nSubject: Large attachment\r\n' +
        'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="large"\r\n\r\n' +
        '--large\r\nContent-Type: text/plain\r\n\r\nTwenty megabytes follow.\r\n' +
        '--large\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n' +
        'Content-Disposition: attachment; filename="large.bin"\r\n\r\n',
    ),
    Buffer.from(base64),
    Buffer.from('\r\n--large--\r\n'),
  ]);
}

async function store(client: MailClient, raw: Buffer): Promise<Stored> {
  return { ...(await client.append('INBOX', raw)), raw };
}

beforeAll(async () => {
  dovecot = await startDovecot({ users: [alice, bob] });
  const phone = await MailClient.connect(dovecot, alice);
  withFiles = await store(
    phone,
    await buildMessage({
      from: 'Carol <carol@example.test>',
      to: [alice.email],
      subject: 'Files for Alice only',
      text: 'Two files attached. alice-secret-marker',
      attachments: [
        { filename: 'data.bin', contentType: 'application/octet-stream', content: binary },
        {
          filename: 'legacy.txt',
          contentType: 'text/plain; charset=iso-8859-1',
          content: legacyText,
        },
      ],
    }),
  );
  hostile = await store(
    phone,
    readFileSync(join(corpusDir, 'hostile/tidings-hostile-filenames.eml')),
  );
  inlineImage = await store(
    phone,
    readFileSync(join(corpusDir, 'structure/tidings-html-cid-image.eml')),
  );
  big = await store(phone, largeMessage());
  await phone.close();
  const bobPhone = await MailClient.connect(dovecot, bob);
  bobsOwn = await store(
    bobPhone,
    await buildMessage({
      from: 'dave@example.test',
      to: [bob.email],
      subject: 'Bob only',
      text: 'bob-marker',
    }),
  );
  await bobPhone.close();

  gw = await startTestGateway(dovecot);
  aliceHttp = await signIn(gw, alice.email, alice.password);
  bobHttp = await signIn(gw, bob.email, bob.password);
  aliceSocket = openSocket(gw, aliceHttp.cookie);
  bobSocket = openSocket(gw, bobHttp.cookie);
  await Promise.all([connected(aliceSocket), connected(bobSocket)]);
}, 120_000);

afterAll(async () => {
  aliceSocket?.disconnect();
  bobSocket?.disconnect();
  await gw?.close();
  await dovecot?.stop();
});

function url(path: string, params: Record<string, string | number>): string {
  const target = new URL(path, gw.url);
  for (const [key, value] of Object.entries(params)) target.searchParams.set(key, String(value));
  return target.toString();
}

function get(
  path: string,
  params: Record<string, string | number>,
  who: SignedIn | null = aliceHttp,
) {
  return fetch(url(path, params), { headers: who ? { cookie: who.cookie } : {} });
}

const ref = (m: Stored) => ({ mailbox: 'INBOX', uidValidity: m.uidValidity, uid: m.uid });

async function errorMessage(res: Response): Promise<string> {
  return ((await res.json()) as { error: { message: string } }).error.message;
}

async function detail(socket: ClientSocket, m: Stored): Promise<MessageDetail> {
  return unwrap(await request(socket, Events.MessageGet, ref(m)));
}

function expectLockedDown(res: Response): void {
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
  expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
}

describe('attachment downloads', () => {
  it('are byte-identical to what was attached, with safe headers', async () => {
    const message = await detail(aliceSocket, withFiles);
    const files = new Map(message.attachments.map((a) => [a.filename, a]));
    expect([...files.keys()]).toEqual(['data.bin', 'legacy.txt']);

    const res = await get(MessageHttpPath.Attachment, {
      ...ref(withFiles),
      part: files.get('data.bin')!.part,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="data.bin"; filename*=UTF-8''data.bin`,
    );
    expectLockedDown(res);
    expect(sha256(new Uint8Array(await res.arrayBuffer()))).toBe(sha256(binary));

    const text = await get(MessageHttpPath.Attachment, {
      ...ref(withFiles),
      part: files.get('legacy.txt')!.part,
    });
    expect(text.headers.get('content-type')).toBe('text/plain; charset=iso-8859-1');
    expect(Buffer.from(await text.arrayBuffer()).equals(legacyText)).toBe(true);
    // Reading and downloading peek (BODY.PEEK): only the reader's own setting marks \Seen.
    expect((await detail(aliceSocket, withFiles)).flags).not.toContain('\\Seen');
  });

  it('sanitise hostile file names and serve active content as opaque bytes', async () => {
    const message = await detail(aliceSocket, hostile);
    const byName = new Map(message.attachments.map((a) => [a.filename, a]));
    expect([...byName.keys()]).toEqual([
      'passwd',
      'evilX-Injected_ 1.sh',
      'invoicefdp.exe',
      'cmd.exe',
      'page.html',
      'drawing.svg',
      'pixel.png',
    ]);
    const download = (name: string) =>
      get(MessageHttpPath.Attachment, { ...ref(hostile), part: byName.get(name)!.part });

    const injected = await download('evilX-Injected_ 1.sh');
    expect(injected.headers.get('x-injected')).toBeNull();
    expect(injected.headers.get('content-disposition')).toBe(
      `attachment; filename="evilX-Injected_ 1.sh"; filename*=UTF-8''evilX-Injected_%201.sh`,
    );
    expect((await download('passwd')).headers.get('content-disposition')).toMatch(
      /^attachment; filename="passwd";/,
    );
    for (const active of ['page.html', 'drawing.svg']) {
      const res = await download(active);
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
      expectLockedDown(res);
      expect(await res.text()).toContain('<script>');
    }
  });

  it('stream a 20 MB attachment: the first bytes arrive long before the last', async () => {
    const message = await detail(aliceSocket, big);
    const part = message.attachments.find((a) => a.filename === 'large.bin')!.part;
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 10);
    const started = performance.now();
    const res = await get(MessageHttpPath.Attachment, { ...ref(big), part });
    const reader = res.body!.getReader();
    const hash = createHash('sha256');
    let firstByteAt = 0;
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!firstByteAt) firstByteAt = performance.now() - started;
      received += value.length;
      hash.update(value);
    }
    const total = performance.now() - started;
    clearInterval(sampler);
    expect(received).toBe(LARGE_ATTACHMENT_BYTES);
    expect(hash.digest('hex')).toBe(sha256(large));
    expect(firstByteAt).toBeLessThan(total / 4);
    // Gateway and test share this process, and streamed chunks stay garbage until V8 collects
    // them, so RSS is a coarse guard against holding several whole copies, not a proof; the
    // first-byte time above is what shows the part was never buffered whole.
    const growthMb = (rssPeak - rssBefore) / 1024 / 1024;
    console.info(
      `20 MB download: first byte ${firstByteAt.toFixed(0)} ms, all ${total.toFixed(0)} ms, RSS +${growthMb.toFixed(1)} MB`,
    );
    expect(growthMb).toBeLessThan(100);
  }, 60_000);

  it('give the mailbox back when the browser walks away mid-download', async () => {
    const message = await detail(aliceSocket, big);
    const part = message.attachments.find((a) => a.filename === 'large.bin')!.part;
    const controller = new AbortController();
    const res = await fetch(url(MessageHttpPath.Attachment, { ...ref(big), part }), {
      headers: { cookie: aliceHttp.cookie },
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    const started = performance.now();
    // The same command connection reads the next message only once the download let go.
    const next = await detail(aliceSocket, withFiles);
    expect(next.subject).toBe('Files for Alice only');
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('inline images and the source', () => {
  it('serve a cid: image by Content-ID, images only', async () => {
    const res = await get(MessageHttpPath.InlineImage, {
      ...ref(inlineImage),
      cid: 'pixel@corpus.tidings.test',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename="pixel.png";/);
    expectLockedDown(res);
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');

    const svg = await get(MessageHttpPath.InlineImage, {
      ...ref(hostile),
      cid: 'drawing@corpus.tidings.test',
    });
    expect(svg.status).toBe(404);
    const unknown = await get(MessageHttpPath.InlineImage, { ...ref(inlineImage), cid: 'nope@x' });
    expect(unknown.status).toBe(404);
    // The message is there; what is missing is the image its HTML names.
    expect(await errorMessage(unknown)).toBe(
      'This message has no inline image with that Content-ID.',
    );
  });

  it('serve the raw source as plain text, exactly as stored', async () => {
    const res = await get(MessageHttpPath.Source, ref(hostile));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expectLockedDown(res);
    expect(sha256(new Uint8Array(await res.arrayBuffer()))).toBe(sha256(hostile.raw));
  });
});

describe('bad requests', () => {
  const cases: [string, string, Record<string, string | number>][] = [
    ['no uid', MessageHttpPath.Source, { mailbox: 'INBOX', uidValidity: 1 }],
    [
      'a uid that is not a number',
      MessageHttpPath.Source,
      { mailbox: 'INBOX', uidValidity: 1, uid: '1e3' },
    ],
    ['uid zero', MessageHttpPath.Source, { mailbox: 'INBOX', uidValidity: 1, uid: 0 }],
    [
      'a uid past 32 bits',
      MessageHttpPath.Source,
      { mailbox: 'INBOX', uidValidity: 1, uid: 4294967296 },
    ],
    [
      'an unknown parameter',
      MessageHttpPath.Source,
      { mailbox: 'INBOX', uidValidity: 1, uid: 1, x: 1 },
    ],
    [
      'a path as part',
      MessageHttpPath.Attachment,
      { mailbox: 'INBOX', uidValidity: 1, uid: 1, part: '../1' },
    ],
    [
      'a section keyword as part',
      MessageHttpPath.Attachment,
      { mailbox: 'INBOX', uidValidity: 1, uid: 1, part: 'HEADER' },
    ],
    [
      'CRLF in a Content-ID',
      MessageHttpPath.InlineImage,
      { mailbox: 'INBOX', uidValidity: 1, uid: 1, cid: 'a\r\nb' },
    ],
    ['an empty mailbox', MessageHttpPath.Source, { mailbox: '', uidValidity: 1, uid: 1 }],
  ];
  it.each(cases)('%s is refused with 400 and a JSON reason', async (_name, path, params) => {
    const res = await get(path, params);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(ErrorCode.BadRequest);
    expect(body.error.message).toMatch(/\S/);
  });

  it('answers 401 without a session, 409 for a stale uidValidity, 404 for what is not there', async () => {
    expect((await get(MessageHttpPath.Source, ref(withFiles), null)).status).toBe(401);
    const stale = await get(MessageHttpPath.Source, {
      ...ref(withFiles),
      uidValidity: withFiles.uidValidity + 1,
    });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe(
      ErrorCode.UidValidityChanged,
    );
    const gone = await get(MessageHttpPath.Source, { ...ref(withFiles), uid: 999_999 });
    expect(gone.status).toBe(404);
    expect(await errorMessage(gone)).toBe('This message is no longer in this folder.');
    const noPart = await get(MessageHttpPath.Attachment, { ...ref(withFiles), part: '9' });
    expect(noPart.status).toBe(404);
    expect(await errorMessage(noPart)).toBe('This message has no such attachment.');
    expect(
      (await get(MessageHttpPath.Source, { ...ref(withFiles), mailbox: 'No such folder' })).status,
    ).toBe(404);
  });
});

describe('account isolation', () => {
  it("never lets Bob read Alice's message, whatever he names", async () => {
    // Bob names Alice's mailbox, UIDVALIDITY and UID: the name is looked up in his own account.
    for (const [path, extra] of [
      [MessageHttpPath.Source, {}],
      [MessageHttpPath.Attachment, { part: '2' }],
    ] as const) {
      const res = await get(path, { ...ref(withFiles), ...extra }, bobHttp);
      if (res.status === 200) expect(await res.text()).not.toContain('alice-secret-marker');
      else expect([404, 409]).toContain(res.status);
    }
    // With his own UIDVALIDITY he reaches only his own mail.
    const asBob = { mailbox: 'INBOX', uidValidity: bobsOwn.uidValidity, uid: withFiles.uid };
    const source = await get(MessageHttpPath.Source, asBob, bobHttp);
    if (source.status === 200) {
      const text = await source.text();
      expect(text).not.toContain('alice-secret-marker');
      expect(text).toContain('bob-marker');
    } else expect(source.status).toBe(404);

    const answer = await request(bobSocket, Events.MessageGet, ref(withFiles));
    if (answer.ok) expect(JSON.stringify(answer.data)).not.toContain('alice-secret-marker');
    const own = unwrap(await request(bobSocket, Events.MessageGet, ref(bobsOwn)));
    expect(own.subject).toBe('Bob only');
  });
});

describe('calendar invitations', () => {
  const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'));

  it('read the event from an iMIP invitation, and leave other mail without one', async () => {
    // As Google Calendar sends them: the event inline in the alternative, base64 UTF-8.
    const calendar = [
      'BEGIN:VCALENDAR',
      'METHOD:REQUEST',
      'BEGIN:VEVENT',
      'DTSTART;TZID=Europe/Berlin:20261210T113000',
      'DTEND;TZID=Europe/Berlin:20261210T120000',
      'ORGANIZER;CN=Søren Ødegård:mailto:soren@example.test',
      'SUMMARY:Café planning',
      'LOCATION:Room Ada',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const phone = await MailClient.connect(dovecot, alice);
    const invite = await store(
      phone,
      crlf([
        'From: Søren <soren@example.test>',
        `To: ${alice.email}`,
        'Subject: Invitation: Cafe planning',
        'MIME-Version: 1.0',
        'Content-Type: multipart/alternative; boundary="alt"',
        '',
        '--alt',
        'Content-Type: text/plain; charset=UTF-8',
        '',
        'You are invited.',
        '--alt',
        'Content-Type: text/calendar; charset=UTF-8; method=REQUEST',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from(calendar).toString('base64'),
        '--alt--',
        '',
      ]),
    );
    await phone.close();
    const read = await detail(aliceSocket, invite);
    expect(read.invitation).toEqual({
      part: '2',
      method: 'REQUEST',
      summary: 'Café planning',
      start: { kind: 'instant', iso: '2026-12-10T10:30:00.000Z' },
      end: { kind: 'instant', iso: '2026-12-10T11:00:00.000Z' },
      location: 'Room Ada',
      organizer: { name: 'Søren Ødegård', address: 'soren@example.test' },
      cancelled: false,
      repeats: null,
    });
    expect(read.body).toMatchObject({ kind: 'text', text: expect.stringContaining('invited') });
    // The part it names downloads: the calendar file to add to one's calendar.
    const res = await get(MessageHttpPath.Attachment, { ...ref(invite), part: '2' });
    expect(await res.text()).toBe(calendar);

    expect((await detail(aliceSocket, withFiles)).invitation).toBeNull();
  });
});
