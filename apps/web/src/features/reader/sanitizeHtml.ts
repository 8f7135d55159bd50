import DOMPurify, { type Config, type DOMPurify as Purifier } from 'dompurify';
import {
  cssUrl,
  normalizeCss,
  STRING_URL_FUNCTIONS,
  urlsInNormalizedCss,
  type CssPolicy,
} from './cssSafety.ts';
import {
  classifyResourceUrl,
  compactUrl,
  inlineImageUrl,
  safeLinkHref,
  type MessageLocator,
} from './resourceUrls.ts';
import { sanitizeDeclarations, sanitizeStyleSheet } from './sanitizeStyles.ts';

/**
 * HTML mail made safe to render: DOMPurify's allow-list, plus what mail needs on top of it.
 * The result goes into a sandboxed frame without scripts under a CSP that loads nothing
 * remote (see bodyDocument.ts); this layer is the one that also keeps the rendering honest
 * (no overlays, no hidden loads) and counts what it blocked.
 */

export interface SanitizeOptions {
  /** The SPA's origin: the frame's base URL, and where inline images are served. */
  origin: string;
  message: MessageLocator;
  /** The user allowed remote images for this message (or its sender). */
  allowRemote: boolean;
}

export interface SanitizedHtml {
  /** Head styles and the body's content, ready for the frame's `<body>`. */
  html: string;
  /** Remote images (elements and CSS backgrounds) left out; 0 when they were allowed. */
  remoteImages: number;
  /** Of those, the ones that look like tracking pixels (tiny or hidden). */
  trackers: number;
  /** Content-IDs the body shows inline: those attachments need not be listed again. */
  inlineCids: string[];
}

const HTML_NS = 'http://www.w3.org/1999/xhtml';
const SVG_NS = 'http://www.w3.org/2000/svg';
/** Marks an image whose remote source was removed, for the frame's stylesheet. */
export const BLOCKED_IMAGE_ATTRIBUTE = 'data-tidings-blocked';
/** A picture this small (CSS px) or hidden is a tracking pixel, not content. */
const TRACKER_MAX_PX = 2;

const FORBID_TAGS = [
  // Forms: phishing and form hijacking (formaction), nothing a message needs.
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'option',
  'optgroup',
  'datalist',
  'output',
  'keygen',
  // Document-level: base URL, refresh/CSP/charset, stylesheet and preload links.
  'base',
  'meta',
  'link',
  'title',
  // Active or embedding content.
  'script',
  'noscript',
  'noembed',
  'noframes',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'portal',
  'template',
  'slot',
  'dialog',
  'video',
  'audio',
  'source',
  'track',
  'picture',
  // SVG animation rewrites attributes after sanitizing (Roundcube's CVE history), and
  // foreignObject re-enters HTML from inside SVG.
  'animate',
  'animatecolor',
  'animatemotion',
  'animatetransform',
  'set',
  'discard',
  'mpath',
  'foreignobject',
  'handler',
  'listener',
];

const FORBID_ATTR = [
  'srcset',
  'sizes',
  'ping',
  'action',
  'formaction',
  'download',
  'poster',
  'lowsrc',
  'dynsrc',
  'longdesc',
  'autofocus',
  'popover',
  'popovertarget',
  'popovertargetaction',
  'loading',
  'attributename',
];

const CONFIG: Config = {
  WHOLE_DOCUMENT: true,
  RETURN_DOM: true,
  FORBID_TAGS,
  FORBID_ATTR,
  ALLOW_DATA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
};

interface Pass {
  options: SanitizeOptions;
  policy: CssPolicy;
  tally: { remote: number };
  trackers: number;
  cids: Set<string>;
}

/** Hooks are per DOMPurify instance; this one is Tidings' own and sanitizes one body at a time. */
let purifier: Purifier | null = null;
let active: Pass | null = null;

