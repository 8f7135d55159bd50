import { classifyResourceUrl, type ResourceUrl } from './resourceUrls.ts';

/**
 * Judges single CSS declarations of a message. Pure string work: the browser's own CSS
 * parser splits sheets and style attributes into declarations (sanitizeStyles.ts), and this
 * decides what each one may keep. It never trusts the parser's serialisation to be canonical:
 * values are also read with comments removed and escapes decoded, the way a tokenizer sees
 * them, so `\75 rl(` is `url(` here too.
 */

export interface CssPolicy {
  /** The SPA's origin: the base URL the message frame resolves against. */
  origin: string;
  /** Remote images were allowed for this message. */
  allowRemote: boolean;
  /** The gateway URL serving `cid:` images of this message. */
  inlineUrl(cid: string): string;
}

export type DeclarationVerdict =
  | { keep: true; value: string }
  /** `remote`: dropped because it would load a remote image (counted and offered to the user). */
  | { keep: false; remote: boolean };

/** Properties that bind code (IE behaviors, XBL) whatever their value. */
const FORBIDDEN_PROPERTIES = new Set(['behavior', '-ms-behavior', '-moz-binding', 'binding']);
/** Anything else (`fixed`, `sticky`, a `var()`) becomes `static`: no overlays over the reader. */
const ALLOWED_POSITIONS = new Set([
  'static',
  'relative',
  'absolute',
  'initial',
  'inherit',
  'unset',
  'revert',
  'revert-layer',
]);
/** Words that have no business in mail CSS and have carried script or bindings in the past. */
const FORBIDDEN_VALUE_PARTS = [
  'expression(',
  'javascript:',
  'vbscript:',
  'livescript:',
  '-moz-binding',
  'behavior:',
  '@import',
];
/**
 * Functions that take image URLs as plain strings (`image-set("a.png" 1x)`), load things, or
 * turn attribute text into values (`attr(title type(<url>))`).
 */
export const STRING_URL_FUNCTIONS =
  /(?:^|[^a-z0-9_-])(?:-webkit-)?(?:image-set|image|cross-fade|element|src|paint|attr)\(/;
const REMOTE_HINT = /(?:https?:|\/\/|\\\\)/;

/** Comments removed, escapes decoded, lower-cased: the text a CSS tokenizer works on. */
export function normalizeCss(text: string): string {
  return decodeCssEscapes(text.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, '')).toLowerCase();
}

/** CSS Syntax §4.3.7: `\` + 1-6 hex digits (+ one whitespace), `\` + newline, `\` + any char. */
export function decodeCssEscapes(text: string): string {
  return text.replace(
    /\\(?:([0-9a-fA-F]{1,6})(?:\r\n|[ \t\r\n\f])?|(\r\n|[\r\n\f])|([\s\S]))/g,
    (_match, hex: string | undefined, _newline: string | undefined, other: string | undefined) => {
      if (hex !== undefined) {
        const code = parseInt(hex, 16);
        return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)
          ? '\ufffd'
          : String.fromCodePoint(code);
      }
      return other ?? '';
    },
  );
}

/** The URLs of every `url(...)` in normalised CSS text, unquoted. */
export function urlsInNormalizedCss(normalized: string): string[] {
  const urls: string[] = [];
  const pattern = /url\(\s*/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(normalized))) {
    let index = match.index + match[0].length;
    const quote = normalized[index];
    let end: number;
    if (quote === '"' || quote === "'") {
      index += 1;
      end = normalized.indexOf(quote, index);
    } else {
      end = normalized.indexOf(')', index);
    }
    if (end < 0) end = normalized.length;
    urls.push(normalized.slice(index, end).trim());
    pattern.lastIndex = end;
  }
  return urls;
}

/** Quotes a URL as a CSS string, so whatever it contains stays inside `url("...")`. */
export function cssUrl(url: string): string {
  return `url("${url.replace(/["\\\n\r\f]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}")`;
}

