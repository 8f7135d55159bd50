import iconv from 'iconv-lite';
import { simpleParser } from 'mailparser';
import type { TextSection } from './body-structure.ts';
import { transferEncoding, uudecode } from './transfer-encoding.ts';

/**
 * Turns the raw bytes of one text part into text: transfer encoding, charset (iconv-lite and
 * encoding-japanese inside mailparser: ISO-8859-x, windows-125x, KOI8-R, Shift_JIS, ISO-2022-JP,
 * EUC-JP, GB2312/GB18030, Big5, EUC-KR, ...) and format=flowed (RFC 3676).
 *
 * Only the part's content is fetched (BODY.PEEK[n]); its headers are rebuilt from BODYSTRUCTURE,
 * the server's own parse of the same part, which carries every Content-Type parameter and the
 * transfer encoding. That saves fetching n.MIME, which RFC 3501 leaves undefined for the body
 * of a single-part message.
 */

/** Parser switches: we want the decoded part as is; the browser sanitizes and linkifies. */
const PARSER_OPTIONS = {
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  // Keep `cid:` references: the reader rewrites them to the gateway's inline-image route.
  skipImageLinks: true,
} as const;

/** How far into an HTML part a `<meta charset>` is looked for (the HTML spec prescans 1024). */
const META_PRESCAN_BYTES = 4096;

const CHARSET_TOKEN = /^[A-Za-z0-9._:+-]{1,40}$/;
/** iconv-lite's one codec for every name of UTF-7 (utf-7, unicode-1-1-utf-7, ...). */
const UTF7 = iconv.getCodec('utf7');

export async function decodeTextPart(part: TextSection, raw: Buffer): Promise<string> {
  let charset = safeToken(part.charset, CHARSET_TOKEN);
  // Servers report a missing charset as us-ascii (RFC 2045 §5.2 default), so for HTML that
  // default may hide a <meta> declaration, which then wins (it can only widen us-ascii).
  if (part.type === 'text/html' && (!charset || /^(us-)?ascii$/i.test(charset))) {
    charset = sniffHtmlCharset(raw) ?? charset;
  }
  // libmime refuses UTF-7: filters that look at markup before decoding can be fooled by it
  // ("+ADw-script+AD4-"). Here the decoded text is what the browser sanitizes, so UTF-7 is
  // decoded after the parse; it is 7-bit, so the part read as latin1 keeps every byte.
  const utf7 = charset !== null && isUtf7(charset);
  if (utf7) charset = 'latin1';
  const contentType: string[] = [part.type];
  if (charset) contentType.push(`charset="${charset}"`);
  if (part.flowed) contentType.push('format=flowed');
  if (part.flowed && part.delSp) contentType.push('delsp=yes');
  const headers = [`Content-Type: ${contentType.join('; ')}`];
  const encoding = transferEncoding(part.encoding);
  // mailparser knows the MIME encodings only; a uuencoded body is undone here.
  const body = encoding === 'uuencode' ? uudecode(raw) : raw;
  if (encoding && encoding !== 'uuencode') headers.push(`Content-Transfer-Encoding: ${encoding}`);
  const entity = Buffer.concat([Buffer.from(`${headers.join('\r\n')}\r\n\r\n`), body]);
  const parsed = await simpleParser(entity, PARSER_OPTIONS);
  const text =
    part.type === 'text/html'
      ? typeof parsed.html === 'string'
        ? parsed.html
        : ''
      : (parsed.text ?? '');
  return utf7 ? iconv.decode(Buffer.from(text, 'latin1'), 'utf7') : text;
}

function isUtf7(charset: string): boolean {
  try {
    return iconv.getCodec(charset) === UTF7;
  } catch {
    return false; // a charset iconv-lite does not know
  }
}

function safeToken(value: string | null, pattern: RegExp): string | null {
  return value && pattern.test(value) ? value : null;
}

/** The charset an HTML part declares in a `<meta>` when its Content-Type names none. */
export function sniffHtmlCharset(raw: Buffer): string | null {
  const head = raw.subarray(0, META_PRESCAN_BYTES).toString('latin1');
  const match =
    /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:+-]{1,40})/i.exec(head) ??
    /<meta[^>]+content\s*=\s*["'][^"']*charset\s*=\s*([A-Za-z0-9._:+-]{1,40})/i.exec(head);
  return match?.[1] ?? null;
}
