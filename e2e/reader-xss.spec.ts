import { buildMessage } from '@tidings/testkit';
import { CONSOLE_MARKER, watchPage, type Incident } from './support/script-watch.ts';
import { carriesMarker, loadXssCorpus, type XssVector } from './support/xss-corpus.ts';
import { expect, messages, signInThroughUi, test } from './support/fixtures.ts';

/** The built-in set, opened one after another: well under this on two cores. */
const SUITE_TIMEOUT_MS = 6 * 60_000;
/** Extra vector files (xss-corpus.ts) make the run longer: this much more per vector. */
const PER_VECTOR_MS = 400;
/** Tidings' own vectors (e2e/fixtures/xss): at least this many, whatever else is added. */
const MIN_BUILT_IN = 600;
/** Time for anything a vector scheduled (animations, refreshes) to show itself at the end. */
const SETTLE_MS = 1_500;
const FRAME_SANDBOX = 'allow-same-origin allow-popups allow-popups-to-escape-sandbox';

/** Extra files may use any id; the left part of a Message-ID is a dot-atom. */
function dotAtom(id: string): string {
  return id.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/\.{2,}|^\.|\.$/g, '-');
}

interface Shown {
  uid: number;
  /** `frame`, `empty`, or `failed: ...` (nothing shown). */
  state: string;
  problems: string[];
  hits: string[];
}

/**
 * Runs in the page, one round trip per vector: presses `j` (Next message) as a keydown on the
 * focused element, which the app's document listener takes (pressing it through the browser's
 * protocol cost two more round trips per vector, a third of this test's time; keyboard.spec.ts
 * covers real key presses). Then polls every few milliseconds until the next row is selected
 * and its message shown (body frame loaded, or a final state), and reads what the rendered
 * frame must never contain from its DOM (a check that does not depend on a payload firing
 * while the message is open), plus the script hits the init script recorded meanwhile (taken
 * and cleared).
 */
