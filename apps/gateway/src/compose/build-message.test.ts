import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountError } from '../sessions/account-error.ts';
import { buildMessage, newMessageId, withoutBcc, type MessageSpec } from './build-message.ts';
import { senderOf } from './compose-context.ts';

let dir: string;
let filePath: string;
const fileBytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tidings-build-'));
  filePath = join(dir, 'upload');
  await writeFile(filePath, fileBytes);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function spec(overrides: Partial<MessageSpec> = {}): MessageSpec {
  return {
    from: { name: '', address: 'ada@example.test' },
    to: [{ name: 'Bob Builder', address: 'bob@example.test' }],
    cc: [],
    bcc: [{ name: '', address: 'eve@example.test' }],
    subject: 'Grüße, again',
    text: 'line one\nline two',
    messageId: '<fixed@example.test>',
    date: new Date('2024-05-01T10:00:00Z'),
    attachments: [],
    ...overrides,
  };
}

describe('buildMessage', () => {
  it('writes CRLF lines, the threading headers and a Bcc for the sender only', async () => {
    const raw = await buildMessage(
      spec({ inReplyTo: '<orig@x>', references: ['<root@x>', '<orig@x>'] }),
    );
    const text = raw.toString('latin1');
    expect(text).not.toMatch(/[^\r]\n/);
    expect(text).toMatch(/^In-Reply-To: <orig@x>\r$/m);
    expect(text).toMatch(/^References: <root@x> <orig@x>\r$/m);
    expect(text).toMatch(/^Bcc: eve@example\.test\r$/m);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('Grüße, again');
    expect(parsed.messageId).toBe('<fixed@example.test>');
    expect(parsed.text?.trim()).toBe('line one\nline two');
    expect(parsed.to).toMatchObject({
      value: [{ name: 'Bob Builder', address: 'bob@example.test' }],
    });
  });

  it('sends HTML as a sanitized alternative, with uploads and a forwarded message attached', async () => {
    const forwarded = Buffer.from(
      'From: carol@example.test\r\nSubject: original\r\nMessage-ID: <o@x>\r\n\r\nbody\r\n',
    );
    const raw = await buildMessage(
      spec({
        html: '<p onclick="x()">Hi <b>Bob</b><script>alert(1)</script></p>',
        attachments: [{ path: filePath, filename: 'data.bin', contentType: 'application/x-test' }],
        forwarded: { source: forwarded, filename: 'original.eml' },
      }),
    );
    const parsed = await simpleParser(raw);
    expect(parsed.html).toContain('<p>Hi <b>Bob</b></p>');
    expect(parsed.html).not.toMatch(/script|onclick/);
    const file = parsed.attachments.find((a) => a.filename === 'data.bin');
    expect(file?.content.equals(fileBytes)).toBe(true);
    expect(file?.contentType).toBe('application/x-test');
    const text = raw.toString('latin1');
    // RFC 2046 §5.2.1: a message/rfc822 part is never base64-encoded.
    expect(text).toMatch(
      /Content-Type: message\/rfc822[^]*?Content-Transfer-Encoding: 7bit[^]*?Content-Disposition: attachment; filename=original\.eml/,
    );
    expect(text).toContain(forwarded.toString('latin1'));
  });
});

describe('withoutBcc', () => {
  it('removes the Bcc field (folded lines too) and leaves every other byte', async () => {
    const raw = await buildMessage(
      spec({
        bcc: Array.from({ length: 8 }, (_, i) => ({
          name: '',
          address: `hidden${i}@example.test`,
        })),
      }),
    );
    const sent = withoutBcc(raw);
    expect(raw.toString('latin1')).toMatch(/^Bcc: /m);
    expect(sent.toString('latin1')).not.toMatch(/hidden/);
    const header = (b: Buffer) => b.subarray(0, b.indexOf('\r\n\r\n')).toString('latin1');
    const withoutBccLines = header(raw)
      .split(/\r\n(?![ \t])/)
      .filter((field) => !field.startsWith('Bcc:'));
    expect(header(sent).split('\r\n')).toEqual(withoutBccLines);
    expect(
      sent.subarray(sent.indexOf('\r\n\r\n')).equals(raw.subarray(raw.indexOf('\r\n\r\n'))),
    ).toBe(true);
  });

  it('returns the same buffer when there is no Bcc', async () => {
    const raw = await buildMessage(spec({ bcc: [] }));
    expect(withoutBcc(raw)).toBe(raw);
  });
});

describe('newMessageId', () => {
  it("is unique and on the sender's domain", () => {
    const a = newMessageId('ada@example.test');
    expect(a).toMatch(/^<[0-9a-f-]{36}@example\.test>$/);
    expect(newMessageId('ada@example.test')).not.toBe(a);
  });
});

describe('the sender', () => {
  const credentials = { user: 'ada@example.test', password: 'x' };

  it('is the login, with the display name the user chose', () => {
    expect(senderOf(credentials, '  Ada Lovelace ')).toEqual({
      name: 'Ada Lovelace',
      address: 'ada@example.test',
    });
    expect(senderOf(credentials)).toEqual({ name: '', address: 'ada@example.test' });
  });

  it('refuses a name that could start a header of its own', () => {
    for (const name of ['Ada\r\nBcc: eve@example.test', 'Ada\n', 'Ada\u0000', 'x'.repeat(257)]) {
      expect(() => senderOf(credentials, name)).toThrow(AccountError);
    }
  });
});
