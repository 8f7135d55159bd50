import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff.ts';
import { decodeFlags, encodeFlags } from './flag-bits.ts';
import { roleOf } from './mailbox-list.ts';
import { SummaryCache } from './summary-cache.ts';
import { toLoginError, LoginFailure } from './imap-server.ts';
import { MAX_ROW_ADDRESSES } from '@tidings/protocol';
import { toMessageSummary } from './envelope.ts';
import { parsePreviewResponse } from './preview.ts';

describe('flag bits', () => {
  it('round-trips system flags and keeps unknown keywords', () => {
    const encoded = encodeFlags(['\\Seen', '\\flagged', '$Forwarded', '$Label1', '\\Recent']);
    expect(decodeFlags(encoded.bits, encoded.keywords)).toEqual([
      '\\Seen',
      '\\Flagged',
      '$Forwarded',
      '$Label1',
    ]);
  });
});

describe('backoff', () => {
  it('grows exponentially with jitter and stays capped', () => {
    expect(backoffDelay(0, DEFAULT_BACKOFF, () => 0)).toBe(500);
    expect(backoffDelay(0, DEFAULT_BACKOFF, () => 1)).toBe(1000);
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 1)).toBe(8000);
    expect(backoffDelay(50, DEFAULT_BACKOFF, () => 1)).toBe(DEFAULT_BACKOFF.capMs);
    expect(backoffDelay(50, DEFAULT_BACKOFF, () => 0)).toBe(DEFAULT_BACKOFF.capMs / 2);
  });

  it('a server that drops every login gets at most a handful of attempts a minute after warm-up', () => {
    let elapsed = 0;
    let attempts = 0;
    for (let attempt = 0; elapsed < 10 * 60_000; attempt++) {
      elapsed += backoffDelay(attempt, DEFAULT_BACKOFF, () => 0);
      if (elapsed > 5 * 60_000) attempts++;
    }
    expect(attempts).toBeLessThanOrEqual(2 * 5 + 1); // ≤ 2 a minute once capped
  });
});

describe('roleOf', () => {
  it('recognises special-use in any case and INBOX by name', () => {
    expect(roleOf({ path: 'INBOX', flags: new Set() })).toBe('inbox');
    expect(roleOf({ path: 'Sent Items', specialUse: '\\sent', flags: new Set() })).toBe('sent');
    expect(roleOf({ path: 'Bin', flags: new Set(['\\HasNoChildren', '\\TRASH']) })).toBe('trash');
    expect(roleOf({ path: 'Projects', flags: new Set(['\\HasNoChildren']) })).toBeNull();
  });
});

describe('SummaryCache', () => {
  it('evicts the least recently used entry', () => {
    const cache = new SummaryCache(2);
    const summary = (uid: number) => ({
      uid,
      from: [],
      to: [],
      subject: '',
      date: '',
      flags: [],
      size: 0,
    });
    cache.set(summary(1));
    cache.set(summary(2));
    cache.get(1);
    cache.set(summary(3));
    expect(cache.get(2)).toBeUndefined();
    expect(cache.get(1)?.uid).toBe(1);
    expect(cache.size).toBe(2);
  });
});

describe('toLoginError', () => {
  it('tells a rejected password from an unreachable server', () => {
    expect(toLoginError(Object.assign(new Error('x'), { authenticationFailed: true })).kind).toBe(
      LoginFailure.Rejected,
    );
    const unreachable = toLoginError(
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    );
    expect(unreachable.kind).toBe(LoginFailure.Unreachable);
    expect(unreachable.message).toContain('ECONNREFUSED');
  });

  it('takes a login the server could not handle just now (RFC 5530 UNAVAILABLE) for no verdict on the password', () => {
    const refused = (serverResponseCode: string) =>
      toLoginError(
        Object.assign(new Error('Command failed'), {
          authenticationFailed: true,
          serverResponseCode,
        }),
      ).kind;
    // What Dovecot answers while its auth service restarts: the session must not end over it.
    expect(refused('UNAVAILABLE')).toBe(LoginFailure.Unreachable);
    expect(refused('SERVERBUG')).toBe(LoginFailure.Unreachable);
    expect(refused('AUTHENTICATIONFAILED')).toBe(LoginFailure.Rejected);
    expect(refused('AUTHORIZATIONFAILED')).toBe(LoginFailure.Rejected);
  });
});

describe('toMessageSummary', () => {
  it('names at most MAX_ROW_ADDRESSES recipients, skipping empty ones', () => {
    const to = [
      { name: '', address: '' },
      ...Array.from({ length: 1000 }, (_, i) => ({ name: `R${i}`, address: `r${i}@x.test` })),
    ];
    const summary = toMessageSummary({ seq: 1, uid: 4, envelope: { to } });
    expect(summary.to).toHaveLength(MAX_ROW_ADDRESSES);
    expect(summary.to[0]).toEqual({ name: 'R0', address: 'r0@x.test' });
  });

  it('survives a message with no envelope and a broken date', () => {
    const summary = toMessageSummary({ seq: 1, uid: 9, internalDate: 'not a date' });
    expect(summary).toMatchObject({
      uid: 9,
      subject: '',
      from: [],
      to: [],
      size: 0,
      date: new Date(0).toISOString(),
    });
  });

  it('prefers the Date header and drops \\Recent', () => {
    const summary = toMessageSummary({
      seq: 1,
      uid: 3,
      size: 120,
      flags: new Set(['\\Recent', '\\Seen']),
      envelope: {
        date: new Date('2026-01-02T03:04:05Z'),
        subject: 'Hi',
        from: [{ name: 'Ann', address: 'ann@x.test' }],
      },
    });
    expect(summary).toMatchObject({
      date: '2026-01-02T03:04:05.000Z',
      subject: 'Hi',
      flags: ['\\Seen'],
      from: [{ name: 'Ann', address: 'ann@x.test' }],
    });
  });
});

describe('parsePreviewResponse', () => {
  const attrs = (items: unknown[]) => [{ type: 'ATOM', value: 'FETCH' }, items];

  it('reads UID and PREVIEW in any order and tidies whitespace', () => {
    expect(
      parsePreviewResponse(
        attrs([
          { type: 'ATOM', value: 'PREVIEW' },
          { type: 'STRING', value: ' Hello\r\n  there ' },
          { type: 'ATOM', value: 'UID' },
          { type: 'ATOM', value: '12' },
        ]),
      ),
    ).toEqual({ uid: 12, preview: 'Hello there' });
    expect(
      parsePreviewResponse(
        attrs([
          { type: 'ATOM', value: 'UID' },
          { type: 'ATOM', value: '3' },
        ]),
      ),
    ).toBeNull();
    expect(parsePreviewResponse([])).toBeNull();
  });

  it('reads a PREVIEW the server sent as a literal (8-bit text), as UTF-8', () => {
    const text = 'Total paid: €139.87, signed Søren';
    expect(
      parsePreviewResponse(
        attrs([
          { type: 'ATOM', value: 'UID' },
          { type: 'ATOM', value: '40' },
          { type: 'ATOM', value: 'PREVIEW' },
          { type: 'LITERAL', value: Buffer.from(text) },
        ]),
      ),
    ).toEqual({ uid: 40, preview: text });
  });
});
