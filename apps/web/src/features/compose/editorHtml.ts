import DOMPurify from 'dompurify';

/** What the rich-text editor makes, and all a reopened draft may bring into it. */
const EDITOR_TAGS = [
  'a',
  'b',
  'blockquote',
  'br',
  'div',
  'em',
  'i',
  'li',
  'ol',
  'p',
  'span',
  'strong',
  'u',
  'ul',
];

/**
 * A draft's HTML made safe for the editor, which lives in the app's own page: no scripts,
 * handlers, styles or images (a remote image would load from here), links only to web and
 * mail addresses.
 */
export function editorSafeHtml(html: string): string {
  return DOMPurify.sanitize(html, {
    ALLOWED_TAGS: EDITOR_TAGS,
    ALLOWED_ATTR: ['href'],
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  });
}

/** A link the user typed: web and mail addresses only (no javascript:, no data:). */
export function safeLinkUrl(input: string): string | null {
  const trimmed = input.trim();
  if (!trimmed) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(trimmed) ? trimmed : `https://${trimmed}`;
  return /^(https?:\/\/[^\s]+|mailto:[^\s]+)$/i.test(withScheme) ? withScheme : null;
}
