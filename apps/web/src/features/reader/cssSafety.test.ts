import { describe, expect, it } from 'vitest';
import {
  auditCssText,
  auditDeclaration,
  decodeCssEscapes,
  normalizeCss,
  rewriteCssUrls,
  urlsInNormalizedCss,
  type CssPolicy,
} from './cssSafety.ts';

const ORIGIN = 'http://127.0.0.1:8080';
const policy: CssPolicy = {
  origin: ORIGIN,
  allowRemote: false,
  inlineUrl: (cid) => `${ORIGIN}/api/message/inline?uid=1&cid=${encodeURIComponent(cid)}`,
};
const allowing: CssPolicy = { ...policy, allowRemote: true };

describe('normalizeCss', () => {
  it('decodes escapes and removes comments the way a tokenizer reads them', () => {
    expect(decodeCssEscapes('\\75 rl(')).toBe('url(');
    expect(decodeCssEscapes('\\000075rl')).toBe('url');
    expect(decodeCssEscapes('a\\"b')).toBe('a"b');
    expect(normalizeCss('U/**/\\52 L(x)')).toBe('url(x)');
    expect(normalizeCss('\\0')).toBe('\ufffd');
  });

  it('finds every url(), quoted or not', () => {
    expect(urlsInNormalizedCss('url(a) url( "b c" ) url(\'d\')')).toEqual(['a', 'b c', 'd']);
  });
});

describe('rewriteCssUrls', () => {
  it('rewrites each literal url() through the callback, quoting the result', () => {
    expect(rewriteCssUrls('url(a) no-repeat, URL("b")', (u) => `${u}!`)).toBe(
      'url("a!") no-repeat, url("b!")',
    );
  });

  it('gives up on the whole value when one URL is refused', () => {
    expect(rewriteCssUrls('url(a), url(b)', (u) => (u === 'b' ? null : u))).toBeNull();
  });

  it('escapes what could end the string', () => {
    expect(rewriteCssUrls('url(x)', () => 'a"b')).toBe('url("a\\22 b")');
  });
});

describe('auditDeclaration', () => {
  it('keeps ordinary declarations', () => {
    expect(auditDeclaration('color', 'red', policy)).toEqual({ keep: true, value: 'red' });
  });

  it('blocks remote images until allowed, and says so', () => {
    expect(auditDeclaration('background-image', 'url(https://t.example/x.png)', policy)).toEqual({
      keep: false,
      remote: true,
    });
    expect(auditDeclaration('background-image', 'url(//t.example/x.png)', policy)).toEqual({
      keep: false,
      remote: true,
    });
    expect(auditDeclaration('background-image', 'url(https://t.example/x.png)', allowing)).toEqual({
      keep: true,
      value: 'url("https://t.example/x.png")',
    });
  });

  it('rewrites cid: to the gateway', () => {
    expect(auditDeclaration('background', 'url(cid:logo@x) no-repeat', policy)).toEqual({
      keep: true,
      value: `url("${ORIGIN}/api/message/inline?uid=1&cid=logo%40x") no-repeat`,
    });
  });

  it('keeps data: pictures and same-document fragments', () => {
    expect(
      auditDeclaration('list-style-image', 'url("data:image/gif;base64,R0lG")', policy).keep,
    ).toBe(true);
    expect(auditDeclaration('filter', 'url(#blur)', policy).keep).toBe(true);
  });

  it.each([
    ['background', 'url(javascript:alert(1))'],
    ['background', 'url(x.png)'],
    ['background', `url(${ORIGIN}/api/session)`],
    ['background', 'url(data:text/html,x)'],
    ['width', 'expression(alert(1))'],
    ['width', 'e\\78 pression(alert(1))'],
    ['behavior', 'url(#default#time2)'],
    ['-moz-binding', 'url(x.xml#xss)'],
    ['-\\6d oz-binding', 'url(x.xml#xss)'],
    ['--x', '\\75 rl(http://t.example/x.png)'],
    ['--x', 'u\\rl(https://t.example/x.png)'],
    ['background-image', 'image-set("https://t.example/x.png" 1x)'],
    ['background-image', '-webkit-image-set("x.png" 1x)'],
    ['content', 'src("https://t.example/x.png")'],
  ])('drops %s: %s', (property, value) => {
    expect(auditDeclaration(property, value, policy).keep).toBe(false);
  });

  it('counts an escaped remote url() as remote', () => {
    expect(auditDeclaration('--x', '\\75 rl(http://t.example/x.png)', policy)).toEqual({
      keep: false,
      remote: true,
    });
  });

  it('turns fixed and sticky positioning (and anything indirect) into static', () => {
    for (const value of ['fixed', 'STICKY', 'var(--p)', 'f\\69xed', '-webkit-sticky']) {
      expect(auditDeclaration('position', value, policy)).toEqual({ keep: true, value: 'static' });
    }
    expect(auditDeclaration('position', 'absolute', policy)).toEqual({
      keep: true,
      value: 'absolute',
    });
  });
});

describe('auditCssText', () => {
  it('finds a url() a var() shorthand keeps out of its longhands', () => {
    expect(
      auditCssText('background: url(http://t.example/x.png) var(--c, red); color: red;', policy),
    ).toEqual({ safe: false, remote: true });
  });

  it('passes blocks that load only what is allowed', () => {
    const inline = policy.inlineUrl('logo');
    expect(auditCssText(`background: url("${inline}") var(--c); color: red;`, policy)).toEqual({
      safe: true,
      remote: false,
    });
  });
});
