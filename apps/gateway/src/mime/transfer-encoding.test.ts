import { describe, expect, it } from 'vitest';
import {
  decodeTransfer,
  looksEncoded,
  transferEncoding,
  uudecode,
  writtenEncoding,
} from './transfer-encoding.ts';

describe('transferEncoding', () => {
  it('reads the encodings as mail spells them', () => {
    expect(transferEncoding('base64')).toBe('base64');
    expect(transferEncoding('BASE64')).toBe('base64');
    expect(transferEncoding('base64;')).toBe('base64');
    expect(transferEncoding(' base64 ; foo=bar')).toBe('base64');
    expect(transferEncoding('"quoted-printable"')).toBe('quoted-printable');
    expect(transferEncoding('quoted printable')).toBe('quoted-printable');
    expect(transferEncoding('Quoted_Printable')).toBe('quoted-printable');
    expect(transferEncoding('x-uuencode')).toBe('uuencode');
    expect(transferEncoding('x-uue')).toBe('uuencode');
    expect(transferEncoding('8bit')).toBe('8bit');
  });

  it('knows nothing of other values', () => {
    for (const value of [null, undefined, '', 'plain', 'x-gzip64', 'base', 'base64x', ';']) {
      expect(transferEncoding(value)).toBeNull();
    }
  });
});

describe('uudecode', () => {
  // `uuencode body.txt body.txt` of the text below (POSIX uuencode, historical alphabet).
  const text =
    'This body was uuencoded, the way mail was sent before MIME.\nIt has a second line.\n';
  const encoded = [
    'begin 644 body.txt',
    "M5&AI<R!B;V1Y('=A<R!U=65N8V]D960L('1H92!W87D@;6%I;\"!W87,@<V5N",
    'E="!B969O<F4@34E-12X*270@:&%S(&$@<V5C;VYD(&QI;F4N"@  ',
    '`',
    'end',
  ];

  it('gives back the bytes, whether or not trailing spaces survived the trip', () => {
    expect(uudecode(Buffer.from(encoded.join('\r\n'))).toString()).toBe(text);
    const trimmed = encoded.map((line) => line.trimEnd()).join('\n');
    expect(uudecode(Buffer.from(trimmed)).toString()).toBe(text);
  });

  it('keeps the words around the encoded block, and a body without one as it is', () => {
    const around = ['Here is the file:', '', ...encoded, 'Bye.'].join('\n');
    expect(uudecode(Buffer.from(around)).toString()).toBe(`Here is the file:\n\n${text}\nBye.`);
    const plain = Buffer.from('begin here, then end\n');
    expect(uudecode(plain)).toBe(plain);
  });
});

describe('looksEncoded', () => {
  const bytes = (text: string) => Buffer.from(text, 'latin1');

  it('suspects base64, quoted-printable and uuencode the server calls 7bit', () => {
    expect(looksEncoded('7bit', bytes('SGVsbG8sIHdvcmxkIQ==\r\nU2Vjb25k\r\n'))).toBe(true);
    expect(looksEncoded('7bit', bytes('caf=C3=A9 and a soft=\r\nbreak'))).toBe(true);
    expect(looksEncoded(null, bytes('begin 644 a.txt\n#86)C\n`\nend\n'))).toBe(true);
  });

  it('leaves plain text alone, and parts the server already decodes', () => {
    expect(looksEncoded('7bit', bytes('Hello, world.\r\nSee you at 10 = ten.\r\n'))).toBe(false);
    expect(looksEncoded('8bit', bytes(''))).toBe(false);
    expect(looksEncoded('7bit', bytes('Thanks\r\n'))).toBe(false);
    expect(looksEncoded('7bit', bytes('Understood\r\n'))).toBe(false);
    expect(looksEncoded('base64', bytes('SGVsbG8='))).toBe(false);
    expect(looksEncoded('quoted-printable', bytes('caf=C3=A9'))).toBe(false);
  });
});

describe('writtenEncoding', () => {
  it('reads the header as written, folded or not, in any case', () => {
    const header = (line: string) =>
      Buffer.from(`Content-Type: text/plain\r\n${line}\r\nX-Other: 1\r\n\r\n`);
    expect(writtenEncoding(header('Content-Transfer-Encoding: base64;'))).toBe('base64');
    expect(writtenEncoding(header('content-transfer-encoding:\r\n  "Quoted-Printable"'))).toBe(
      'quoted-printable',
    );
    expect(writtenEncoding(header('X-Content-Transfer-Encoding: base64'))).toBeNull();
    expect(writtenEncoding(header('Content-Transfer-Encoding: x-gzip64'))).toBeNull();
    expect(writtenEncoding(Buffer.from('Subject: none\r\n\r\n'))).toBeNull();
  });
});

describe('decodeTransfer', () => {
  it('undoes base64 and quoted-printable, and leaves the rest as it is', () => {
    const text = 'Grüße, 世界\r\n';
    const base64 = Buffer.from(text)
      .toString('base64')
      .replace(/(.{8})/g, '$1\r\n');
    expect(decodeTransfer(Buffer.from(base64), 'base64').toString()).toBe(text);
    const quoted = Buffer.from('Gr=C3=BC=C3=9Fe, a soft=\r\nbreak =3D done');
    expect(decodeTransfer(quoted, 'quoted-printable').toString()).toBe('Grüße, a softbreak = done');
    const raw = Buffer.from('8bit: Grüße');
    expect(decodeTransfer(raw, '8bit')).toBe(raw);
    expect(decodeTransfer(raw, null)).toBe(raw);
  });
});
