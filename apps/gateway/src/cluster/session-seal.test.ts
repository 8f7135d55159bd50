import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seal, sessionIdFor, unseal } from './session-seal.ts';

const token = () => randomBytes(32).toString('base64url');

describe('session records sealed with the cookie token', () => {
  it('opens with the token that sealed it', () => {
    const t = token();
    const secret = { credentials: { user: 'a@example.test', password: 'hunter2' } };
    expect(unseal(t, seal(t, secret))).toEqual(secret);
  });

  it('never contains the secret in clear', () => {
    const t = token();
    const sealed = JSON.stringify(seal(t, { password: 'correct horse battery staple' }));
    expect(sealed).not.toContain('correct horse');
    expect(sealed).not.toContain(t);
  });

  it('refuses another token and a tampered record', () => {
    const t = token();
    const sealed = seal(t, { password: 'p' });
    expect(unseal(token(), sealed)).toBeUndefined();
    const data = Buffer.from(sealed.data, 'base64');
    data[0] = (data[0] ?? 0) ^ 1;
    expect(unseal(t, { ...sealed, data: data.toString('base64') })).toBeUndefined();
  });

  it('derives a stable id that is not the token', () => {
    const t = token();
    expect(sessionIdFor(t)).toBe(sessionIdFor(t));
    expect(sessionIdFor(t)).not.toBe(t);
    expect(sessionIdFor(t)).not.toBe(sessionIdFor(token()));
  });
});
