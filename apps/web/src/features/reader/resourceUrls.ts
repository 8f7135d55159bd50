import { MessageHttpPath } from '@tidings/protocol';

/** Names one message for the gateway's reader routes. */
export interface MessageLocator {
  mailbox: string;
  uidValidity: number;
  uid: number;
}

/**
 * A URL a message asks the browser to load (an image, a CSS background), as the sanitizer
 * sees it: its own inline image by Content-ID, a data: picture, a fragment of the document
 * itself, something remote, or something refused (script URLs, relative paths, anything that
 * would reach the gateway by another way).
 */
export type ResourceUrl =
  | { kind: 'inline'; cid: string }
  | { kind: 'data' }
  | { kind: 'fragment' }
  | { kind: 'remote'; href: string }
  | { kind: 'refused' };

/** Picture formats a data: URL may carry; in an image context none of them can run script. */
const DATA_IMAGE =
  /^data:image\/(?:png|jpe?g|gif|webp|bmp|avif|svg\+xml|x-icon|vnd\.microsoft\.icon)[;,]/;
/** Absolute http(s), or protocol-relative with either slash (the URL parser treats `\` as `/`). */
const ABSOLUTE_WEB = /^(?:https?:|[\\/]{2})/;

/**
 * What a browser makes of an attribute or CSS URL before using it: tabs and newlines removed
 * anywhere, C0 controls and spaces trimmed at both ends (URL Standard, basic URL parser).
 */
export function compactUrl(raw: string): string {
  // eslint-disable-next-line no-control-regex -- C0 controls are what the URL parser strips
  return raw.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
}

/**
 * Classifies a resource URL of a message rendered in a document whose base is `origin` (a
 * srcdoc frame inherits the SPA's base URL, so a relative path would reach the gateway).
 */
export function classifyResourceUrl(raw: string, origin: string): ResourceUrl {
  const compact = compactUrl(raw);
  const lower = compact.toLowerCase();
  if (lower.startsWith('cid:')) {
    const cid = decodeCid(compact.slice(4));
    return cid ? { kind: 'inline', cid } : { kind: 'refused' };
  }
  if (DATA_IMAGE.test(lower)) return { kind: 'data' };
  if (lower.startsWith('#')) return { kind: 'fragment' };
  if (!ABSOLUTE_WEB.test(lower)) return { kind: 'refused' };
  const url = parseUrl(compact, origin);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return { kind: 'refused' };
  // The gateway is reached only through the URLs Tidings writes itself.
  if (url.origin === origin) return { kind: 'refused' };
  return { kind: 'remote', href: url.href };
}

/** A link the reader keeps: absolute http(s) or mailto, canonicalised; null drops the href. */
export function safeLinkHref(raw: string, origin: string): string | null {
  const compact = compactUrl(raw);
  const lower = compact.toLowerCase();
  if (lower.startsWith('mailto:')) return parseUrl(compact, origin)?.href ?? null;
  if (!ABSOLUTE_WEB.test(lower)) return null;
  const url = parseUrl(compact, origin);
  return url && (url.protocol === 'http:' || url.protocol === 'https:') ? url.href : null;
}

/**
 * A `cid:` URL carries the Content-ID without angle brackets, %-encoded (RFC 2392 §2); the
 * gateway accepts printable ASCII only.
 */
function decodeCid(encoded: string): string | null {
  let cid: string;
  try {
    cid = decodeURIComponent(encoded);
  } catch {
    cid = encoded;
  }
  cid = cid.replace(/^<|>$/g, '');
  return /^[\x21-\x7e]{1,998}$/.test(cid) ? cid : null;
}

function parseUrl(value: string, origin: string): URL | null {
  try {
    return new URL(value, `${origin}/`);
  } catch {
    return null;
  }
}

/**
 * `encodeURIComponent` leaves `'()*!` alone; these URLs also go into CSS `url()` and HTML
 * attributes, where a bare parenthesis or quote is a syntax character.
 */
function encodeParam(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function messageQuery(message: MessageLocator, extra: Record<string, string>): string {
  const params: Record<string, string> = {
    mailbox: message.mailbox,
    uidValidity: String(message.uidValidity),
    uid: String(message.uid),
    ...extra,
  };
  return Object.entries(params)
    .map(([key, value]) => `${key}=${encodeParam(value)}`)
    .join('&');
}

/** The gateway's URL of an inline image; absolute, because it is used inside the srcdoc frame. */
export function inlineImageUrl(origin: string, message: MessageLocator, cid: string): string {
  return `${origin}${MessageHttpPath.InlineImage}?${messageQuery(message, { cid })}`;
}

export function attachmentUrl(message: MessageLocator, part: string): string {
  return `${MessageHttpPath.Attachment}?${messageQuery(message, { part })}`;
}

export function sourceUrl(message: MessageLocator): string {
  return `${MessageHttpPath.Source}?${messageQuery(message, {})}`;
}
