import { Parser } from 'htmlparser2';
import { ErrorCode } from '@tidings/protocol';
import { AccountError } from '../sessions/account-error.ts';

/**
 * A minimal server-side pass over the HTML a user composed, before it leaves as mail: the
 * browser's editor is the main guard, and every recipient's client sanitizes again. This
 * only removes what is active content in any reader — script and embedding elements, event
 * handler attributes and script URLs — and re-serializes the rest from a real HTML tokenizer
 * (htmlparser2), so that quoting tricks cannot smuggle markup past it.
 */

/** Elements dropped together with everything inside them. */
const DROPPED_ELEMENTS = new Set([
  'script',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'noscript',
  'template',
  'base',
  'meta',
  'link',
]);
const VOID_ELEMENTS = new Set([
  'area',
  'br',
  'col',
  'hr',
  'img',
  'input',
  'param',
  'source',
  'track',
  'wbr',
  ...['base', 'embed', 'link', 'meta'],
]);
/** Attributes whose value is fetched or followed as a URL. */
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'xlink:href',
  'background',
  'poster',
  'dynsrc',
  'lowsrc',
]);
/**
 * Elements open inside one another, at most: far past any mail a person writes (Chromium's own
 * HTML parser stops nesting at 512). htmlparser2 keeps the open elements in an array that it
 * unshifts and searches at every tag, so n nested tags cost n² steps: 50,000 of them (350 KB)
 * held the event loop, every account's, for 2.8 s, and a draft may carry 10 MB.
 */
export const MAX_HTML_DEPTH = 512;
/** Raw-text elements: their content is CSS, not HTML, and must not be entity-escaped. */
const RAW_TEXT_ELEMENTS = new Set(['style']);
const SAFE_ATTRIBUTE_NAME = /^[a-z_:][-a-z0-9_:.]*$/i;
/** Pictures pasted into the editor arrive as data: URLs; no other data: URL is kept. */
const DATA_IMAGE = /^data:image\/(?:png|jpeg|gif|webp);/i;
// eslint-disable-next-line no-control-regex -- browsers ignore these inside a scheme ("java\tscript:")
const IGNORED_IN_URL = /[\u0000-\u0020\u007f-\u009f]/g;

function isScriptUrl(value: string): boolean {
  const compact = value.replace(IGNORED_IN_URL, '').toLowerCase();
  if (/^(?:javascript|vbscript|livescript):/.test(compact)) return true;
  return compact.startsWith('data:') && !DATA_IMAGE.test(compact);
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

function renderAttributes(attribs: Record<string, string>): string {
  let out = '';
  for (const [name, value] of Object.entries(attribs)) {
    const lower = name.toLowerCase();
    if (!SAFE_ATTRIBUTE_NAME.test(name) || lower.startsWith('on')) continue;
    if (URL_ATTRIBUTES.has(lower) && isScriptUrl(value)) continue;
    if (lower === 'srcdoc') continue;
    out += ` ${lower}="${escapeAttribute(value)}"`;
  }
  return out;
}

/** Refuses HTML nested deeper than MAX_HTML_DEPTH (AccountError, BadRequest). */
export function sanitizeHtml(html: string): string {
  let out = '';
  /** Elements open now, as the parser's own stack holds them (it closes implied ends too). */
  let depth = 0;
  /** Depth inside a dropped element: its open tags are counted so its end is found. */
  let skipping = 0;
  let rawText = false;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (++depth > MAX_HTML_DEPTH) {
          throw new AccountError(
            ErrorCode.BadRequest,
            `The message's formatting nests more than ${MAX_HTML_DEPTH} elements inside one another, which no mail needs, so it was not taken.`,
          );
        }
        if (skipping > 0 || DROPPED_ELEMENTS.has(name)) {
          skipping++;
          return;
        }
        out += `<${name}${renderAttributes(attribs)}>`;
        rawText = RAW_TEXT_ELEMENTS.has(name);
      },
      onclosetag(name) {
        depth--;
        if (skipping > 0) {
          skipping--;
          return;
        }
        rawText = false;
        if (!VOID_ELEMENTS.has(name)) out += `</${name}>`;
      },
      ontext(text) {
        if (skipping > 0) return;
        // The tokenizer ended the element at its first `</style`; none can be left inside.
        out += rawText ? text.replace(/<\//g, '<\\/') : escapeText(text);
      },
      // Comments (IE conditional comments could hold markup) and doctypes are left out.
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return out;
}
