/**
 * A text/plain body as HTML for the message frame: every character escaped, http(s) and
 * mailto URLs made links, quoted lines ("> ", RFC 3676 §4.5) nested in blockquotes. The
 * gateway has already undone format=flowed, so lines are shown as they come.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Only these become links; everything else stays text. */
const LINK = /\b(?:https?:\/\/|mailto:)[^\s<>"'`]+/gi;
/** Sentence punctuation after a URL belongs to the sentence. */
const TRAILING_PUNCTUATION = /[.,;:!?'"*_]+$/;

/** Escapes `text` and turns its URLs into links that open in a new tab. */
export function linkify(text: string): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const start = match.index;
    const url = trimUrl(match[0]);
    if (!isWebOrMailUrl(url)) continue;
    html += escapeHtml(text.slice(last, start));
    html += `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(url)}</a>`;
    last = start + url.length;
  }
  return html + escapeHtml(text.slice(last));
}

/** Drops trailing punctuation, and a closing parenthesis the URL did not open. */
function trimUrl(candidate: string): string {
  let url = candidate;
  for (;;) {
    const trimmed = url.replace(TRAILING_PUNCTUATION, '');
    const opens = (trimmed.match(/\(/g) ?? []).length;
    const closes = (trimmed.match(/\)/g) ?? []).length;
    const next = trimmed.endsWith(')') && closes > opens ? trimmed.slice(0, -1) : trimmed;
    if (next === url) return url;
    url = next;
  }
}

function isWebOrMailUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      ((parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.host !== '') ||
      (parsed.protocol === 'mailto:' && parsed.pathname !== '')
    );
  } catch {
    return false;
  }
}

/** How deeply a line is quoted, and the line without its markers (">", "> >", ">>"). */
export function quoteDepth(line: string): { depth: number; text: string } {
  const marker = /^(?:> ?)+/.exec(line);
  if (!marker) return { depth: 0, text: line };
  const depth = (marker[0].match(/>/g) ?? []).length;
  return { depth, text: line.slice(marker[0].length) };
}

/** The body of the frame for a plain text message. */
export function plainTextToHtml(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  let html = '';
  let depth = 0;
  for (const line of lines) {
    const quoted = quoteDepth(line);
    while (depth < quoted.depth) {
      html += '<blockquote type="cite">';
      depth += 1;
    }
    while (depth > quoted.depth) {
      html += '</blockquote>';
      depth -= 1;
    }
    html += `${linkify(quoted.text)}\n`;
  }
  html += '</blockquote>'.repeat(depth);
  return `<div class="tidings-plain">${html}</div>`;
}
