// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { htmlToText, textToHtml } from './htmlText.ts';

describe('htmlToText', () => {
  it('breaks lines at blocks and <br>', () => {
    expect(htmlToText('<div>Hello</div><div><b>bold</b> and <i>italic</i></div>one<br>two')).toBe(
      'Hello\nbold and italic\none\ntwo',
    );
  });

  it('writes lists, links and quotes as text', () => {
    expect(
      htmlToText(
        '<ul><li>first</li><li>second</li></ul><p><a href="https://example.org/x">the site</a></p><blockquote>quoted<br>twice</blockquote>',
      ),
    ).toBe('- first\n- second\nthe site <https://example.org/x>\n> quoted\n> twice');
  });

  it('leaves out scripts and styles, and never runs them', () => {
    expect(htmlToText('<style>p{}</style><script>window.ran = 1</script><p>text</p>')).toBe('text');
    expect((window as unknown as { ran?: number }).ran).toBeUndefined();
  });
});

describe('textToHtml', () => {
  it('escapes and keeps lines', () => {
    expect(textToHtml('a <b>\n\nc')).toBe('<div>a &lt;b&gt;</div><div><br></div><div>c</div>');
  });

  it('round-trips plain text through the editor form', () => {
    const text = 'Dear Ada,\n\nthe engine <works>.\n- yes';
    expect(htmlToText(textToHtml(text))).toBe(text);
  });
});