export function sanitizeMessageHtml(html: string, options: SanitizeOptions): SanitizedHtml {
  const purify = (purifier ??= createPurifier());
  const pass: Pass = {
    options,
    policy: {
      origin: options.origin,
      allowRemote: options.allowRemote,
      inlineUrl: (cid) => inlineImageUrl(options.origin, options.message, cid),
    },
    tally: { remote: 0 },
    trackers: 0,
    cids: new Set(),
  };
  active = pass;
  let root: Node;
  try {
    root = purify.sanitize(html, CONFIG) as unknown as Node;
  } finally {
    active = null;
  }
  return {
    html: assemble(root as Element),
    remoteImages: pass.tally.remote,
    trackers: pass.trackers,
    inlineCids: [...pass.cids],
  };
}

function createPurifier(): Purifier {
  const purify = DOMPurify(window);
  purify.addHook('uponSanitizeElement', (node, data) => {
    if (!active || data.tagName !== 'style' || !isElement(node)) return;
    // SVG/MathML <style> children are parsed as markup, and its text is serialised raw:
    // mail has no use for it, so it is emptied rather than reasoned about.
    node.textContent =
      node.namespaceURI === HTML_NS
        ? sanitizeStyleSheet(node.textContent ?? '', active.policy, active.tally)
        : '';
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (active && isElement(node)) sanitizeElement(node, active);
  });
  return purify;
}

function isElement(node: Node): node is Element {
  return node.nodeType === 1;
}

function sanitizeElement(element: Element, pass: Pass): void {
  const tag = element.localName.toLowerCase();
  for (const attribute of Array.from(element.attributes)) {
    if (isScriptish(attribute)) element.removeAttributeNode(attribute);
  }
  const style = (element as Partial<ElementCSSInlineStyle>).style;
  if (style && element.hasAttribute('style')) {
    sanitizeDeclarations(style, pass.policy, pass.tally);
    if (style.length === 0) element.removeAttribute('style');
  }

  if (element.namespaceURI === HTML_NS) {
    if (tag === 'a' || tag === 'area') {
      const href = element.getAttribute('href');
      const safe = href === null ? null : safeLinkHref(href, pass.options.origin);
      if (safe) element.setAttribute('href', safe);
      else element.removeAttribute('href');
      // Every link opens outside the frame, with no opener and no referrer.
      element.setAttribute('target', '_blank');
      element.setAttribute('rel', 'noopener noreferrer');
    } else {
      element.removeAttribute('href');
      element.removeAttribute('target');
    }
    if (tag === 'img') imageSource(element, 'src', pass);
    else element.removeAttribute('src');
    if (element.hasAttribute('background')) imageSource(element, 'background', pass);
  } else if (element.namespaceURI === SVG_NS) {
    element.removeAttribute('target');
    // HTML's source attributes mean nothing here: none of them stays.
    element.removeAttribute('src');
    element.removeAttribute('background');
    for (const attribute of hrefAttributes(element)) {
      if (tag === 'image' || tag === 'feimage') imageSource(element, attribute.name, pass);
      // Same-document references only (gradients, paths, filters). Not on <a>: the frame's
      // base URL is the app's, so even "#x" would navigate the frame away.
      else if (tag === 'a' || !attribute.value.trim().startsWith('#')) {
        element.removeAttributeNode(attribute);
      }
    }
    for (const attribute of Array.from(element.attributes)) {
      if (attribute.name !== 'style' && !isFragmentFuncIri(attribute.value)) {
        element.removeAttributeNode(attribute);
      }
    }
  } else {
    // MathML: links and sources have no place.
    for (const attribute of hrefAttributes(element)) element.removeAttributeNode(attribute);
    element.removeAttribute('src');
    element.removeAttribute('background');
  }
}

/** `href` and `xlink:href` (any prefix in the XLink namespace). */
function hrefAttributes(element: Element): Attr[] {
  return Array.from(element.attributes).filter(
    (attribute) => attribute.localName === 'href' || attribute.name.endsWith(':href'),
  );
}

