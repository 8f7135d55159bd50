import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMessage } from './build-message.ts';
import { startDovecot, type Dovecot, type MailUser } from './dovecot.ts';
import { MailClient } from './mail-client.ts';

const execFileAsync = promisify(execFile);
const TEST_TIMEOUT_MS = 20_000;

const alice: MailUser = { email: 'alice@example.test', password: 'alice-secret' };

/** Speaks raw IMAP: sends each tagged command and collects the lines up to its tagged answer. */
async function imapSession(port: number, commands: string[]): Promise<string[]> {
  const socket = connect({ host: '127.0.0.1', port });
  socket.setEncoding('latin1');
  const lines: string[] = [];
  let buffered = '';
  let wake: (() => void) | undefined;
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    let end: number;
    while ((end = buffered.indexOf('\r\n')) >= 0) {
      lines.push(buffered.slice(0, end));
      buffered = buffered.slice(end + 2);
    }
    wake?.();
  });
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise<void>((resolve) => (wake = resolve));
  };
  try {
    await until(() => lines.length > 0);
    for (const [index, command] of commands.entries()) {
      const tag = `t${index}`;
      socket.write(`${tag} ${command}\r\n`);
      await until(() => lines.some((line) => line.startsWith(`${tag} `)));
    }
    return lines;
  } finally {
    socket.destroy();
  }
}

async function processesOf(dovecot: Dovecot): Promise<string[]> {
  const confPath = join(dovecot.dir, 'dovecot.conf');
  const conf = await readFile(confPath, 'utf8').catch(() => '');
  const instance = /^instance_name = (\S+)$/m.exec(conf)?.[1] ?? 'unknown-instance';
  const found: string[] = [];
  for (const pattern of [confPath, `dovecot-${instance}/`]) {
    try {
      const { stdout } = await execFileAsync('pgrep', ['-f', '-a', pattern]);
      found.push(...stdout.trim().split('\n').filter(Boolean));
    } catch {
      // pgrep exits 1 when nothing matches
    }
  }
  return found;
}

describe('startDovecot', { timeout: TEST_TIMEOUT_MS }, () => {
  let dovecot: Dovecot;

  beforeAll(async () => {
    const startedAt = performance.now();
    dovecot = await startDovecot({ users: [alice] });
    const startMs = performance.now() - startedAt;
    console.info(`dovecot start: ${startMs.toFixed(0)} ms`);
    expect(startMs).toBeLessThan(2_000);
  });

  afterAll(async () => {
    await dovecot?.stop();
  });

  it('listens on loopback and advertises the extensions the gateway relies on', async () => {
    expect(dovecot.host).toBe('127.0.0.1');
    expect(dovecot.imapPort).not.toBe(dovecot.lmtpPort);
    const lines = await imapSession(dovecot.imapPort, [
      `LOGIN ${alice.email} ${alice.password}`,
      'CAPABILITY',
      'LOGOUT',
    ]);
    expect(lines[0]).toMatch(/^\* OK /);
    const capability = lines.find((line) => line.startsWith('* CAPABILITY '));
    console.info(capability);
    const advertised = new Set(capability?.split(' ').slice(2));
    for (const extension of [
      'IDLE',
      'CONDSTORE',
      'QRESYNC',
      'NOTIFY',
      'SPECIAL-USE',
      'LIST-STATUS',
      'MOVE',
      'UIDPLUS',
      'PREVIEW',
    ]) {
      expect(advertised, extension).toContain(extension);
    }
    expect(advertised).not.toContain('STARTTLS');
  });

  it('lists the special-use mailboxes, subscribed', async () => {
    const lines = await imapSession(dovecot.imapPort, [
      `LOGIN ${alice.email} ${alice.password}`,
      'LIST (SUBSCRIBED SPECIAL-USE) "" "*"',
    ]);
    for (const [name, use] of [
      ['Drafts', '\\Drafts'],
      ['Sent', '\\Sent'],
      ['Trash', '\\Trash'],
      ['Junk', '\\Junk'],
      ['Archive', '\\Archive'],
    ]) {
      const entry = lines.find((line) => line.startsWith('* LIST') && line.endsWith(` ${name}`));
      expect(entry, name).toContain(use);
      expect(entry, name).toContain('\\Subscribed');
    }
  });

  it('refuses a wrong password at LOGIN, without a failure delay', async () => {
    const startedAt = performance.now();
    const lines = await imapSession(dovecot.imapPort, [`LOGIN ${alice.email} wrong-password`]);
    expect(lines.at(-1)).toMatch(/^t0 NO \[AUTHENTICATIONFAILED\]/);
    expect(performance.now() - startedAt).toBeLessThan(500);
    await expect(
      MailClient.connect(dovecot, { email: alice.email, password: 'wrong-password' }),
    ).rejects.toThrow();
  });

  it('addUser makes a new user usable at once, and replaces a password', async () => {
    const bob = { email: 'bob@example.test', password: 'first-password' };
    await expect(MailClient.connect(dovecot, bob)).rejects.toThrow();
    await dovecot.addUser(bob);
    const first = await MailClient.connect(dovecot, bob);
    await first.close();

    await dovecot.addUser({ ...bob, password: 'second-password' });
    await expect(MailClient.connect(dovecot, bob)).rejects.toThrow();
    const second = await MailClient.connect(dovecot, { ...bob, password: 'second-password' });
    await second.close();
  });

  it('imapPids finds the processes serving a user, and kick ends them', async () => {
    const clients = [
      await MailClient.connect(dovecot, alice),
      await MailClient.connect(dovecot, alice),
    ];
    const closed = clients.map(
      (client) => new Promise<void>((resolve) => client.imap.once('close', () => resolve())),
    );
    const pids = await dovecot.imapPids(alice.email);
    expect(pids).toHaveLength(2);
    expect(await dovecot.imapPids('nobody-else@example.test')).toEqual([]);

    await dovecot.kick(alice.email);
    await Promise.all(closed);
    expect(await dovecot.imapPids(alice.email)).toEqual([]);
    await dovecot.kick(alice.email); // nobody left to kick: not an error
    for (const pid of pids) expect(existsSync(`/proc/${pid}/cmdline`) ? pid : 'gone').toBe('gone');
  });

  it('doveadm runs against this instance', async () => {
    const client = await MailClient.connect(dovecot, alice);
    const who = await dovecot.doveadm(['who', '-1']);
    expect(who).toContain(alice.email);
    await client.close();
    await expect(dovecot.doveadm(['no-such-command'])).rejects.toThrow(/doveadm no-such-command/);
  });

  it('restart keeps mail, ports and UIDVALIDITY', async () => {
    const client = await MailClient.connect(dovecot, alice);
    const raw = await buildMessage({ from: 'x@a.example', to: [alice.email], subject: 'kept' });
    const { uid, uidValidity } = await client.append('INBOX', raw);
    await client.close();
    const ports = [dovecot.imapPort, dovecot.lmtpPort];

    await dovecot.restart();

    expect([dovecot.imapPort, dovecot.lmtpPort]).toEqual(ports);
    const after = await MailClient.connect(dovecot, alice);
    expect(await after.uids('INBOX')).toContain(uid);
    expect((await after.status('INBOX')).uidValidity).toBe(uidValidity);
    await after.close();
  });
});

