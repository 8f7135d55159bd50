import { buildMessage } from '@tidings/testkit';
import { CONSOLE_MARKER, watchPage, type Incident } from './support/script-watch.ts';
import { loadXssCorpus, type XssVector } from './support/xss-corpus.ts';
import { expect, messages, signInThroughUi, test } from './support/fixtures.ts';

/** Every vector, opened one after another: well under this on two cores. */
const SUITE_TIMEOUT_MS = 6 * 60_000;
/** Time for anything a vector scheduled (animations, refreshes) to show itself at the end. */
const SETTLE_MS = 1_500;
const FRAME_SANDBOX = 'allow-same-origin allow-popups allow-popups-to-escape-sandbox';

/**
 * Runs in the page after each message is shown: what the rendered frame must never contain,
 * read from its DOM (a check that does not depend on a payload firing while the message is
 * open), plus the script hits the init script recorded meanwhile (taken and cleared).
 */
function auditFrame({ uid, sandbox }: { uid: number; sandbox: string }) {
  const record = window as Window & { __xssHits?: string[] };
  const hits = record.__xssHits ?? [];
  record.__xssHits = [];
  const problems: string[] = [];
  const frame = document.querySelector<HTMLIFrameElement>(
    `[role="region"] article[data-uid="${uid}"] iframe[title="Message body"]`,
  );
  if (!frame) return { problems, hits };
  if (frame.getAttribute('sandbox') !== sandbox) {
    problems.push(`sandbox ${frame.getAttribute('sandbox')}`);
  }
  const doc = frame.contentDocument;
  if (!doc) return { problems: ['frame document not readable'], hits };
  const policy = doc.head.querySelector('meta[http-equiv="Content-Security-Policy"]');
  if (doc.head.firstElementChild?.nextElementSibling !== policy) problems.push('CSP is not first');
  if (!policy?.getAttribute('content')?.startsWith("default-src 'none'")) problems.push('no CSP');
  const inline = `${location.origin}/api/message/inline?`;
  const forbidden = new Set([
    'script',
    'iframe',
    'frame',
    'object',
    'embed',
    'form',
    'input',
    'button',
    'textarea',
    'base',
    'meta',
    'link',
    'animate',
    'set',
    'animatetransform',
    'animatemotion',
    'foreignobject',
    'handler',
    'portal',
  ]);
  for (const element of Array.from(doc.body.querySelectorAll('*'))) {
    const name = element.localName.toLowerCase();
    if (forbidden.has(name)) problems.push(`<${name}>`);
    for (const attribute of Array.from(element.attributes)) {
      // eslint-disable-next-line no-control-regex -- controls hidden in a scheme still count
      const value = attribute.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
      if (/^on/i.test(attribute.localName)) problems.push(`${name}[${attribute.name}]`);
      if (/^(javascript|vbscript|livescript):|^data:(?!image\/)/.test(value)) {
        problems.push(`${name}[${attribute.name}=${value.slice(0, 40)}]`);
      }
      const loads =
        ['src', 'background', 'poster', 'srcset', 'lowsrc', 'data'].includes(attribute.localName) ||
        (attribute.localName === 'href' && name !== 'a' && name !== 'area');
      if (
        loads &&
        !value.startsWith('data:image/') &&
        !value.startsWith('#') &&
        !attribute.value.startsWith(inline)
      ) {
        problems.push(`${name}[${attribute.name}] loads ${attribute.value.slice(0, 60)}`);
      }
    }
  }
  return { problems, hits };
}

