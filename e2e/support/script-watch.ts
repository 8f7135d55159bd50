import type { BrowserContext, Page } from '@playwright/test';

/** What a payload does when it runs; the corpus's vectors use these. */
export const CONSOLE_MARKER = 'TIDINGS-XSS';

/** Something a message must never cause, and the vector that was open when it happened. */
export interface Incident {
  vector: string;
  kind: 'dialog' | 'script' | 'console' | 'request' | 'navigation' | 'popup' | 'render';
  detail: string;
}

/**
 * Watches a page for any sign that message content ran script or reached out: dialogs, calls
 * to alert/confirm/prompt/print or writes to `__xss` in any frame that runs scripts (an init
 * script records them on the top window), the console marker, every request that is not the
 * gateway's, top-level navigations and popups. Requests to anything but the gateway are
 * aborted, so a failure never leaves this machine.
 */
export async function watchPage(page: Page, context: BrowserContext, origin: string) {
  const gateway = new URL(origin).origin;
  const incidents: Incident[] = [];
  let current = '(none)';
  let watchingNavigation = false;
  const note = (kind: Incident['kind'], detail: string) =>
    incidents.push({ vector: current, kind, detail });

  await context.route(
    (url) => /^(https?|wss?):$/.test(url.protocol) && url.origin !== gateway,
    (route) => route.abort('blockedbyclient'),
  );
  await context.addInitScript((marker: string) => {
    type Watched = Window & { __xssHits?: string[] };
    const record = (what: string) => {
      try {
        const top = window.top as Watched;
        (top.__xssHits ??= []).push(`${what} in ${location.href.slice(0, 80)}`);
      } catch {
        console.log(`${marker} ${what}`);
      }
    };
    const global = window as unknown as Record<string, unknown>;
    for (const name of ['alert', 'confirm', 'prompt', 'print']) {
      const original = global[name] as ((...args: unknown[]) => unknown) | undefined;
      global[name] = function (this: unknown, ...args: unknown[]) {
        record(name);
        return original?.apply(this, args);
      };
    }
    Object.defineProperty(window, '__xss', {
      configurable: false,
      set: () => record('__xss'),
      get: () => undefined,
    });
  }, CONSOLE_MARKER);

  page.on('dialog', (dialog) => {
    note('dialog', `${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => {});
  });
  page.on('console', (message) => {
    if (message.text().includes(CONSOLE_MARKER)) note('console', message.text());
  });
  page.on('request', (request) => {
    const url = request.url();
    if (/^(data|about|blob):/.test(url)) return;
    const { origin: from, pathname: path } = new URL(url);
    // Signing in uses the rest of the API; once messages are open, only their inline images.
    const allowed =
      from === gateway &&
      (path === '/favicon.svg' ||
        path.startsWith('/assets/') ||
        path.startsWith('/socket.io/') ||
        path === '/api/message/inline' ||
        (!watchingNavigation && (path === '/' || path.startsWith('/api/'))));
    if (!allowed) note('request', `${request.resourceType()} ${url.slice(0, 160)}`);
  });
  page.on('framenavigated', (frame) => {
    if (watchingNavigation && frame === page.mainFrame()) note('navigation', frame.url());
  });
  context.on('page', (popup) => note('popup', popup.url()));

  return {
    incidents,
    /** Attributes what happens from now on to `vector`. */
    now(vector: string) {
      current = vector;
    },
    /** Signed in: from now on any top-level navigation, and any other API request, is an incident. */
    settled() {
      watchingNavigation = true;
    },
    note,
    /** Script hits recorded by the init script on the top window. */
    async collect(): Promise<Incident[]> {
      const hits = await page
        .evaluate(() => (window as Window & { __xssHits?: string[] }).__xssHits ?? [])
        .catch((error: unknown) => [`could not read hits: ${String(error)}`]);
      return [
        ...incidents,
        ...hits.map((hit) => ({ vector: '(any)', kind: 'script' as const, detail: hit })),
      ];
    },
  };
}
