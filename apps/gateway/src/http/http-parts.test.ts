import { describe, expect, it } from 'vitest';
import { parseCookies, serializeSessionCookie } from './cookies.ts';
import { LoginThrottle } from './login-throttle.ts';
import { isSameOrigin } from './origin.ts';

describe('cookies', () => {
  it('parses the first occurrence and tolerates junk', () => {
    const cookies = parseCookies('a=1; tidings_sid=abc; a=2; junk; b="q%20x"; c=%E0%A4%A');
    expect(cookies.get('a')).toBe('1');
    expect(cookies.get('tidings_sid')).toBe('abc');
    expect(cookies.get('b')).toBe('q x');
    expect(cookies.get('c')).toBe('%E0%A4%A');
  });

  it('serializes an httpOnly SameSite=Strict cookie', () => {
    const header = serializeSessionCookie('tidings_sid', 'v', { secure: true });
    expect(header).toContain('HttpOnly');
    expect(header).toContain('SameSite=Strict');
    expect(header).toContain('Secure');
    expect(serializeSessionCookie('s', 'v', { secure: false })).not.toContain('Secure');
  });
});

describe('isSameOrigin', () => {
  it('accepts requests from its own host only', () => {
    expect(isSameOrigin(undefined, '127.0.0.1:8080', [])).toBe(true);
    expect(isSameOrigin('http://127.0.0.1:8080', '127.0.0.1:8080', [])).toBe(true);
    expect(isSameOrigin('http://evil.test', '127.0.0.1:8080', [])).toBe(false);
    expect(isSameOrigin('null', '127.0.0.1:8080', [])).toBe(false);
    expect(
      isSameOrigin('http://mail.example.org', '127.0.0.1:8080', ['http://mail.example.org']),
    ).toBe(true);
    expect(isSameOrigin('not a url', '127.0.0.1:8080', [])).toBe(false);
  });
});

describe('LoginThrottle', () => {
  it('blocks after too many failures within the window and forgets them after', () => {
    let now = 0;
    const throttle = new LoginThrottle(3, 1000, () => now);
    for (let i = 0; i < 3; i++) throttle.recordFailure('k');
    expect(throttle.isBlocked('k')).toBe(true);
    expect(throttle.isBlocked('other')).toBe(false);
    now = 1001;
    expect(throttle.isBlocked('k')).toBe(false);
  });
});