test.describe('reader XSS corpus', () => {
  test('the watchers see a script that runs and a request that leaves', async ({
    page,
    context,
  }) => {
    // A control: an unsandboxed frame on a page without CSP, so the payloads do run.
    const watch = await watchPage(page, context, 'http://127.0.0.1:9');
    await page.goto('data:text/html,<p>control</p>');
    watch.now('control');
    await page.evaluate((marker) => {
      const frame = document.createElement('iframe');
      frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-modals');
      frame.srcdoc =
        '<img src="x:" onerror="alert(1)"><img src="x:" onerror="top.__xss=1">' +
        `<img src="x:" onerror="console.log('${marker}')">` +
        '<img src="http://remote.invalid/control.png">';
      document.body.append(frame);
    }, CONSOLE_MARKER);
    await expect
      .poll(async () => new Set((await watch.collect()).map((incident) => incident.kind)))
      .toEqual(new Set(['dialog', 'script', 'console', 'request']));
  });

  test('no vector runs script or loads anything remote', async ({
    page,
    context,
    stack,
    user,
    other,
  }) => {
    test.setTimeout(SUITE_TIMEOUT_MS);
    // TIDINGS_XSS_ONLY=tidings-12 narrows the run to matching vector ids while debugging.
    const only = process.env.TIDINGS_XSS_ONLY;
    const corpus = loadXssCorpus().filter((vector) => !only || vector.id.includes(only));
    expect(corpus.length).toBeGreaterThan(only ? 0 : 500);

    const byUid = new Map<number, XssVector>();
    for (const [index, vector] of corpus.entries()) {
      const raw = await buildMessage({
        from: 'XSS corpus <corpus@example.test>',
        to: [user.email],
        subject: `${vector.id}: ${vector.title}`.slice(0, 200),
        ...(vector.type === 'text' ? { text: vector.html } : { html: vector.html }),
        date: new Date(Date.UTC(2026, 0, 1) + index * 60_000),
        messageId: `<${vector.id}@corpus.example.test>`,
      });
      const { uid } = await other.append('INBOX', raw, ['\\Seen']);
      byUid.set(uid, vector);
    }

    const watch = await watchPage(page, context, stack.url);
    await signInThroughUi(page, stack, user);
    const grid = messages(page);
    await expect(grid).toHaveAttribute('aria-rowcount', String(corpus.length));
    watch.settled();
    const startUrl = page.url();
    await grid.focus();

    const opened = new Set<number>();
    let previous = 0;
    for (let step = 0; step < corpus.length; step += 1) {
      await page.keyboard.press('j');
      // The next row is selected and its message is shown: body frame loaded, or a final state.
      const shown = await page.waitForFunction(
        (before) => {
          const row = document.querySelector('[role="grid"] [role="row"][aria-selected="true"]');
          const uid = Number(row?.getAttribute('data-uid'));
          if (!uid || uid === before) return null;
          const article = document.querySelector(`[role="region"] article[data-uid="${uid}"]`);
          if (!article) return null;
          if (article.querySelector('iframe[title="Message body"][data-loaded="true"]')) {
            return { uid, state: 'frame' };
          }
          if (article.querySelector('.reader__nobody')) return { uid, state: 'empty' };
          const alert = article.querySelector('[role="alert"]');
          if (alert) return { uid, state: `failed: ${alert.textContent}` };
          return null;
        },
        previous,
        { polling: 'raf', timeout: 15_000 },
      );
      const { uid, state } = (await shown.jsonValue()) as { uid: number; state: string };
      previous = uid;
      const vector = byUid.get(uid);
      const label = vector ? `${vector.source} ${vector.id}` : `uid ${uid}`;
      watch.now(label);
      opened.add(uid);
      if (state.startsWith('failed')) watch.note('render', state);
      const { problems, hits } = await page.evaluate(auditFrame, { uid, sandbox: FRAME_SANDBOX });
      for (const problem of problems) watch.note('render', problem);
      for (const hit of hits) watch.note('script', hit);
    }

    await page.waitForTimeout(SETTLE_MS);
    watch.now('(after the last vector)');
    const incidents: Incident[] = await watch.collect();
    expect(page.url()).toBe(startUrl);
    expect(opened.size).toBe(corpus.length);
    expect(incidents).toEqual([]);
  });
});