/**
 * Rewrites every literal `url(...)` token of `value` (quoted or not, any case) through
 * `replace`, which answers the URL to write or null to give up on the whole value.
 */
export function rewriteCssUrls(
  value: string,
  replace: (url: string) => string | null,
): string | null {
  let failed = false;
  const rewritten = value.replace(
    /url\(\s*(?:"((?:[^"\\\n]|\\[\s\S])*)"|'((?:[^'\\\n]|\\[\s\S])*)'|([^"'()\s]*))\s*\)/gi,
    (_match, double: string | undefined, single: string | undefined, bare: string | undefined) => {
      const url = decodeCssEscapes(double ?? single ?? bare ?? '');
      const next = failed ? null : replace(url);
      if (next === null) {
        failed = true;
        return '';
      }
      return cssUrl(next);
    },
  );
  return failed ? null : rewritten;
}

/**
 * What one declaration may keep. Images: the message's own `cid:` pictures (rewritten to the
 * gateway), data: pictures, `#fragment` references (SVG paint servers, filters), and remote
 * images only once allowed. Anything else that loads or binds is dropped.
 */
export function auditDeclaration(
  property: string,
  value: string,
  policy: CssPolicy,
): DeclarationVerdict {
  const name = normalizeCss(property).trim();
  if (FORBIDDEN_PROPERTIES.has(name)) return { keep: false, remote: false };
  if (name === 'position') {
    const position = normalizeCss(value)
      .replace(/!\s*important/, '')
      .trim();
    return { keep: true, value: ALLOWED_POSITIONS.has(position) ? value : 'static' };
  }

  let remote = false;
  const rewritten = rewriteCssUrls(value, (url) => {
    const resource = classifyResourceUrl(url, policy.origin);
    const next = allowedUrl(resource, url, policy);
    if (next === null && resource.kind === 'remote') remote = true;
    return next;
  });
  if (rewritten === null) return { keep: false, remote };

  // Whatever the literal rewrite could not see (escaped `url(`, custom properties) must
  // still name only what is allowed.
  const check = auditCssText(rewritten, policy);
  return check.safe ? { keep: true, value: rewritten } : { keep: false, remote: check.remote };
}

/**
 * Whether CSS text, read the way a tokenizer reads it, binds no code and loads only what the
 * policy allows. Used on single values and on whole declaration blocks: a shorthand holding a
 * `var()` is not split into longhands by the browser until computed, so its `url()` shows only
 * in the block's text.
 */
export function auditCssText(text: string, policy: CssPolicy): { safe: boolean; remote: boolean } {
  const normalized = normalizeCss(text);
  if (FORBIDDEN_VALUE_PARTS.some((part) => normalized.includes(part))) {
    return { safe: false, remote: false };
  }
  if (STRING_URL_FUNCTIONS.test(normalized)) {
    return { safe: false, remote: REMOTE_HINT.test(normalized) };
  }
  for (const url of urlsInNormalizedCss(normalized)) {
    if (isGatewayInlineUrl(url, policy)) continue;
    const resource = classifyResourceUrl(url, policy.origin);
    if (resource.kind === 'data' || resource.kind === 'fragment') continue;
    if (resource.kind === 'remote' && policy.allowRemote) continue;
    return { safe: false, remote: resource.kind === 'remote' };
  }
  return { safe: true, remote: false };
}

function allowedUrl(resource: ResourceUrl, url: string, policy: CssPolicy): string | null {
  switch (resource.kind) {
    case 'inline':
      return policy.inlineUrl(resource.cid);
    case 'data':
    case 'fragment':
      return url;
    case 'remote':
      return policy.allowRemote ? resource.href : null;
    case 'refused':
      return null;
  }
}

function isGatewayInlineUrl(url: string, policy: CssPolicy): boolean {
  const probe = policy.inlineUrl('x');
  const prefix = probe.slice(0, probe.indexOf('?') + 1);
  return prefix.length > 1 && url.startsWith(prefix);
}
