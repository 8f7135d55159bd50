import { performance } from 'node:perf_hooks';
import { chromium, type Page } from '@playwright/test';
import { ImapFlow } from 'imapflow';
import { buildMessage, MailClient, type MailUser } from '@tidings/testkit';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../playwright.config.ts';
import { startStack } from '../e2e/support/stack.ts';
import { summarize } from './stats.ts';

/** Deliveries per phase (the issue asks for at least 50). */
const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 50);
/**
 * Dovecot runs a 500 ms notify timer per connection, started by any change to the mailbox; two
 * idling connections only compare fairly when deliveries are spaced past it (IMAP-FIELD-NOTES).
 */
const SPACING_MS = 1_200;
const WAIT_MS = 10_000;

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The floor: a bare imapflow client idling on the same mailbox. */
async function startFloorClient(port: number, user: MailUser) {
  const seen = new Map<number, number>(); // message count → time EXISTS announced it
  const client = new ImapFlow({
    host: '127.0.0.1',
    port,
    secure: false,
    auth: { user: user.email, pass: user.password },
    logger: false,
  });
  client.on('error', () => undefined);
  client.on('exists', (e: { count: number }) => {
    if (!seen.has(e.count)) seen.set(e.count, now());
  });
  await client.connect();
  await client.mailboxOpen('INBOX');
  void client.idle().catch(() => undefined);
  return { seen, close: () => client.logout().catch(() => undefined) };
}

/**
 * Timestamps, inside the page, the moment a row with a given UID enters the DOM, and reports it
 * through a binding (no polling, which would compete for the page's main thread). Passed as
 * source text: tsx's name-keeping helpers do not exist in the page.
 */
const ROW_WATCHER = `(() => {
  const seen = new Set();
  const note = (el) => {
    const uid = el.getAttribute('data-uid');
    if (!uid || seen.has(uid)) return;
    seen.add(uid);
    window.__rowAppeared(Number(uid), performance.timeOrigin + performance.now());
  };
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes') note(record.target);
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) continue;
        note(node);
        node.querySelectorAll('[data-uid]').forEach(note);
      }
    }
  }).observe(document.querySelector('[role="grid"]'), { childList: true, subtree: true, attributes: true, attributeFilter: ['data-uid'] });
})()`;

async function watchRows(page: Page): Promise<Map<number, number>> {
  const seen = new Map<number, number>();
  await page.exposeFunction('__rowAppeared', (uid: number, at: number) => {
    if (!seen.has(uid)) seen.set(uid, at);
  });
  await page.evaluate(ROW_WATCHER);
  return seen;
}

async function seenAt(seen: Map<number, number>, key: number, what: string): Promise<number> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const at = seen.get(key);
    if (at) return at;
    if (Date.now() > deadline) throw new Error(`${what} ${key} never appeared`);
    await sleep(5);
  }
}

export async function liveLatency() {
  const stack = await startStack();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const user = await stack.newUser('bench');
    const sender = await MailClient.connect(stack.dovecot, user);
    for (let i = 0; i < 40; i++) {
      await sender.append(
        'INBOX',
        await buildMessage({ from: 'seed@example.test', to: [user.email], subject: `Seed ${i}` }),
      );
    }
    let count = 40;
    const floor = await startFloorClient(stack.dovecot.imapPort, user);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(stack.url);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('status', { name: 'Connection' }).filter({ hasText: /^Live/ }).waitFor();
    await page.locator('[role="grid"] [role="row"][data-uid]').first().waitFor();
    const rows = await watchRows(page);
    await sleep(SPACING_MS);

    const phases: Record<string, { floor: number[]; tidings: number[]; diff: number[] }> = {};
    for (const phase of ['plain', 'afterAction'] as const) {
      const samples = { floor: [] as number[], tidings: [] as number[], diff: [] as number[] };
      for (let i = 0; i < DELIVERIES; i++) {
        if (phase === 'afterAction') {
          // The user acts (opens an unread message, which stores \Seen) and mail arrives at once.
          await page.locator('[role="grid"] [role="row"][data-unread="true"]').first().click();
        }
        const raw = await buildMessage({
          from: 'bench@example.test',
          to: [user.email],
          subject: `${phase} ${i}`,
        });
        const sentAt = now();
        const { uid } = await sender.append('INBOX', raw);
        count += 1;
        const [floorAt, domAt] = await Promise.all([
          seenAt(floor.seen, count, 'EXISTS for message'),
          seenAt(rows, uid, 'row'),
        ]);
        samples.floor.push(floorAt - sentAt);
        samples.tidings.push(domAt - sentAt);
        samples.diff.push(domAt - floorAt);
        await sleep(SPACING_MS);
      }
      phases[phase] = samples;
    }
    await floor.close();
    await sender.close();
    const report = (s: { floor: number[]; tidings: number[]; diff: number[] }) => ({
      floorMs: summarize(s.floor),
      tidingsMs: summarize(s.tidings),
      differenceMs: summarize(s.diff),
    });
    return {
      deliveries: DELIVERIES,
      spacingMs: SPACING_MS,
      what: 'APPEND by another client → (a) EXISTS on a bare idling imapflow client, (b) row in the DOM (MutationObserver, performance.timeOrigin + now)',
      plain: report(phases.plain!),
      afterAction: report(phases.afterAction!),
      target: { differenceP50Ms: 10, differenceP99Ms: 50 },
    };
  } finally {
    await browser.close();
    await stack.stop();
  }
}
