import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort, sieveConfig, startDovecot, type Dovecot } from '@tidings/testkit';
import { ManageSieveClient } from '../src/sieve/managesieve.ts';

/**
 * ManageSieve over STARTTLS, the default for a real server (port 4190): a private Dovecot with a
 * certificate made for the test. The certificate is checked: without its CA the sign-in never
 * goes out.
 */

const user = { email: 'tls@example.test', password: 'tls-sieve-Pa55' };
let dir: string;
let dovecot: Dovecot;
let port: number;
let ca: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tidings-sieve-tls-'));
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'],
      ...['-keyout', keyPath, '-out', certPath, '-days', '2', '-subj', '/CN=127.0.0.1'],
      ...['-addext', 'subjectAltName=IP:127.0.0.1'],
    ],
    { stdio: 'ignore' },
  );
  ca = readFileSync(certPath, 'utf8');
  port = await freeLoopbackPort();
  dovecot = await startDovecot({
    users: [user],
    extraConfig: sieveConfig({
      managesievePort: port,
      submissionPort: await freeLoopbackPort(),
      tls: { certPath, keyPath },
    }),
  });
}, 30_000);

afterAll(async () => {
  await dovecot?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const credentials = () => ({ user: user.email, password: user.password });

describe('ManageSieve over STARTTLS', () => {
  it('signs in over TLS and works as in the clear', async () => {
    const client = await ManageSieveClient.connect(
      { host: '127.0.0.1', port, security: 'starttls', ca },
      credentials(),
    );
    await client.putScript('over-tls', 'keep;\r\n');
    expect(await client.listScripts()).toEqual([{ name: 'over-tls', active: false }]);
    expect(await client.getScript('over-tls')).toBe('keep;\r\n');
    await client.logout();
    expect(readFileSync(join(dovecot.dir, 'dovecot.log'), 'utf8')).toMatch(
      /managesieve-login: Info: Login: user=<tls@example\.test>, method=PLAIN, .*, TLS,/,
    );
  });

  it('refuses a certificate it cannot trust, before the password goes out', async () => {
    const logins = () =>
      readFileSync(join(dovecot.dir, 'dovecot.log'), 'utf8').split(
        'managesieve-login: Info: Login:',
      ).length;
    const before = logins();
    await expect(
      ManageSieveClient.connect({ host: '127.0.0.1', port, security: 'starttls' }, credentials()),
    ).rejects.toThrow(/self-signed certificate/);
    expect(logins()).toBe(before);
    expect(before).toBeGreaterThan(1);
  });
});
