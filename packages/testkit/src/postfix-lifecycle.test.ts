import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type Dovecot, type MailUser } from './dovecot.ts';
import { freeLoopbackPort } from './free-port.ts';
import { postfixProcesses } from './postfix-processes.ts';
import { alice, bob, carol, subjects, transport } from './postfix-test-support.ts';
import { startPostfix, type Postfix } from './postfix.ts';

const execFileAsync = promisify(execFile);

/**
 * Runs `work` with the temporary directory (os.tmpdir(), read from TMPDIR) set to a scratch one
 * of its own, and answers what `work` left in it. Other test files start instances in the
 * shared one at the same time.
 */
async function leftInTmpdir(work: () => Promise<void>): Promise<string[]> {
  const scratch = await mkdtemp(join(tmpdir(), 'tidings-tmpdir-'));
  await chmod(scratch, 0o711); // Postfix's daemons run as postfix and must reach into it
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
  try {
    await work();
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
  try {
    return await readdir(scratch);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** A line of the maillog that says something went wrong. */
const PROBLEM = /fatal|panic|warning/;
/**
 * cleanup's check of a new queue file's mtime against time(): the kernel stamped the file a
 * second past what time() read (its file timestamps and the clock time() reads can differ
 * near a second's edge), and Postfix says so. About the machine's clocks, not the
 * configuration: seen once in CI, on Linux 6.18.
 */
const CLOCK_SKEW =
  /warning: (file system clock is \d+ seconds? ahead of local clock|resetting file time stamps)/;

describe('startPostfix instances', { timeout: 30_000 }, () => {
  let dovecot: Dovecot;
  let postfix: Postfix;

  beforeAll(async () => {
    dovecot = await startDovecot({ users: [alice, bob, carol] });
    postfix = await startPostfix({ dovecot });
  });

  afterAll(async () => {
    await postfix?.stop();
    await dovecot?.stop();
  });

  it('flush() waits for deferred mail and has it retried at once', async () => {
    const erin: MailUser = { email: 'erin@example.test', password: 'erin-secret' };
    await dovecot.addUser(erin);
    // LMTP goes to a port nobody listens on yet, so the first attempt is deferred.
    const lmtpPort = await freeLoopbackPort();
    const deferring = await startPostfix({ dovecot: { authPort: dovecot.authPort, lmtpPort } });
    let late: Dovecot | undefined;
    try {
      await transport(deferring, erin).sendMail({
        from: erin.email,
        to: erin.email,
        subject: 'late',
      });
      await expect(deferring.flush(300)).rejects.toThrow(
        /queue not empty after 300 ms \(1 messages/,
      );

      late = await startDovecot({ users: [erin], lmtpPort, imapPort: await freeLoopbackPort() });
      const startedAt = performance.now();
      await deferring.flush();
      console.info(
        `deferred mail delivered ${(performance.now() - startedAt).toFixed(0)} ms after flush()`,
      );
      expect(await subjects(late, erin)).toEqual(['late']);
    } finally {
      await deferring.stop();
      await late?.stop();
    }
  });

  it('runs beside other instances, and stop() leaves no process and no temp dir', async () => {
    const others = await Promise.all([1, 2].map(() => startPostfix({ dovecot })));
    expect(new Set([postfix, ...others].map((instance) => instance.smtpPort)).size).toBe(3);
    for (const [index, other] of others.entries()) {
      await transport(other, bob).sendMail({
        from: bob.email,
        to: alice.email,
        subject: `via other ${index}`,
      });
      await other.flush();
    }
    expect(await subjects(dovecot, alice)).toEqual(
      expect.arrayContaining(['via other 0', 'via other 1']),
    );

    const [other] = others as [Postfix, Postfix];
    const configDir = join(other.dir, 'etc');
    const running = (await postfixProcesses(configDir)).map((info) => info.commandLine);
    expect(running.some((commandLine) => commandLine.endsWith('/master -w'))).toBe(true);
    expect(running.some((commandLine) => commandLine.startsWith('qmgr '))).toBe(true);
    // Postfix's command lines carry no path, so pgrep -f cannot tell instances apart.
    const { stdout } = await execFileAsync('pgrep', ['-f', other.dir]).catch(() => ({
      stdout: '',
    }));
    expect(stdout).toBe('');

    const startedAt = performance.now();
    await other.stop();
    console.info(`postfix stop: ${(performance.now() - startedAt).toFixed(0)} ms`);
    expect(await postfixProcesses(configDir)).toEqual([]);
    expect(existsSync(other.dir)).toBe(false);

    // The other instances did not notice.
    for (const [index, instance] of [postfix, others[1] as Postfix].entries()) {
      await transport(instance, bob).sendMail({
        from: bob.email,
        to: alice.email,
        subject: `still here ${index}`,
      });
      await instance.flush();
    }
    expect(await subjects(dovecot, alice)).toEqual(
      expect.arrayContaining(['still here 0', 'still here 1']),
    );
    await others[1]?.stop();
  });

  it('a given dir keeps its config and log across stop and start, on the same port', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'tidings-testkit-'));
    const dir = join(parent, 'postfix');
    try {
      // The master takes its lock as `postfix`, which mkdtemp's 0700 keeps out.
      await expect(startPostfix({ dovecot, dir })).rejects.toThrow(/not searchable by other users/);
      await chmod(parent, 0o755);

      const first = await startPostfix({ dovecot, dir });
      await first.stop();
      expect(existsSync(join(dir, 'etc', 'main.cf'))).toBe(true);
      expect(await postfixProcesses(join(dir, 'etc'))).toEqual([]);

      const second = await startPostfix({ dovecot, dir });
      try {
        expect(second.smtpPort).toBe(first.smtpPort);
        await transport(second, carol).sendMail({
          from: carol.email,
          to: bob.email,
          subject: 'after restart',
        });
        await second.flush();
        expect(await subjects(dovecot, bob)).toContain('after restart');
      } finally {
        await second.stop();
      }
      const log = await readFile(join(dir, 'maillog'), 'utf8');
      expect(
        log.split('\n').filter((line) => PROBLEM.test(line) && !CLOCK_SKEW.test(line)),
      ).toEqual([]);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });

  it('is stopped, and its temp dir removed, when the process that started it exits', async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'tidings-testkit-'));
    try {
      const script = join(scratch, 'start-and-exit.mts');
      const postfixModule = fileURLToPath(new URL('./postfix.ts', import.meta.url));
      await writeFile(
        script,
        `import { startPostfix } from ${JSON.stringify(postfixModule)};\n` +
          `const postfix = await startPostfix({ dovecot: ${JSON.stringify({
            lmtpPort: dovecot.lmtpPort,
            authPort: dovecot.authPort,
          })} });\n` +
          `console.log(postfix.dir);\n` +
          // No stop(): the exit hook must take the instance down.
          `process.exit(0);\n`,
      );
      const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', script]);
      const dir = stdout.trim();
      expect(dir).toMatch(/tidings-postfix-/);
      const gone = async () =>
        (await postfixProcesses(join(dir, 'etc'))).length === 0 && !existsSync(dir);
      await expect.poll(gone, { timeout: 3_000, interval: 20 }).toBe(true);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });

  it('fails with the fatal error when Dovecot auth is unreachable, and cleans up', async () => {
    const left = await leftInTmpdir(async () => {
      await expect(
        startPostfix({ dovecot: { lmtpPort: dovecot.lmtpPort, authPort: 1 } }),
      ).rejects.toThrow(/Connect to Dovecot auth socket 'inet:127\.0\.0\.1:1' failed/);
    });
    expect(left).toEqual([]);
  });

  it('fails with the bind error when a fixed port is taken', async () => {
    await expect(startPostfix({ dovecot, smtpPort: postfix.smtpPort })).rejects.toThrow(
      /Address already in use/,
    );
  });

  it('refuses a domain that cannot go into main.cf', async () => {
    await expect(startPostfix({ dovecot, domains: ['example.test, evil'] })).rejects.toThrow(
      /not a usable domain/,
    );
  });
});