/** Event handlers and script-bearing URL values, whatever attribute they hide in. */
function isScriptish(attribute: Attr): boolean {
  if (/^on/i.test(attribute.localName)) return true;
  const value = compactUrl(attribute.value)
    // eslint-disable-next-line no-control-regex -- "java\0script:" must not hide the scheme
    .replace(/[\u0000-\u0020]/g, '')
    .toLowerCase();
  return (
    /^(?:javascript|vbscript|livescript):/.test(value) ||
    (value.startsWith('data:') && !value.startsWith('data:image/'))
  );
}

/**
 * SVG presentation attributes may reference paint servers, filters, masks and markers as
 * FuncIRI `url(...)`: only `url(#id)` inside the same document is kept (a remote SVG
 * resource is both a load and a second document). `mask` also takes CSS images, whose
 * `image-set("...")` and the like load plain strings (and resolve even `url(#id)` against the
 * document's URL): none of those is kept.
 */
function isFragmentFuncIri(value: string): boolean {
  const normalized = normalizeCss(value);
  return (
    !STRING_URL_FUNCTIONS.test(normalized) &&
    urlsInNormalizedCss(normalized).every((url) => url.startsWith('#'))
  );
}

function imageSource(element: Element, name: string, pass: Pass): void {
  const attribute = element.getAttributeNode(name);
  if (!attribute) return;
  const resource = classifyResourceUrl(attribute.value, pass.options.origin);
  switch (resource.kind) {
    case 'inline':
      attribute.value = pass.policy.inlineUrl(resource.cid);
      pass.cids.add(resource.cid);
      return;
    case 'data':
      return;
    case 'remote':
      if (pass.options.allowRemote) {
        attribute.value = resource.href;
        return;
      }
      pass.tally.remote += 1;
      if (looksLikeTracker(element)) pass.trackers += 1;
      element.removeAttributeNode(attribute);
      element.setAttribute(BLOCKED_IMAGE_ATTRIBUTE, '');
      return;
    case 'fragment':
    case 'refused':
      element.removeAttributeNode(attribute);
      return;
  }
}

function looksLikeTracker(element: Element): boolean {
  const tiny = (value: string | null | undefined) => {
    if (!value) return false;
    const number = parseFloat(value);
    return Number.isFinite(number) && number <= TRACKER_MAX_PX;
  };
  const style = (element as Partial<ElementCSSInlineStyle>).style;
  return (
    tiny(element.getAttribute('width')) ||
    tiny(element.getAttribute('height')) ||
    tiny(style?.width) ||
    tiny(style?.height) ||
    style?.display === 'none' ||
    style?.visibility === 'hidden' ||
    style?.opacity === '0'
  );
}

/**
 * The frame's body content: the head's `<style>` sheets (mail puts them there), then the
 * body's children in a wrapper that carries the body's own styling (`style`, `bgcolor`, `text`,
 * `background`), since the frame's `<body>` is Tidings' own.
 */
function assemble(root: Element): string {
  const parts = Array.from(root.children);
  const head = parts.find((part) => part.localName === 'head');
  const body = parts.find((part) => part.localName === 'body');
  const styles = head
    ? Array.from(head.getElementsByTagName('style'), (style) => style.outerHTML).join('')
    : '';
  if (!body) return styles;
  const wrapper = body.ownerDocument.createElement('div');
  wrapper.className = 'tidings-message';
  const bodyStyle = body.getAttribute('style');
  if (bodyStyle) wrapper.setAttribute('style', bodyStyle);
  const bgcolor = body.getAttribute('bgcolor');
  if (bgcolor && /^#?[0-9a-z]{1,20}$/i.test(bgcolor)) wrapper.style.backgroundColor = bgcolor;
  const text = body.getAttribute('text');
  if (text && /^#?[0-9a-z]{1,20}$/i.test(text)) wrapper.style.color = text;
  // Already checked like any image source (and rewritten or removed) by the hooks.
  const background = body.getAttribute('background');
  if (background) wrapper.style.backgroundImage = cssUrl(background);
  while (body.firstChild) wrapper.append(body.firstChild);
  return styles + wrapper.outerHTML;
}
