import { describe, expect, it } from 'vitest';
import { escapeHtml, linkify, plainTextToHtml, quoteDepth } from './plainText.ts';

const link = (url: string) =>
  `<a href="${url}" target="_blank" rel="noopener noreferrer">${url}</a>`;

describe('plain text', () => {
  it('escapes markup', () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')">&`)).toBe(
      '&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;',
    );
  });

  it('links http, https and mailto URLs only', () => {
    expect(linkify('see https://example.com/a?b=1&c=2.')).toBe(
      `see ${link('https://example.com/a?b=1&amp;c=2')}.`,
    );
    expect(linkify('mail mailto:ada@example.test')).toBe(`mail ${link('mailto:ada@example.test')}`);
    expect(linkify('javascript:alert(1) ftp://x.test www.example.com')).toBe(
      'javascript:alert(1) ftp://x.test www.example.com',
    );
  });

  it('keeps parentheses a URL opened and drops one it did not', () => {
    expect(linkify('(https://en.wikipedia.org/wiki/Mail_(disambiguation))')).toBe(
      `(${link('https://en.wikipedia.org/wiki/Mail_(disambiguation)')})`,
    );
  });

  it('never lets a URL carry markup', () => {
    expect(linkify('http://x.test/"onmouseover="alert(1)')).toBe(
      `${link('http://x.test/')}&quot;onmouseover=&quot;alert(1)`,
    );
  });

  it('reads quote depth from > markers', () => {
    expect(quoteDepth('> > hi')).toEqual({ depth: 2, text: 'hi' });
    expect(quoteDepth('>>hi')).toEqual({ depth: 2, text: 'hi' });
    expect(quoteDepth('a > b')).toEqual({ depth: 0, text: 'a > b' });
  });

  it('nests quoted lines in blockquotes', () => {
    expect(plainTextToHtml('Hi\r\n> said\r\n>> before\r\nOk\r\n')).toBe(
      '<div class="tidings-plain">Hi\n<blockquote type="cite">said\n' +
        '<blockquote type="cite">before\n</blockquote></blockquote>Ok\n</div>',
    );
  });
});
