import { execFile } from 'node:child_process';
import {
  chmod,
  chown,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { runDaemonizing } from './dovecot-processes.ts';
import type { Dovecot } from './dovecot.ts';
import { trackMaster } from './exit-cleanup.ts';
import { greets } from './server-greeting.ts';
import { freeLoopbackPort, isLoopbackPortFree } from './free-port.ts';
import { logTail } from './log-tail.ts';
import { readSavedPorts, retryPortRaces, savePorts } from './server-ports.ts';
import {
  PENDING_QUEUES,
  postfixLayout,
  QUEUE_DIRECTORIES,
  renderMainCf,
  renderMasterCf,
  renderSenderLogins,
  type PostfixLayout,
} from './postfix-config.ts';
import { postfixProcesses, stopPostfixProcesses } from './postfix-processes.ts';

export interface PostfixOptions {
  /** The private Dovecot to deliver into (LMTP) and to authenticate submissions against (SASL). */
  dovecot: Pick<Dovecot, 'lmtpPort' | 'authPort'>;
  /**
   * Directory for config, queue and log. If given, it persists across start/stop (the demo);
   * default: a fresh temporary directory, removed on stop().
   */
  dir?: string;
  /** Fixed SMTP port. Default: a free loopback port; with `dir`, the previous one when free. */
  smtpPort?: number;
  /** Domains delivered into Dovecot; every other recipient is refused. Default ['example.test']. */
  domains?: string[];
  /**
   * A second SMTP port, for what the mail server itself sends (Sieve's automatic replies, from
   * the null sender): no sign-in, loopback clients only, to `domains` only. Default: none.
   */
  relayPort?: number;
}

export interface Postfix {
  readonly host: '127.0.0.1';
  readonly smtpPort: number;
  readonly dir: string;
  /** Stops the master and waits until every process of this instance is gone. */
  stop(): Promise<void>;
  /** Tail of its maillog, for failure messages. */
  log(): Promise<string>;
  /** Resolves when the queue is empty: everything delivered or bounced. */
  flush(timeoutMs?: number): Promise<void>;
}

const LOOPBACK = '127.0.0.1';
const DEFAULT_DOMAINS = ['example.test'];
const GREETING_TIMEOUT_MS = 5_000;
const GREETING_RETRY_MS = 10;
const MASTER_PID_TIMEOUT_MS = 2_000;
const FLUSH_TIMEOUT_MS = 10_000;
const FLUSH_POLL_MS = 5;
/**
 * How often flush() asks for waiting mail to be retried at once (`postqueue -f`). Mail waits
 * in deferred/ after a failed attempt, and also in incoming/ with a time stamp 60 s ahead when
 * qmgr met it still locked by the delivery agent ("skipped, still being delivered"): so any
 * mail that stays queued this long is pushed, not only the deferred.
 */
const STALLED_RETRY_MS = 1_000;
const CONFIG_BACKDATE_MS = 10_000;
/** The st column of a listening socket in /proc/net/tcp. */
const TCP_LISTEN = '0A';

const DOMAIN_PATTERN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i;

const execFileAsync = promisify(execFile);

export async function startPostfix(options: PostfixOptions): Promise<Postfix> {
  const domains = options.domains ?? DEFAULT_DOMAINS;
  if (domains.length === 0) throw new Error('startPostfix needs at least one domain');
  for (const domain of domains) {
    if (!DOMAIN_PATTERN.test(domain)) throw new Error(`not a usable domain: ${domain}`);
  }
  const temporary = options.dir === undefined;
  const dir = temporary
    ? await mkdtemp(join(tmpdir(), 'tidings-postfix-'))
    : resolve(options.dir as string);
  const instance = new PostfixInstance(postfixLayout(dir), temporary, options, domains);
  try {
    await instance.prepare();
    await instance.launch();
    return instance;
  } catch (error) {
    await instance.stop().catch(() => undefined);
    throw error;
  }
}

class PostfixInstance implements Postfix {
  readonly host = LOOPBACK;
  smtpPort = 0;
  private untrack: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly layout: PostfixLayout,
    private readonly temporary: boolean,
    private readonly options: PostfixOptions,
    private readonly domains: string[],
  ) {}

  get dir(): string {
    return this.layout.dir;
  }

  /** Creates the tree with the owners and modes `postfix check` would insist on. */
  async prepare(): Promise<void> {
    const { dir, configDir, queueDir, dataDir } = this.layout;
    // Postfix refuses a queue or config directory that others could write to.
    for (const path of [dir, configDir, queueDir]) {
      await mkdir(path, { recursive: true });
      await chmod(path, 0o755);
    }
    await assertSearchableByOthers(dirname(dir));
    const postfix = await systemId('/etc/passwd', 'postfix');
    const postdrop = await systemId('/etc/group', 'postdrop');
    await mkdir(dataDir, { recursive: true });
    await chown(dataDir, postfix, 0);
    await chmod(dataDir, 0o700);
    for (const { name, postfixOwned, postdropGroup, mode } of QUEUE_DIRECTORIES) {
      const path = join(queueDir, name);
      await mkdir(path, { recursive: true });
      await chown(path, postfixOwned ? postfix : 0, postdropGroup ? postdrop : 0);
      await chmod(path, mode);
    }
  }

  async launch(): Promise<void> {
    const fixed = this.options.smtpPort !== undefined;
    await retryPortRaces(
      async (attempt) => this.startMaster(await this.choosePort(attempt)),
      fixed,
    );
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.stopMaster();
    if (this.temporary) await rm(this.layout.dir, { recursive: true, force: true });
  }

  async log(): Promise<string> {
    return logTail(this.layout.logPath);
  }

  async flush(timeoutMs = FLUSH_TIMEOUT_MS): Promise<void> {
    if (this.stopped) throw new Error(`postfix in ${this.layout.dir} is stopped`);
    const startedAt = Date.now();
    const deadline = startedAt + timeoutMs;
    let lastRetry = 0;
    for (;;) {
      const pending = await this.pendingMessages();
      if (pending.total === 0) return;
      const waitingSince = pending.deferred > 0 ? lastRetry : Math.max(lastRetry, startedAt);
      if (Date.now() - waitingSince >= STALLED_RETRY_MS) {
        lastRetry = Date.now();
        await execFileAsync('postqueue', ['-c', this.layout.configDir, '-f']).catch(() => {});
      }
      if (Date.now() >= deadline) {
        throw new Error(
          `postfix queue not empty after ${timeoutMs} ms (${pending.total} messages, ` +
            `${pending.deferred} deferred)\n${await this.log()}`,
        );
      }
      await sleep(FLUSH_POLL_MS);
    }
  }

  /** Files in the queues that still hold undelivered mail (deferred/ and active/ are hashed). */
  private async pendingMessages(): Promise<{ total: number; deferred: number }> {
    let total = 0;
    let deferred = 0;
    for (const queue of PENDING_QUEUES) {
      let files: number;
      try {
        const entries = await readdir(join(this.layout.queueDir, queue), {
          recursive: true,
          withFileTypes: true,
        });
        files = entries.filter((entry) => entry.isFile()).length;
      } catch {
        files = 1; // a hashed subdirectory came or went mid-walk: look again
      }
      total += files;
      if (queue === 'deferred') deferred = files;
    }
    return { total, deferred };
  }

  private async choosePort(attempt: number): Promise<number> {
    if (this.options.smtpPort !== undefined) return this.options.smtpPort;
    if (attempt === 1 && !this.temporary) {
      const previous = (await readSavedPorts(this.layout.portsPath, ['smtpPort'])).smtpPort;
      if (previous !== undefined && (await isLoopbackPortFree(previous))) return previous;
    }
    return freeLoopbackPort();
  }

  private async startMaster(smtpPort: number): Promise<void> {
    const { configDir, queueDir, senderLoginsPath, startupLogPath } = this.layout;
    // A master from an earlier run in the same dir that was never stopped (crash, SIGKILL).
    await this.stopMaster();
    const settings = {
      smtpPort,
      lmtpPort: this.options.dovecot.lmtpPort,
      authPort: this.options.dovecot.authPort,
      domains: this.domains,
      relayPort: this.options.relayPort ?? null,
    };
    await writeConfigFile(join(configDir, 'main.cf'), renderMainCf(this.layout, settings));
    await writeConfigFile(join(configDir, 'master.cf'), renderMasterCf(settings));
    await writeConfigFile(senderLoginsPath, renderSenderLogins());
    // The tree was just laid out by prepare(): skip postfix-script's integrity check
    // (post-install and a dozen postconf runs, ~0.15 s of a ~0.06 s start).
    await writeFile(join(queueDir, 'quick-start'), '');
    const logStart = (await stat(this.layout.logPath).catch(() => undefined))?.size ?? 0;

    const exitCode = await runDaemonizing('postfix', ['-c', configDir, 'start'], startupLogPath);
    if (exitCode !== 0) {
      const output = (await readFile(startupLogPath, 'utf8').catch(() => '')).trim();
      throw new Error(
        `postfix -c ${configDir} start failed (exit ${exitCode}): ${output}\n${await this.log()}`,
      );
    }
    const masterPid = await this.waitForMasterPid();
    this.untrack = trackMaster(masterPid, this.temporary ? [this.layout.dir] : []);
    this.smtpPort = smtpPort;

    const failed = () => this.loggedFatal(logStart);
    if (!(await waitForGreeting(smtpPort, GREETING_TIMEOUT_MS, failed))) {
      const tail = await this.log();
      await this.stopMaster();
      throw new Error(`postfix did not greet on ${LOOPBACK}:${smtpPort}\n${tail}`);
    }
    // Postfix binds its listeners with SO_REUSEPORT (inet_listen in libpostfix-util), so a
    // second master on a port another Postfix holds starts fine and the kernel splits the
    // connections between them. Catch that here instead of as mail landing in the wrong place.
    if ((await loopbackListeners(smtpPort)) > 1) {
      await this.stopMaster();
      throw new Error(
        `bind ${LOOPBACK} port ${smtpPort}: Address already in use (shared with another listener)`,
      );
    }
    if (!this.temporary) await savePorts(this.layout.portsPath, { smtpPort });
  }

  /** A daemon logged a fatal error (bad setting, unreachable SASL server, ...) since `offset`. */
  private async loggedFatal(offset: number): Promise<boolean> {
    const log = await readFile(this.layout.logPath).catch(() => Buffer.alloc(0));
    return /\]: fatal: /.test(log.subarray(offset).toString('utf8'));
  }

  /** `master -w` returns once the master is up; its pid file names the daemon. */
  private async waitForMasterPid(): Promise<number> {
    const pidPath = join(this.layout.queueDir, 'pid', 'master.pid');
    const deadline = Date.now() + MASTER_PID_TIMEOUT_MS;
    for (;;) {
      const pid = Number.parseInt(await readFile(pidPath, 'utf8').catch(() => ''), 10);
      const running = await postfixProcesses(this.layout.configDir);
      if (running.some((info) => info.pid === pid)) return pid;
      if (Date.now() >= deadline) {
        throw new Error(`postfix master not found via ${pidPath}\n${await this.log()}`);
      }
      await sleep(GREETING_RETRY_MS);
    }
  }

  private async stopMaster(): Promise<void> {
    await stopPostfixProcesses(this.layout.configDir);
    this.untrack?.();
    this.untrack = undefined;
  }
}

