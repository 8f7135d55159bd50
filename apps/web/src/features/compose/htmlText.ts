import { escapeHtml } from '../reader/plainText.ts';

/**
 * The signature separator, "-- " alone on a line (RFC 3676 §4.3, the usenet "sig dash"):
 * mail clients recognise what follows as a signature, grey it out and leave it out of quotes.
 */
export const SIGNATURE_DELIMITER = '-- ';

/** Elements that start a new line in the text version. */
const BLOCKS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'DIV',
  'DL',
  'DT',
  'DD',
  'FIELDSET',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'TABLE',
  'TR',
  'UL',
]);
/** Never text: scripts, styles and the like. */
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'HEAD', 'TITLE']);

/**
 * The text/plain alternative of an HTML body: text with line breaks where blocks and <br>
 * are, "- " before list items, "> " before quoted lines, a link's address after its text.
 * DOMParser's documents are inert: nothing in them loads or runs.
 */
export function htmlToText(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const lines: string[] = [];
  let line = '';
  const flush = (quote: number) => {
    // The signature separator keeps its space (RFC 3676 §4.3): "--" alone is no separator.
    const kept = /^\s*-- +$/.test(line) ? SIGNATURE_DELIMITER : line.trimEnd();
    lines.push(quote > 0 ? `${'> '.repeat(quote)}${line}`.trimEnd() : kept);
    line = '';
  };

  const walk = (node: Node, quote: number) => {
    if (node.nodeType === Node.TEXT_NODE) {
      line += (node.textContent ?? '').replace(/\s+/g, ' ');
      return;
    }
    if (!(node instanceof Element) || SKIPPED.has(node.tagName)) return;
    const tag = node.tagName;
    if (tag === 'BR') return flush(quote);
    const block = BLOCKS.has(tag);
    const inner = tag === 'BLOCKQUOTE' ? quote + 1 : quote;
    if (block && line.trim()) flush(quote);
    if (tag === 'LI') line += '- ';
    for (const child of node.childNodes) walk(child, inner);
    if (tag === 'A') {
      const href = node.getAttribute('href') ?? '';
      const text = node.textContent?.trim() ?? '';
      if (/^(https?:|mailto:)/i.test(href) && href !== text && href !== `mailto:${text}`) {
        line += ` <${href}>`;
      }
    }
    if (block && line.trim()) flush(inner);
  };
  walk(doc.body, 0);
  if (line.trim()) flush(0);
  // Leading spaces left by inline whitespace, and runs of blank lines, go.
  return lines
    .map((l) => l.replace(/^ +/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Plain text as the rich editor's HTML: escaped, one <div> per line (as contenteditable makes them). */
export function textToHtml(text: string): string {
  return text
    .split('\n')
    .map((line) => (line ? `<div>${escapeHtml(line)}</div>` : '<div><br></div>'))
    .join('');
}
