import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@tidings/protocol';
import { MAX_HTML_DEPTH, sanitizeHtml } from './sanitize-html.ts';

describe('sanitizeHtml', () => {
  it('keeps ordinary rich text as it was', () => {
    const html =
      '<p>Hello <b>Ada</b>, <a href="https://example.org/?a=1&amp;b=2">link</a><br>' +
      '<img src="cid:logo" alt="logo"></p><ul><li>one</li></ul>';
    expect(sanitizeHtml(html)).toBe(html);
  });

  it('drops script, iframe, object and embed with their content', () => {
    const out = sanitizeHtml(
      '<p>a</p><script>alert(1)</script><iframe src="https://evil.test">x</iframe>' +
        '<object data="x.swf"><param name="a" value="b">fallback</object><embed src="x">' +
        '<svg><script>alert(2)</script><circle r="1"></circle></svg><p>b</p>',
    );
    expect(out).toBe('<p>a</p><svg><circle r="1"></circle></svg><p>b</p>');
  });

  it('drops event handlers and script URLs, however they are spelled', () => {
    const out = sanitizeHtml(
      '<img src=x onerror="alert(1)" OnLoad=alert(2)>' +
        '<a href=" java&#x09;script:alert(3)">a</a><a href="VBScript:x">b</a>' +
        '<a href="data:text/html,<script>alert(4)</script>">c</a>' +
        '<svg><animate onbegin="alert(5)" attributeName="x"></animate></svg>',
    );
    expect(out).not.toMatch(/on(error|load|begin)|script:|data:text/i);
    expect(out).toContain('<img src="x">');
    expect(out).toContain('<a>a</a>');
  });

  it('keeps pasted pictures (data:image) but no other data: URL', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    expect(sanitizeHtml(`<img src="${png}">`)).toBe(`<img src="${png}">`);
    expect(sanitizeHtml('<img src="data:image/svg+xml;base64,PHN2Zz4=">')).toBe('<img>');
  });

  it('re-serializes quoting tricks so no markup slips through', () => {
    const out = sanitizeHtml(`<p title='x"><script>alert(1)</script>'>t</p><!--<script>-->`);
    expect(out).toBe('<p title="x&quot;><script>alert(1)</script>">t</p>');
    expect(sanitizeHtml('<p>1 &lt; 2 &amp; <b>3</b></p>')).toBe('<p>1 &lt; 2 &amp; <b>3</b></p>');
  });

  it('keeps style sheets as CSS, and cannot be broken out of them', () => {
    expect(sanitizeHtml('<style>p > b { color: red }</style>')).toBe(
      '<style>p > b { color: red }</style>',
    );
    expect(sanitizeHtml('<style>a{}</style ><script>alert(1)</script>')).toBe('<style>a{}</style>');
  });

  it('keeps deep quoting, and refuses nesting no mail needs before reading far into it', () => {
    const nested = (depth: number, tag = 'blockquote') =>
      `${`<${tag}>`.repeat(depth)}x${`</${tag}>`.repeat(depth)}`;
    expect(sanitizeHtml(nested(MAX_HTML_DEPTH))).toBe(nested(MAX_HTML_DEPTH));
    // Siblings, and elements the parser closes itself (<p> before <p>), do not add up.
    const wide = '<div><p>a<p>b<br><img src="cid:x"></div>'.repeat(MAX_HTML_DEPTH * 4);
    expect(sanitizeHtml(wide)).toContain('<p>b<br>');
    // 300,000 open elements (1.5 MB): stopped at the limit, not parsed to the end (n² steps).
    for (const html of [nested(MAX_HTML_DEPTH + 1), '<b>'.repeat(300_000)]) {
      expect(() => sanitizeHtml(html)).toThrow(
        expect.objectContaining({
          code: ErrorCode.BadRequest,
          message: expect.stringMatching(/nests more than 512/),
        }),
      );
    }
  });
});