/**
 * Postfix will not read a file modified within the last second or so: it sleeps 300 ms and
 * reads again until the mtime is in the past (dict_load_file_xt in util/dict.c guards against
 * a half-written file), which cost ~2 s per fresh start. Date what we write back a little.
 */
async function writeConfigFile(path: string, content: string): Promise<void> {
  await writeFile(path, content);
  const past = new Date(Date.now() - CONFIG_BACKDATE_MS);
  await utimes(path, past, past);
}

/**
 * Connects until the server sends its 220 greeting, then says QUIT. Gives up early once
 * `failed` says so: a fatal smtpd gets its service throttled for 60 s by the master.
 */
async function waitForGreeting(
  port: number,
  timeoutMs: number,
  failed: () => Promise<boolean>,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await greets(port, deadline - Date.now(), { prefix: '220 ', goodbye: 'QUIT\r\n' }))
      return true;
    if (await failed()) return false;
    await sleep(GREETING_RETRY_MS);
  }
  return false;
}

/** TCP sockets listening on `port` at 127.0.0.1 or the wildcard address (/proc/net/tcp). */
async function loopbackListeners(port: number): Promise<number> {
  const table = await readFile('/proc/net/tcp', 'utf8');
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const local = new Set([`0100007F:${hexPort}`, `00000000:${hexPort}`]);
  return table
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => local.has(fields[1] ?? '') && fields[3] === TCP_LISTEN).length;
}

/** The master takes its lock in data_directory as `postfix`: every ancestor must grant o+x. */
async function assertSearchableByOthers(path: string): Promise<void> {
  for (let current = path; ; current = dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `${current} (mode ${(mode & 0o777).toString(8)}) is not searchable by other users; ` +
          `Postfix's daemons run as postfix. chmod o+x it or choose another dir.`,
      );
    }
    if (current === dirname(current)) return;
  }
}

/** Numeric id of a system user (/etc/passwd) or group (/etc/group). */
async function systemId(file: '/etc/passwd' | '/etc/group', name: string): Promise<number> {
  const entries = (await readFile(file, 'utf8')).split('\n').map((line) => line.split(':'));
  const id = Number(entries.find((fields) => fields[0] === name)?.[2]);
  if (!Number.isInteger(id))
    throw new Error(`no ${name} in ${file}: is Debian's postfix installed?`);
  return id;
}