describe('stopping and lifecycles', { timeout: TEST_TIMEOUT_MS }, () => {
  it('stop() leaves no process behind, even a SIGSTOPped imap, and removes a temporary dir', async () => {
    const dovecot = await startDovecot({ users: [alice] });
    const client = await MailClient.connect(dovecot, alice);
    const [pid] = await dovecot.imapPids(alice.email);
    expect(pid).toBeDefined();
    process.kill(pid as number, 'SIGSTOP');
    expect((await processesOf(dovecot)).length).toBeGreaterThan(0);

    const startedAt = performance.now();
    await dovecot.stop();
    console.info(`dovecot stop: ${(performance.now() - startedAt).toFixed(0)} ms`);

    expect(await processesOf(dovecot)).toEqual([]);
    expect(existsSync(dovecot.dir)).toBe(false);
    client.imap.close();
  });

  it('a given dir keeps mail across stop and start, on the same ports', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'tidings-testkit-'));
    const dir = join(parent, 'demo');
    try {
      await expect(startDovecot({ dir })).rejects.toThrow(/not searchable by other users/);
      await chmod(parent, 0o755);

      const first = await startDovecot({ dir, users: [alice] });
      const client = await MailClient.connect(first, alice);
      const raw = await buildMessage({
        from: 'x@a.example',
        to: [alice.email],
        subject: 'persist',
      });
      const { uid } = await client.append('Archive', raw);
      await client.close();
      await first.stop();
      expect(existsSync(join(dir, 'mail'))).toBe(true);
      const log = await readFile(join(dir, 'dovecot.log'), 'utf8');
      expect(log).not.toMatch(/Error|Fatal|Panic/);

      const second = await startDovecot({ dir });
      try {
        expect([second.imapPort, second.lmtpPort]).toEqual([first.imapPort, first.lmtpPort]);
        const again = await MailClient.connect(second, alice);
        expect(await again.uids('Archive')).toEqual([uid]);
        await again.close();
      } finally {
        await second.stop();
      }
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });

  it('runs several instances side by side', async () => {
    const instances = await Promise.all([1, 2, 3].map(() => startDovecot({ users: [alice] })));
    try {
      const ports = instances.flatMap((instance) => [instance.imapPort, instance.lmtpPort]);
      expect(new Set(ports).size).toBe(6);
      for (const instance of instances) {
        const client = await MailClient.connect(instance, alice);
        expect((await client.status('INBOX')).messages).toBe(0);
        await client.close();
      }
    } finally {
      await Promise.all(instances.map((instance) => instance.stop()));
    }
  });

  it('applies extraConfig', async () => {
    const dovecot = await startDovecot({
      users: [alice],
      extraConfig: 'mail_max_userip_connections = 1',
    });
    try {
      const first = await MailClient.connect(dovecot, alice);
      await expect(MailClient.connect(dovecot, alice)).rejects.toThrow();
      await first.close();
    } finally {
      await dovecot.stop();
    }
  });

  it('fails with doveconf’s complaint on a bad config, and cleans up', async () => {
    await expect(startDovecot({ extraConfig: 'no_such_setting = 1' })).rejects.toThrow(
      /doveconf .* failed.*no_such_setting/s,
    );
    expect(await tempDirsWithConfigLine('no_such_setting = 1')).toEqual([]);
  });

  it('fails with the bind error when a fixed port is taken', async () => {
    const blocker = await listen();
    try {
      const address = blocker.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      await expect(startDovecot({ imapPort: port, lmtpPort: port + 1 })).rejects.toThrow(
        /Address already in use/,
      );
    } finally {
      blocker.close();
    }
  });
});

/** Temporary instance dirs whose dovecot.conf contains `line` (other test files run alongside). */
async function tempDirsWithConfigLine(line: string): Promise<string[]> {
  const dirs = (await readdir(tmpdir())).filter((name) => name.startsWith('tidings-dovecot-'));
  const matching: string[] = [];
  for (const name of dirs) {
    const conf = await readFile(join(tmpdir(), name, 'dovecot.conf'), 'utf8').catch(() => '');
    if (conf.includes(line)) matching.push(name);
  }
  return matching;
}

function listen(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
