import { describe, expect, it } from 'vitest';
import { csrfTokenMatches, SessionStore } from './session-store.ts';

describe('SessionStore', () => {
  it('creates unguessable sessions and expires idle ones', () => {
    let now = 0;
    const store = new SessionStore({ idleTtlMs: 1000, now: () => now });
    const a = store.create('a@x.test', 'a@x.test', { user: 'a@x.test', password: 'pw' });
    const b = store.create('a@x.test', 'a@x.test', { user: 'a@x.test', password: 'pw' });
    expect(a.id).not.toBe(b.id);
    expect(a.id.length).toBeGreaterThanOrEqual(43);
    expect(store.get(a.id)).toBe(a);
    now = 900;
    expect(store.get(a.id)).toBe(a); // refreshed
    now = 1800;
    expect(store.get(a.id)).toBe(a);
    now = 3000;
    expect(store.get(a.id)).toBeUndefined();
    expect(store.get(undefined)).toBeUndefined();
  });

  it('ends every session of an account', () => {
    const store = new SessionStore({ idleTtlMs: 1000 });
    store.create('a', 'a', { user: 'a', password: 'p' });
    store.create('a', 'a', { user: 'a', password: 'p' });
    const other = store.create('b', 'b', { user: 'b', password: 'p' });
    expect(store.deleteAccount('a')).toHaveLength(2);
    expect(store.forAccount('a')).toHaveLength(0);
    expect(store.get(other.id)).toBe(other);
  });

  it('checks CSRF tokens exactly', () => {
    const store = new SessionStore({ idleTtlMs: 1000 });
    const s = store.create('a', 'a', { user: 'a', password: 'p' });
    expect(csrfTokenMatches(s, s.csrfToken)).toBe(true);
    expect(csrfTokenMatches(s, s.csrfToken.slice(1))).toBe(false);
    expect(csrfTokenMatches(s, undefined)).toBe(false);
  });
});
