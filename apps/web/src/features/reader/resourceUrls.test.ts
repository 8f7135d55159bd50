import { describe, expect, it } from 'vitest';
import {
  attachmentUrl,
  classifyResourceUrl,
  inlineImageUrl,
  safeLinkHref,
  sourceUrl,
} from './resourceUrls.ts';

const ORIGIN = 'http://127.0.0.1:8080';
const message = { mailbox: 'Lists/Tidings (2)', uidValidity: 3, uid: 9 };

describe('classifyResourceUrl', () => {
  it.each([
    ['cid:logo@example.test', { kind: 'inline', cid: 'logo@example.test' }],
    ['CID:%3Clogo%40x%3E', { kind: 'inline', cid: 'logo@x' }],
    ['data:image/png;base64,AAAA', { kind: 'data' }],
    ['  data:image/svg+xml,<svg/>', { kind: 'data' }],
    ['#frag', { kind: 'fragment' }],
    ['https://t.example/p.gif', { kind: 'remote', href: 'https://t.example/p.gif' }],
    ['//t.example/p.gif', { kind: 'remote', href: 'http://t.example/p.gif' }],
    ['\\\\t.example/p.gif', { kind: 'remote', href: 'http://t.example/p.gif' }],
    ['ht\ntps://t.example/p.gif', { kind: 'remote', href: 'https://t.example/p.gif' }],
  ])('%s', (url, expected) => {
    expect(classifyResourceUrl(url, ORIGIN)).toEqual(expected);
  });

  it.each([
    'javascript:alert(1)',
    ' java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'x.png',
    '/api/session',
    'http:api/session',
    `${ORIGIN}/api/message/source?uid=1`,
    'ftp://t.example/x',
    'cid:',
    'cid:a b',
  ])('refuses %s', (url) => {
    expect(classifyResourceUrl(url, ORIGIN)).toEqual({ kind: 'refused' });
  });
});

describe('safeLinkHref', () => {
  it('keeps absolute web and mail links, canonicalised', () => {
    expect(safeLinkHref(' https://example.com/a b ', ORIGIN)).toBe('https://example.com/a%20b');
    expect(safeLinkHref('mailto:ada@example.test', ORIGIN)).toBe('mailto:ada@example.test');
  });

  it.each(['javascript:alert(1)', 'data:text/html,x', '/relative', '#frag', 'file:///etc/passwd'])(
    'drops %s',
    (href) => {
      expect(safeLinkHref(href, ORIGIN)).toBeNull();
    },
  );
});

describe('gateway URLs', () => {
  it('encode every parameter, parentheses and quotes included', () => {
    expect(inlineImageUrl(ORIGIN, message, "a(b)'c")).toBe(
      `${ORIGIN}/api/message/inline?mailbox=Lists%2FTidings%20%282%29&uidValidity=3&uid=9&cid=a%28b%29%27c`,
    );
    expect(attachmentUrl(message, '2.1')).toBe(
      '/api/message/attachment?mailbox=Lists%2FTidings%20%282%29&uidValidity=3&uid=9&part=2.1',
    );
    expect(sourceUrl(message)).toBe(
      '/api/message/source?mailbox=Lists%2FTidings%20%282%29&uidValidity=3&uid=9',
    );
  });
});
