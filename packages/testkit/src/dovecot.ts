import { execFile } from 'node:child_process';
import {
  chmod,
  chown,
  mkdir,
  mkdtemp,
  readFile,
  rename,
  rm,
  stat,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import {
  dovecotLayout,
  passwdFileLine,
  renderDovecotConfig,
  userFilePath,
  type DovecotLayout,
} from './dovecot-config.ts';
import {
  findProcesses,
  isMasterAlive,
  readMasterPid,
  runDaemonizing,
  stopInstance,
  waitFor,
} from './dovecot-processes.ts';
import { trackMaster } from './exit-cleanup.ts';
import { greets } from './server-greeting.ts';
import { freeLoopbackPort, isLoopbackPortFree } from './free-port.ts';
import { logTail } from './log-tail.ts';
import { freePortOtherThan, readSavedPorts, retryPortRaces, savePorts } from './server-ports.ts';

export interface MailUser {
  email: string;
  password: string;
}

export interface DovecotOptions {
  /**
   * Directory to keep config and mail in. If given, data persists across start/stop (the demo
   * keeps one under .tidings/). Default: a fresh temporary directory, removed on stop().
   */
  dir?: string;
  users?: MailUser[];
  /** Extra raw lines appended to dovecot.conf, e.g. raised limits for load tests. */
  extraConfig?: string;
  /**
   * Room for this many concurrent IMAP connections (load tests): raises Dovecot's process and
   * client limits. Default: Dovecot's own (about 100 connections). The kernel's
   * fs.inotify.max_user_instances must also cover the idling ones (IMAP-FIELD-NOTES).
   */
  maxConnections?: number;
  /**
   * Fixed ports. Default: free loopback ports; with `dir`, the ports of the previous run
   * when they are still free.
   */
  imapPort?: number;
  lmtpPort?: number;
  authPort?: number;
}

export interface Dovecot {
  readonly host: '127.0.0.1';
  readonly imapPort: number;
  readonly lmtpPort: number;
  /**
   * Dovecot's auth-client protocol (SASL for an MTA) on loopback, for the private Postfix:
   * `smtpd_sasl_type = dovecot`, `smtpd_sasl_path = inet:127.0.0.1:<authPort>`.
   */
  readonly authPort: number;
  readonly dir: string;
  /** Adds (or replaces the password of) a user; usable immediately without restart. */
  addUser(user: MailUser): Promise<void>;
  /** Ends all of a user's IMAP connections (doveadm kick) and waits until they are gone. */
  kick(email: string): Promise<void>;
  /** Runs doveadm against this instance, returns stdout. */
  doveadm(args: string[]): Promise<string>;
  /** Pids of the `imap` processes currently serving `email` (for SIGKILL/SIGSTOP fault tests). */
  imapPids(email: string): Promise<number[]>;
  /** Stops the master and waits until every process of this instance is gone. */
  stop(): Promise<void>;
  /** stop() then start again on the same ports and dir, keeping mail. */
  restart(): Promise<void>;
}

interface Ports {
  imapPort: number;
  lmtpPort: number;
  authPort: number;
}

type PortOptions = Pick<DovecotOptions, 'imapPort' | 'lmtpPort' | 'authPort'>;

const LOOPBACK = '127.0.0.1';
const GREETING_TIMEOUT_MS = 5_000;
const GREETING_RETRY_MS = 10;
const MASTER_PID_TIMEOUT_MS = 2_000;
const KICK_TIMEOUT_MS = 3_000;
const NOBODY_FALLBACK_ID = 65_534;

const execFileAsync = promisify(execFile);

// passwd-file fields are colon-separated lines; keep anything that would split them out.
const EMAIL_PATTERN = /^[^\s:/@]+@[^\s:/@]+$/;
const PASSWORD_PATTERN = /^[^\s:]+$/;

export async function startDovecot(opts: DovecotOptions = {}): Promise<Dovecot> {
  const temporary = opts.dir === undefined;
  const dir = temporary
    ? await mkdtemp(join(tmpdir(), 'tidings-dovecot-'))
    : resolve(opts.dir as string);
  const instance = new DovecotInstance(dovecotLayout(dir, tmpdir()), temporary, {
    extraConfig: opts.extraConfig,
    maxConnections: opts.maxConnections,
  });
  try {
    await instance.prepare(opts.users ?? []);
    await instance.launch(opts);
    return instance;
  } catch (error) {
    if (temporary) await instance.removeFiles();
    throw error;
  }
}

class DovecotInstance implements Dovecot {
  readonly host = LOOPBACK;
  imapPort = 0;
  lmtpPort = 0;
  authPort = 0;
  private masterPid: number | undefined;
  private untrack: (() => void) | undefined;

  constructor(
    private readonly layout: DovecotLayout,
    private readonly temporary: boolean,
    private readonly config: Pick<DovecotOptions, 'extraConfig' | 'maxConnections'>,
  ) {}

  get dir(): string {
    return this.layout.dir;
  }

  async prepare(users: MailUser[]): Promise<void> {
    const { dir, baseDir, stateDir, usersDir, mailDir } = this.layout;
    await mkdir(dir, { recursive: true });
    // auth runs as `dovecot` and mail access as `nobody`: both must traverse the tree.
    await chmod(dir, 0o755);
    await assertSearchableByOthers(dirname(dir));
    for (const path of [baseDir, stateDir, usersDir]) await mkdir(path, { recursive: true });
    await mkdir(mailDir, { recursive: true });
    const nobody = await systemIds('nobody');
    await chown(mailDir, nobody.uid, nobody.gid);
    for (const user of users) await this.writeUser(user);
  }

  async launch(opts: PortOptions): Promise<void> {
    const fixed = opts.imapPort !== undefined && opts.lmtpPort !== undefined;
    await retryPortRaces(
      async (attempt) => this.startMaster(await this.choosePorts(opts, attempt)),
      fixed,
    );
  }

  async addUser(user: MailUser): Promise<void> {
    await this.writeUser(user);
  }

  async kick(email: string): Promise<void> {
    try {
      await this.doveadm(['kick', email.toLowerCase()]);
    } catch (error) {
      // EX_NOUSER: nobody to kick, which is what the caller wants.
      if (!(error instanceof Error && /\(exit 68\)/.test(error.message))) throw error;
    }
    // A SIGSTOPped process keeps its SIGTERM pending until continued: don't wait for those.
    const gone = await waitFor(
      async () => (await this.imapProcesses(email)).every((info) => info.state === 'T'),
      KICK_TIMEOUT_MS,
    );
    if (!gone) throw new Error(`imap processes of ${email} still running after doveadm kick`);
  }

  async doveadm(args: string[]): Promise<string> {
    try {
      const { stdout } = await execFileAsync('doveadm', ['-c', this.layout.confPath, ...args]);
      return stdout;
    } catch (error) {
      throw commandError(`doveadm ${args.join(' ')}`, error);
    }
  }

  async imapPids(email: string): Promise<number[]> {
    return (await this.imapProcesses(email)).map((info) => info.pid).sort((a, b) => a - b);
  }

  async stop(): Promise<void> {
    await this.stopMaster();
    if (this.temporary) await this.removeFiles();
  }

  async restart(): Promise<void> {
    await this.stopMaster();
    await this.launch({
      imapPort: this.imapPort,
      lmtpPort: this.lmtpPort,
      authPort: this.authPort,
    });
  }

  async removeFiles(): Promise<void> {
    for (const dir of this.ownedDirs()) await rm(dir, { recursive: true, force: true });
  }

  private ownedDirs(): string[] {
    const { dir, baseDir } = this.layout;
    return baseDir.startsWith(`${dir}/`) ? [dir] : [dir, baseDir];
  }

  private imapProcesses(email: string) {
    // verbose_proctitle: "dovecot-<instance>/imap [user ip state]".
    const prefix = `dovecot-${this.layout.instanceName}/imap [${email.toLowerCase()} `;
    return findProcesses((commandLine) => commandLine.startsWith(prefix));
  }

  private async writeUser({ email, password }: MailUser): Promise<void> {
    if (!EMAIL_PATTERN.test(email)) throw new Error(`not a usable address: ${email}`);
    if (!PASSWORD_PATTERN.test(password)) {
      throw new Error(`password for ${email} must be non-empty without spaces or colons`);
    }
    const path = userFilePath(this.layout, email);
    const line = passwdFileLine(this.layout, email, password);
    const previous = await stat(path).catch(() => undefined);
    if (previous && (await readFile(path, 'utf8')) === line) return;

    const temporaryPath = `${path}.${process.pid}.tmp`;
    await writeFile(temporaryPath, line, { mode: 0o644 });
    await rename(temporaryPath, path);
    if (!previous) return;

    // Dovecot re-reads a passwd-file only when its mtime (whole seconds) or size changed,
    // and stats it at most once per second (passwd_file_sync): force a new mtime, then let
    // the current second pass so the next lookup cannot be served from the old copy.
    const previousSeconds = Math.floor(previous.mtimeMs / 1000);
    const nowSeconds = Math.floor(Date.now() / 1000);
    await utimes(path, new Date(), new Date(Math.max(previousSeconds + 1, nowSeconds) * 1000));
    await sleep(1000 - (Date.now() % 1000) + 10);
  }

  private async choosePorts(opts: PortOptions, attempt: number): Promise<Ports> {
    const noneGiven =
      opts.imapPort === undefined && opts.lmtpPort === undefined && opts.authPort === undefined;
    if (attempt === 1 && noneGiven) {
      const previous = this.temporary
        ? {}
        : await readSavedPorts(this.layout.portsPath, ['imapPort', 'lmtpPort', 'authPort']);
      if (
        previous.imapPort !== undefined &&
        previous.lmtpPort !== undefined &&
        (await isLoopbackPortFree(previous.imapPort)) &&
        (await isLoopbackPortFree(previous.lmtpPort))
      ) {
        // ports.json from before the auth listener existed has no authPort: add one.
        const authPort =
          previous.authPort !== undefined && (await isLoopbackPortFree(previous.authPort))
            ? previous.authPort
            : await freePortOtherThan([previous.imapPort, previous.lmtpPort]);
        return { imapPort: previous.imapPort, lmtpPort: previous.lmtpPort, authPort };
      }
    }
    const imapPort = opts.imapPort ?? (await freeLoopbackPort());
    const lmtpPort = opts.lmtpPort ?? (await freePortOtherThan([imapPort]));
    const authPort = opts.authPort ?? (await freePortOtherThan([imapPort, lmtpPort]));
    return { imapPort, lmtpPort, authPort };
  }

  private async startMaster(ports: Ports): Promise<void> {
    const { confPath, baseDir } = this.layout;
    await this.stopLeftovers();
    await writeFile(
      confPath,
      renderDovecotConfig(this.layout, ports, this.config.extraConfig, this.config.maxConnections),
    );
    try {
      await execFileAsync('doveconf', ['-c', confPath, '-n']);
    } catch (error) {
      throw commandError(`doveconf -c ${confPath} -n`, error);
    }

    const exitCode = await runDaemonizing('dovecot', ['-c', confPath], this.layout.startupLogPath);
    if (exitCode !== 0) {
      const startupOutput = (
        await readFile(this.layout.startupLogPath, 'utf8').catch(() => '')
      ).trim();
      throw new Error(
        `dovecot -c ${confPath} failed (exit ${exitCode}): ${startupOutput}\n${await logTail(this.layout.logPath)}`,
      );
    }

    let pid: number | undefined;
    await waitFor(
      async () => (pid = await readMasterPid(baseDir)) !== undefined,
      MASTER_PID_TIMEOUT_MS,
    );
    if (pid === undefined) {
      throw new Error(
        `dovecot wrote no ${baseDir}/master.pid\n${await logTail(this.layout.logPath)}`,
      );
    }
    this.masterPid = pid;
    this.untrack = trackMaster(pid, this.temporary ? this.ownedDirs() : []);
    this.imapPort = ports.imapPort;
    this.lmtpPort = ports.lmtpPort;
    this.authPort = ports.authPort;

    if (!(await waitForGreeting(ports.imapPort, GREETING_TIMEOUT_MS))) {
      const tail = await logTail(this.layout.logPath);
      await this.stopMaster();
      throw new Error(`dovecot did not greet on ${LOOPBACK}:${ports.imapPort}\n${tail}`);
    }
    if (!this.temporary) await savePorts(this.layout.portsPath, { ...ports });
  }

  /** A master from an earlier run in the same dir that was never stopped (crash, SIGKILL). */
  private async stopLeftovers(): Promise<void> {
    const pid = await readMasterPid(this.layout.baseDir);
    if (pid !== undefined && (await isMasterAlive(pid, this.layout.confPath))) {
      this.masterPid = pid;
    }
    await this.stopMaster();
  }

  private async stopMaster(): Promise<void> {
    await stopInstance({
      instanceName: this.layout.instanceName,
      confPath: this.layout.confPath,
      masterPid: this.masterPid,
    });
    this.masterPid = undefined;
    this.untrack?.();
    this.untrack = undefined;
  }
}

/** Connects until the server sends its untagged OK greeting. */
async function waitForGreeting(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await greets(port, deadline - Date.now(), { prefix: '* OK' })) return true;
    await sleep(GREETING_RETRY_MS);
  }
  return false;
}

/** Dovecot's unprivileged processes reach `dir` only if every ancestor grants o+x. */
async function assertSearchableByOthers(path: string): Promise<void> {
  for (let current = path; ; current = dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `${current} (mode ${(mode & 0o777).toString(8)}) is not searchable by other users; ` +
          `Dovecot's mail processes run as nobody. chmod o+x it or choose another dir.`,
      );
    }
    if (current === dirname(current)) return;
  }
}

async function systemIds(name: string): Promise<{ uid: number; gid: number }> {
  const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '');
  const fields = passwd
    .split('\n')
    .map((line) => line.split(':'))
    .find((entry) => entry[0] === name);
  const uid = Number(fields?.[2] ?? NOBODY_FALLBACK_ID);
  const gid = Number(fields?.[3] ?? NOBODY_FALLBACK_ID);
  return { uid, gid };
}

function commandError(command: string, error: unknown): Error {
  const failure = error as { code?: number | string; stderr?: string; stdout?: string };
  const output = [failure.stderr, failure.stdout]
    .map((text) => text?.trim())
    .filter(Boolean)
    .join('\n');
  return new Error(`${command} failed (exit ${failure.code ?? '?'}): ${output || String(error)}`);
}
