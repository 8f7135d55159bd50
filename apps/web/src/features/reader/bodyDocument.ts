import { MessageHttpPath } from '@tidings/protocol';

/**
 * The document a message body renders in: a srcdoc frame (sandboxed without scripts, see
 * MessageFrame.tsx) whose first element is a Content-Security-Policy that loads nothing but
 * data: images and this message's inline images from the gateway; remote images only once the
 * user allowed them. The SPA's own CSP applies to the frame as well (srcdoc inherits it).
 */

export interface BodyDocumentOptions {
  /** Sanitised HTML, or escaped plain text (plainText.ts). */
  body: string;
  kind: 'html' | 'text';
  /** The SPA's origin, where the gateway serves inline images. */
  origin: string;
  allowRemote: boolean;
}

export function framePolicy(origin: string, allowRemote: boolean): string {
  const images = ['data:', `${origin}${MessageHttpPath.InlineImage}`];
  if (allowRemote) images.push('https:', 'http:');
  return [
    "default-src 'none'",
    `img-src ${images.join(' ')}`,
    "style-src 'unsafe-inline'",
    'font-src data:',
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/**
 * Readable defaults under the message's own styles. HTML mail is designed on white, so it
 * keeps a light scheme in dark mode (on a white card); plain text follows the app's theme.
 */
const BASE_STYLES = `
html { overflow: auto; }
body {
  margin: 0;
  padding: 16px 18px;
  font: 15px/1.55 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif;
  overflow-wrap: break-word;
}
html.tidings-html { color-scheme: light; }
html.tidings-text { color-scheme: light dark; }
body.tidings-html { color: #1b1f24; background: #ffffff; }
body.tidings-text { padding: 2px 0 8px; color: CanvasText; background: transparent; }
img { max-width: 100%; height: auto; }
img[data-tidings-blocked] { outline: 1px dashed #c9ced6; }
table { border-collapse: collapse; }
pre, code { font-family: ui-monospace, 'SF Mono', Menlo, Consolas, monospace; font-size: 13.5px; }
pre { white-space: pre-wrap; }
a { color: #2563eb; }
blockquote[type="cite"] { margin: 0 0 0 2px; padding: 0 0 0 12px; border-left: 3px solid #c9ced6; color: #4b5563; }
.tidings-plain { white-space: pre-wrap; font-size: 14.5px; }
.tidings-plain blockquote[type="cite"] blockquote[type="cite"] { border-left-color: #a5b4fc; }
@media (prefers-color-scheme: dark) {
  body.tidings-text a { color: #8ab4ff; }
  body.tidings-text blockquote[type="cite"] { border-left-color: #3a414c; color: #9aa3ae; }
}
@media print {
  html.tidings-text { color-scheme: light; }
  body.tidings-text a { color: #2563eb; }
  body.tidings-text blockquote[type="cite"] { border-left-color: #c9ced6; color: #4b5563; }
}
`;

export function bodyDocument({ body, kind, origin, allowRemote }: BodyDocumentOptions): string {
  const policy = framePolicy(origin, allowRemote).replace(/"/g, '&quot;');
  return [
    `<!doctype html><html class="tidings-${kind}"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="${policy}">`,
    '<meta name="referrer" content="no-referrer">',
    // No DNS look-ups for the message's link hosts either.
    '<meta http-equiv="x-dns-prefetch-control" content="off">',
    `<style>${BASE_STYLES}</style>`,
    `</head><body class="tidings-${kind}">${body}</body></html>`,
  ].join('');
}