async function showNext({
  before,
  sandbox,
  timeoutMs,
}: {
  before: number;
  sandbox: string;
  timeoutMs: number;
}): Promise<Shown> {
  const shown = (): { uid: number; state: string } | null => {
    const row = document.querySelector('[role="grid"] [role="row"][aria-selected="true"]');
    const uid = Number(row?.getAttribute('data-uid'));
    if (!uid || uid === before) return null;
    const article = document.querySelector(`[role="region"] article[data-uid="${uid}"]`);
    if (!article) return null;
    if (article.querySelector('iframe[title="Message body"][data-loaded="true"]')) {
      return { uid, state: 'frame' };
    }
    if (article.querySelector('.reader__nobody')) return { uid, state: 'empty' };
    // The sanitizer threw: nothing is shown (safe, but the message cannot be read).
    const notes = Array.from(article.querySelectorAll('[role="note"]'));
    if (notes.some((note) => note.textContent?.includes('could not be displayed safely'))) {
      return { uid, state: 'failed: the sanitizer threw, the body is not shown' };
    }
    const alert = article.querySelector('[role="alert"]');
    if (alert) return { uid, state: `failed: ${alert.textContent}` };
    return null;
  };
  (document.activeElement ?? document.body).dispatchEvent(
    new KeyboardEvent('keydown', { key: 'j', code: 'KeyJ', bubbles: true, cancelable: true }),
  );
  const deadline = performance.now() + timeoutMs;
  let found = shown();
  while (!found) {
    if (performance.now() > deadline) throw new Error(`no message shown after uid ${before}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    found = shown();
  }
  const { uid, state } = found;
  const record = window as Window & { __xssHits?: string[] };
  const hits = record.__xssHits ?? [];
  record.__xssHits = [];
  const problems: string[] = [];
  const frame = document.querySelector<HTMLIFrameElement>(
    `[role="region"] article[data-uid="${uid}"] iframe[title="Message body"]`,
  );
  if (!frame) return { uid, state, problems, hits };
  if (frame.getAttribute('sandbox') !== sandbox) {
    problems.push(`sandbox ${frame.getAttribute('sandbox')}`);
  }
  const doc = frame.contentDocument;
  if (!doc) return { uid, state, problems: ['frame document not readable'], hits };
  // Platform getters and methods from this realm's prototypes: named elements in the message
  // cannot shadow them (DOM clobbering) should the sanitizer let one through.
  const getter = <T>(proto: object, name: string) => {
    const get = Object.getOwnPropertyDescriptor(proto, name)?.get;
    if (!get) throw new Error(`no ${name} getter`);
    return (target: object) => get.call(target) as T;
  };
  const localNameOf = getter<string>(Element.prototype, 'localName');
  const attributesOf = getter<NamedNodeMap>(Element.prototype, 'attributes');
  const textOf = getter<string | null>(Node.prototype, 'textContent');
  const styleSheetsOf = getter<StyleSheetList>(Document.prototype, 'styleSheets');
  const select = (selector: string) =>
    Array.from(Document.prototype.querySelectorAll.call(doc, selector));
  const policy = select('head > meta[http-equiv="Content-Security-Policy"]')[0];
  if (!policy || select('head > :nth-child(2)')[0] !== policy) problems.push('CSP is not first');
  if (!policy?.getAttribute('content')?.startsWith("default-src 'none'")) problems.push('no CSP');
  const view = frame.contentWindow;
  const inline = `${location.origin}/api/message/inline?`;
  /** CSS as a tokenizer reads it: comments gone, escapes decoded, lower case. */
  const cssText = (text: string) =>
    text
      .replace(/\/\*[\s\S]*?(?:\*\/|$)/g, '')
      .replace(/\\([0-9a-f]{1,6})\s?/gi, (_m, hex: string) => {
        const code = parseInt(hex, 16);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
      })
      .replace(/\\([\s\S])/g, '$1')
      .toLowerCase();
  const binding = /expression\(|javascript:|vbscript:|livescript:|-moz-binding|behavior\s*:/;
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
  for (const element of select('body *')) {
    const name = localNameOf(element).toLowerCase();
    if (forbidden.has(name)) problems.push(`<${name}>`);
    for (const attribute of Array.from(attributesOf(element))) {
      // eslint-disable-next-line no-control-regex -- controls hidden in a scheme still count
      const value = attribute.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
      if (/^on/i.test(attribute.localName)) problems.push(`${name}[${attribute.name}]`);
      // Links: absolute http(s) and mailto only (no script, no relative path to the gateway),
      // always into a new tab.
      if (
        (name === 'a' || name === 'area') &&
        attribute.localName === 'href' &&
        !/^(https?:\/\/|mailto:)/.test(value)
      ) {
        problems.push(`${name}[${attribute.name}=${value.slice(0, 40)}]`);
      }
      if (attribute.localName === 'target' && attribute.value !== '_blank') {
        problems.push(`${name}[target=${attribute.value.slice(0, 20)}]`);
      }
      if (attribute.localName === 'style' && binding.test(cssText(attribute.value))) {
        problems.push(`${name}[style=${attribute.value.slice(0, 60)}]`);
      }
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
    // No overlays over the reader's own interface.
    const position = view?.getComputedStyle(element).position;
    if (position === 'fixed' || position === 'sticky') {
      problems.push(`${name} position:${position}`);
    }
    const text = name === 'style' ? (textOf(element) ?? '') : '';
    if (binding.test(cssText(text))) problems.push(`<style> ${text.slice(0, 60)}`);
  }
  for (const sheet of Array.from(styleSheetsOf(doc))) {
    let rules: CSSRule[];
    try {
      rules = Array.from(sheet.cssRules);
    } catch {
      problems.push(`unreadable style sheet ${sheet.href ?? ''}`);
      continue;
    }
    for (const rule of rules) {
      if (rule.constructor.name === 'CSSImportRule') {
        problems.push(`@import ${rule.cssText.slice(0, 60)}`);
      }
    }
  }
  return { uid, state, problems, hits };
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

  test('every built-in vector carries something the watchers detect', () => {
    const corpus = loadXssCorpus().filter((vector) => vector.builtIn);
    expect(corpus.length).toBeGreaterThanOrEqual(MIN_BUILT_IN);
    expect(corpus.filter((vector) => !carriesMarker(vector.html)).map((v) => v.id)).toEqual([]);
    expect(new Set(corpus.map((vector) => vector.id)).size).toBe(corpus.length);
  });

  test('no vector runs script or loads anything remote', async ({
    page,
    context,
    stack,
    user,
    other,
  }) => {
    // TIDINGS_XSS_ONLY=tidings-12 narrows the run to matching vector ids while debugging.
    const only = process.env.TIDINGS_XSS_ONLY;
    const all = loadXssCorpus();
    const corpus = all.filter((vector) => !only || vector.id.includes(only));
    expect(corpus.length).toBeGreaterThan(0);
    if (!only) {
      expect(all.filter((vector) => vector.builtIn).length).toBeGreaterThanOrEqual(MIN_BUILT_IN);
    }
    const extra = corpus.filter((vector) => !vector.builtIn).length;
    test.setTimeout(SUITE_TIMEOUT_MS + extra * PER_VECTOR_MS);

    const byUid = new Map<number, XssVector>();
    for (const [index, vector] of corpus.entries()) {
      const raw = await buildMessage({
        from: 'XSS corpus <corpus@example.test>',
        to: [user.email],
        subject: `${vector.id}: ${vector.title}`.slice(0, 200),
        ...(vector.type === 'text' ? { text: vector.html } : { html: vector.html }),
        date: new Date(Date.UTC(2026, 0, 1) + index * 60_000),
        messageId: `<${dotAtom(vector.id)}@corpus.example.test>`,
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
      const { uid, state, problems, hits } = await page.evaluate(showNext, {
        before: previous,
        sandbox: FRAME_SANDBOX,
        timeoutMs: 15_000,
      });
      previous = uid;
      const vector = byUid.get(uid);
      watch.now(vector ? `${vector.source} ${vector.id}` : `uid ${uid}`);
      opened.add(uid);
      if (state.startsWith('failed')) watch.note('render', state);
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
