/**
 * Content-Transfer-Encoding as mail really spells it. RFC 2045 §6.1 names five values, but
 * senders add a stray parameter ("base64;"), quotes ("\"quoted-printable\""), a space or an
 * underscore ("quoted printable"), or use the pre-MIME uuencode ("x-uuencode"). Other readers
 * decode these as meant, and so does Tidings. The server reports the header's value as it
 * stands (BODYSTRUCTURE body-fld-enc), so it is read here, not trusted as a token.
 */
export type TransferEncoding =
  '7bit' | '8bit' | 'binary' | 'base64' | 'quoted-printable' | 'uuencode';

const SPELLINGS: Record<string, TransferEncoding> = {
  '7bit': '7bit',
  '8bit': '8bit',
  binary: 'binary',
  base64: 'base64',
  'quoted-printable': 'quoted-printable',
  quotedprintable: 'quoted-printable',
  uuencode: 'uuencode',
  'x-uuencode': 'uuencode',
  uue: 'uuencode',
  'x-uue': 'uuencode',
};

/** The encoding meant by a Content-Transfer-Encoding value; null where none is recognised. */
export function transferEncoding(value: string | null | undefined): TransferEncoding | null {
  if (!value) return null;
  const word = value
    .split(';')[0]!
    .replace(/["']/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  return SPELLINGS[word] ?? null;
}

/**
 * The bytes of a uuencoded body: "begin <mode> <name>", lines whose first character gives how
 * many bytes they hold, then "`" (or a space) and "end". Text before "begin" and after "end"
 * stays as it is; a body without a "begin" line is returned unchanged.
 */
export function uudecode(raw: Buffer): Buffer {
  const lines = raw.toString('latin1').split(/\r?\n/);
  const begin = lines.findIndex((line) => /^begin [0-7]{3,4} /.test(line));
  if (begin < 0) return raw;
  const decoded: number[] = [];
  let end = lines.length;
  for (let i = begin + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trimEnd() === 'end') {
      end = i;
      break;
    }
    const length = sixBits(line, 0);
    for (let at = 1, left = length; left > 0; at += 4) {
      const [a, b, c, d] = [1, 2, 3, 4].map((k) => sixBits(line, at + k - 1));
      const bytes = [(a! << 2) | (b! >> 4), ((b! & 15) << 4) | (c! >> 2), ((c! & 3) << 6) | d!];
      for (const byte of bytes.slice(0, left)) decoded.push(byte);
      left -= 3;
    }
  }
  const before = lines.slice(0, begin).join('\n');
  const after = lines.slice(end + 1).join('\n');
  return Buffer.concat([
    Buffer.from(before ? `${before}\n` : '', 'latin1'),
    Buffer.from(decoded),
    Buffer.from(after.trim() ? `\n${after}` : '', 'latin1'),
  ]);
}

/** One uuencoded character's six bits; "`" and a missing character (trimmed spaces) are 0. */
function sixBits(line: string, at: number): number {
  return at < line.length ? (line.charCodeAt(at) - 32) & 63 : 0;
}

/** Bytes of a part looked at to tell whether it is still encoded. */
const LOOK_BYTES = 4096;
const BASE64_LINE = /^[A-Za-z0-9+/]+={0,2}$/;
const QUOTED_PRINTABLE_ESCAPE = /=[0-9A-Fa-f]{2}|=\r?\n/;
const UUENCODE_BEGIN = /^begin [0-7]{3,4} /m;

/**
 * Whether a part the server calls unencoded (7bit, 8bit or nothing) looks encoded after all.
 * Dovecot reports a Content-Transfer-Encoding it cannot read ("base64;", "quoted printable")
 * as 7bit; such a part is worth reading its own header for. A false alarm costs one FETCH of
 * that header, never a wrong decoding: the header decides.
 */
export function looksEncoded(serverEncoding: string | null, raw: Buffer): boolean {
  if (serverEncoding && !['7bit', '8bit', 'binary'].includes(serverEncoding)) return false;
  const text = raw.subarray(0, LOOK_BYTES).toString('latin1');
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const joined = lines.map((line) => line.trim()).join('');
  // Base64 comes in groups of four characters; a one-word note ("Thanks") is no base64.
  const base64 = joined.length >= 8 && joined.length % 4 === 0;
  if (base64 && lines.every((line) => BASE64_LINE.test(line.trim()))) return true;
  return QUOTED_PRINTABLE_ESCAPE.test(text) || UUENCODE_BEGIN.test(text);
}

/** The Content-Transfer-Encoding written in a part's header block, as `transferEncoding` reads it. */
export function writtenEncoding(header: Buffer): TransferEncoding | null {
  const unfolded = header.toString('latin1').replace(/\r?\n[ \t]+/g, ' ');
  const line = /^content-transfer-encoding[ \t]*:(.*)$/im.exec(unfolded);
  return transferEncoding(line?.[1]);
}

/**
 * A part's content with its transfer encoding undone, for parts read outside mailparser (an
 * attached message the server did not parse). 7bit, 8bit, binary and unknown: as it is.
 */
export function decodeTransfer(raw: Buffer, encoding: TransferEncoding | null): Buffer {
  switch (encoding) {
    case 'base64':
      return Buffer.from(raw.toString('latin1').replace(/[^A-Za-z0-9+/]/g, ''), 'base64');
    case 'quoted-printable':
      return Buffer.from(
        raw
          .toString('latin1')
          .replace(/=\r?\n/g, '')
          .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) =>
            String.fromCharCode(parseInt(hex, 16)),
          ),
        'latin1',
      );
    case 'uuencode':
      return uudecode(raw);
    default:
      return raw;
  }
}
