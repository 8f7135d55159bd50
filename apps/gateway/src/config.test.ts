import { describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES } from '@tidings/protocol';
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

  it('turns IMAP compression on only when asked', () => {
    expect(parseEnv({ IMAP_HOST: 'h' }).imap?.compress).toBeFalsy();
    expect(parseEnv({ IMAP_HOST: 'h', IMAP_COMPRESS: 'on' }).imap?.compress).toBe(true);
    expect(() => parseEnv({ IMAP_HOST: 'h', IMAP_COMPRESS: 'deflate' })).toThrow(/IMAP_COMPRESS/);
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

  it('serves the SPA unless SERVE_WEB is off', () => {
    expect(parseEnv({}).serveWeb).toBe(true);
    expect(parseEnv({ SERVE_WEB: 'off' }).serveWeb).toBe(false);
    expect(() => parseEnv({ SERVE_WEB: 'maybe' })).toThrow(/SERVE_WEB/);
  });

  it('leaves SMTP to the demo when no server is named, else submits to the IMAP host', () => {
    expect(parseEnv({}).gateway.smtp).toBeNull();
    expect(parseEnv({ IMAP_HOST: 'mail.example.org' }).gateway.smtp).toEqual({
      host: 'mail.example.org',
      port: 587,
      security: 'starttls',
    });
  });

  it('reads SMTP_HOST, SMTP_PORT and SMTP_SECURE with port-implied security', () => {
    expect(parseEnv({ SMTP_HOST: 'smtp.example.org', SMTP_PORT: '465' }).gateway.smtp).toEqual({
      host: 'smtp.example.org',
      port: 465,
      security: 'tls',
    });
    expect(parseEnv({ SMTP_HOST: 's', SMTP_SECURE: 'tls' }).gateway.smtp).toEqual({
      host: 's',
      port: 465,
      security: 'tls',
    });
    expect(
      parseEnv({ IMAP_HOST: 'i', SMTP_HOST: 's', SMTP_PORT: '2525', SMTP_SECURE: 'none' }).gateway
        .smtp,
    ).toEqual({ host: 's', port: 2525, security: 'none' });
    expect(() => parseEnv({ SMTP_HOST: 's', SMTP_SECURE: 'ssl' })).toThrow(/SMTP_SECURE/);
    expect(() => parseEnv({ SMTP_HOST: 's', SMTP_PORT: '0' })).toThrow(/SMTP_PORT/);
  });

  it('finds ManageSieve beside IMAP on 4190 with STARTTLS, or where SIEVE_* say, or nowhere', () => {
    expect(parseEnv({}).gateway.sieve).toBeNull();
    expect(parseEnv({ IMAP_HOST: 'mail.example.org' }).gateway.sieve).toEqual({
      host: 'mail.example.org',
      port: 4190,
      security: 'starttls',
    });
    expect(
      parseEnv({ IMAP_HOST: 'i', SIEVE_HOST: 's', SIEVE_PORT: '2000', SIEVE_SECURE: 'tls' }).gateway
        .sieve,
    ).toEqual({ host: 's', port: 2000, security: 'tls' });
    expect(parseEnv({ IMAP_HOST: 'i', SIEVE: 'off' }).gateway.sieve).toBeNull();
    expect(() => parseEnv({ IMAP_HOST: 'i', SIEVE_SECURE: 'ssl' })).toThrow(/SIEVE_SECURE/);
  });

  it('keeps a Sent copy unless SENT_COPY is off', () => {
    expect(parseEnv({}).gateway.sentCopy).toBe(true);
    expect(parseEnv({ SENT_COPY: 'off' }).gateway.sentCopy).toBe(false);
    expect(() => parseEnv({ SENT_COPY: 'sometimes' })).toThrow(/SENT_COPY/);
  });

  it('reads the upload limit, refusing one above a whole message', () => {
    expect(parseEnv({}).gateway.uploadMaxBytes).toBe(MAX_UPLOAD_BYTES);
    expect(parseEnv({ UPLOAD_MAX_BYTES: '1048576' }).gateway.uploadMaxBytes).toBe(1_048_576);
    expect(() => parseEnv({ UPLOAD_MAX_BYTES: '0' })).toThrow(/UPLOAD_MAX_BYTES/);
    expect(() => parseEnv({ UPLOAD_MAX_BYTES: String(1024 ** 3) })).toThrow(/UPLOAD_MAX_BYTES/);
  });

  it('switches cluster mode on with REDIS_URL, only with a real mail server', () => {
    expect(parseEnv({}).gateway.cluster).toBeNull();
    expect(parseEnv({ IMAP_HOST: 'i', REDIS_URL: 'redis://r:6379' }).gateway.cluster).toEqual({
      redisUrl: 'redis://r:6379',
      nodeId: null,
      advertiseUrl: null,
    });
    expect(
      parseEnv({
        IMAP_HOST: 'i',
        REDIS_URL: 'redis://r',
        CLUSTER_NODE_ID: 'gw1',
        CLUSTER_ADVERTISE_URL: 'http://10.0.0.1:8081',
      }).gateway.cluster,
    ).toEqual({ redisUrl: 'redis://r', nodeId: 'gw1', advertiseUrl: 'http://10.0.0.1:8081' });
    expect(() => parseEnv({ REDIS_URL: 'redis://r' })).toThrow(/IMAP_HOST/);
    expect(() => parseEnv({ IMAP_HOST: 'i', REDIS_URL: 'r:6379' })).toThrow(/REDIS_URL/);
    expect(() => parseEnv({ CLUSTER_NODE_ID: 'gw1' })).toThrow(/REDIS_URL/);
    expect(() =>
      parseEnv({ IMAP_HOST: 'i', REDIS_URL: 'redis://r', CLUSTER_ADVERTISE_URL: 'gw1:80' }),
    ).toThrow(/CLUSTER_ADVERTISE_URL/);
  });
});
