import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from '@playwright/test';
import { buildMessage, MailClient, type Dovecot } from '@tidings/testkit';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../playwright.config.ts';
import { startStack } from '../e2e/support/stack.ts';
import { instanceCpuMs } from './dovecot-instance.ts';
import { processCpuMs } from './gateway-process.ts';

const execFileAsync = promisify(execFile);

/** How long the tab is left alone after it settled, measured. */
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 30_000);
/** Let sign-in's work (first rows, folder counts, fonts) finish before the window opens. */
const SETTLE_MS = 10_000;
const MESSAGES = 40;

const TARGETS = {
  /**
   * An open inbox with nothing arriving should cost no more than a blank page in the same
   * browser: nothing polls, nothing moves.
   */
  aboveBlankPagePercent: { max: 0.5 },
};

/** Every Chromium process this one started: browser, renderer, GPU/compositor, utilities. */
async function chromiumPids(): Promise<number[]> {
  const { stdout } = await execFileAsync('ps', ['-e', '-o', 'pid=,ppid=,comm=']);
  const processes = stdout
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .map(([pid, ppid, comm]) => ({ pid: Number(pid), ppid: Number(ppid), comm: comm ?? '' }));
  const parent = new Map(processes.map((p) => [p.pid, p.ppid]));
  const ours = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
      if (p === process.pid) return true;
    }
    return false;
  };
  return processes.filter((p) => p.comm.includes('chrom') && ours(p.pid)).map((p) => p.pid);
}

/** CPU ms so far of the browser's processes and of the whole Dovecot instance. */
async function cpuNow(dovecot: Dovecot): Promise<{ browserMs: number; mailServerMs: number }> {
  let browserMs = 0;
  for (const pid of await chromiumPids()) browserMs += await processCpuMs(pid);
  return { browserMs, mailServerMs: await instanceCpuMs(dovecot) };
}

/** The renderer's own accounting of its main thread (CDP Performance domain). */
async function rendererMetrics(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return {
    async read() {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
      return {
        taskMs: get('TaskDuration') * 1000,
        styleRecalcs: get('RecalcStyleCount'),
        layouts: get('LayoutCount'),
      };
    },
    detach: () => cdp.detach(),
  };
}

/** What the machine spends while `page` is left alone for IDLE_MS. */
async function measureIdle(page: Page, dovecot: Dovecot) {
  const metrics = await rendererMetrics(page);
  const before = {
    tree: await cpuNow(dovecot),
    gateway: process.cpuUsage(),
    page: await metrics.read(),
  };
  const started = performance.now();
  await page.waitForTimeout(IDLE_MS);
  const wallMs = performance.now() - started;
  const after = {
    tree: await cpuNow(dovecot),
    gateway: process.cpuUsage(before.gateway),
    page: await metrics.read(),
  };
  await metrics.detach();
  const percent = (ms: number) => Math.round((ms / wallMs) * 10_000) / 100;
  const browserCpuMs = after.tree.browserMs - before.tree.browserMs;
  return {
    idleMs: Math.round(wallMs),
    browserCpuMs,
    browserCpuPercent: percent(browserCpuMs),
    rendererTaskMs: Math.round(after.page.taskMs - before.page.taskMs),
    styleRecalcs: after.page.styleRecalcs - before.page.styleRecalcs,
    layouts: after.page.layouts - before.page.layouts,
    mailServerCpuPercent: percent(after.tree.mailServerMs - before.tree.mailServerMs),
    /** The bench process: the gateway, and Playwright's side of the browser connection. */
    gatewayProcessCpuPercent: percent((after.gateway.user + after.gateway.system) / 1000),
  };
}

/**
 * An inbox left open with nothing arriving: what the browser spends on it (all Chromium
 * processes: renderer, compositor, browser) and what the gateway spends, over IDLE_MS.
 */
export async function idleTab() {
  const stack = await startStack();
  let browser: Browser | undefined;
  let client: MailClient | undefined;
  try {
    const user = await stack.newUser('idle');
    client = await MailClient.connect(stack.dovecot, user);
    for (let i = 1; i <= MESSAGES; i++) {
      const raw = await buildMessage({
        from: `Sender ${i} <sender${i}@example.test>`,
        to: [user.email],
        subject: `Message ${i}`,
        text: `Hello number ${i}`,
      });
      await client.append('INBOX', raw, i % 4 ? ['\\Seen'] : []);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    // The floor: the same browser showing a blank page, measured the same way.
    const blank = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const blankPage = await blank.newPage();
    await blankPage.goto('about:blank');
    await blankPage.waitForTimeout(SETTLE_MS / 2);
    const floor = await measureIdle(blankPage, stack.dovecot);
    await blank.close();

    const page = await (
      await browser.newContext({ viewport: { width: 1280, height: 900 } })
    ).newPage();
    await page.goto(stack.url);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('status', { name: 'Connection' }).filter({ hasText: 'Live' }).waitFor();
    await page.waitForTimeout(SETTLE_MS);

    const tab = await measureIdle(page, stack.dovecot);
    return {
      what: `An inbox of ${MESSAGES} messages signed in, Live, left alone ${IDLE_MS / 1000} s after ${SETTLE_MS / 1000} s to settle; the floor is about:blank in the same browser.`,
      ...tab,
      blankPage: floor,
      aboveBlankPagePercent: {
        value: Math.round((tab.browserCpuPercent - floor.browserCpuPercent) * 100) / 100,
        target: TARGETS.aboveBlankPagePercent,
      },
      target: TARGETS,
    };
  } finally {
    await client?.close();
    await browser?.close();
    await stack.stop();
  }
}
