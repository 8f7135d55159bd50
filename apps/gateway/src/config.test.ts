import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_SESSION_GRACE_MS, parseEnv } from './config.ts';

describe('parseEnv', () => {
  it('defaults to the embedded demo on 127.0.0.1:8080', () => {
    const config = parseEnv({});
    expect(config.imap).toBeNull();
    expect(config.port).toBe(8080);
    expect(config.host).toBe('127.0.0.1');
    expect(config.gateway.sessionGraceMs).toBe(DEFAULT_SESSION_GRACE_MS);
    expect(config.demo.liveMail).toBe(true);
  });

  it('reads an IMAP server with sensible port and security defaults', () => {
    expect(parseEnv({ IMAP_HOST: 'imap.example.org' }).imap).toEqual({
      host: 'imap.example.org',
      port: 993,
      security: 'tls',
    });
    expect(parseEnv({ IMAP_HOST: 'h', IMAP_PORT: '143' }).imap).toEqual({
      host: 'h',
      port: 143,
      security: 'starttls',
    });
    expect(parseEnv({ IMAP_HOST: 'h', IMAP_SECURE: 'none' }).imap).toEqual({
      host: 'h',
      port: 143,
      security: 'none',
    });
  });

  it('refuses nonsense with a clear error', () => {
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => parseEnv({ IMAP_HOST: 'h', IMAP_SECURE: 'maybe' })).toThrow(/IMAP_SECURE/);
    expect(() => parseEnv({ DEMO_LIVE_MAIL: 'perhaps' })).toThrow(/DEMO_LIVE_MAIL/);
    expect(() => parseEnv({ IDLE_REISSUE_MS: '10' })).toThrow(/IDLE_REISSUE_MS/);
  });

  it('turns demo live mail off and reads the grace period', () => {
    const config = parseEnv({ DEMO_LIVE_MAIL: 'off', SESSION_GRACE_MS: '500' });
    expect(config.demo.liveMail).toBe(false);
    expect(config.gateway.sessionGraceMs).toBe(500);
  });
});
