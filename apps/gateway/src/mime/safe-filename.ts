/** Longest file name handed to a browser; file systems stop at 255 bytes. */
const MAX_FILENAME_CHARS = 120;
const FALLBACK_NAME = 'attachment';

/** A few extensions, so that a nameless part still opens in the right program once saved. */
const EXTENSION_BY_TYPE: Readonly<Record<string, string>> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'application/pdf': '.pdf',
  'text/plain': '.txt',
  'text/html': '.html',
  'text/calendar': '.ics',
  'message/rfc822': '.eml',
  // RFC 6532 §3.7 suggests .u8msg; mail programs open .eml, which holds UTF-8 headers as well.
  'message/global': '.eml',
  'application/zip': '.zip',
};

// C0 and C1 controls, DEL, and the bidirectional overrides that make "exe.txt" read "txt.exe".
// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Characters Windows refuses in names; replaced rather than dropped so names stay readable. */
const RESERVED_CHARS = /[<>:"|?*]/g;
/** Names Windows reserves whatever their extension (CON.txt is still CON). */
const RESERVED_NAMES = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/**
 * A decoded (RFC 2047/2231) file name from a message, made safe to offer for download and to
 * show: no directories (`../../etc/passwd` → `passwd`), no control characters (CR/LF cannot
 * reach a header), no bidi tricks, bounded length with the extension kept, never empty.
 */
export function safeFilename(raw: string | undefined | null, contentType = ''): string {
  let name = (raw ?? '').normalize('NFC').replace(UNSAFE_CHARS, '');
  // Both separators: a name made on Windows arrives with backslashes.
  name = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  name = name.replace(RESERVED_CHARS, '_').replace(/\s+/g, ' ');
  // Leading dots hide files (or mean ".."); trailing dots and spaces are dropped by Windows.
  name = name.replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');
  if (RESERVED_NAMES.test(name)) name = `_${name}`;
  if (!name) name = FALLBACK_NAME + (EXTENSION_BY_TYPE[contentType.toLowerCase()] ?? '');
  return truncateKeepingExtension(name, MAX_FILENAME_CHARS);
}

function truncateKeepingExtension(name: string, max: number): string {
  const chars = Array.from(name); // never split a surrogate pair
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? Array.from(name.slice(dot)) : [];
  if (extension.length === 0 || extension.length > 16) return chars.slice(0, max).join('');
  return chars.slice(0, max - extension.length).join('') + extension.join('');
}

/**
 * A Content-Disposition header value (RFC 6266): a plain ASCII `filename` for old clients and
 * the exact name as `filename*` (RFC 8187 UTF-8 percent-encoding). `name` must come from
 * `safeFilename`; quotes and backslashes are still kept out of the quoted string.
 */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  const ascii =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^\x20-\x7e]/g, '_')
      .replace(/["\\%]/g, '_') || FALLBACK_NAME;
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
