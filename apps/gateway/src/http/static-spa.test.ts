import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerStaticSpa } from './static-spa.ts';

const INDEX = '<!doctype html><script type="module" src="/assets/index-a1.js"></script>';

describe('registerStaticSpa', () => {
  let root: string;
  let dist: string;
  let app: FastifyInstance;

  beforeEach(async () => {
    // dist inside a folder of its own, beside a file that must never be served.
    root = await mkdtemp(join(tmpdir(), 'tidings-dist-'));
    dist = join(root, 'dist');
    await mkdir(join(dist, 'assets'), { recursive: true });
    await writeFile(join(root, 'secret.txt'), 'secret');
    await writeFile(join(dist, 'index.html'), INDEX);
    await writeFile(join(dist, 'assets', 'index-a1.js'), 'export const build = 1;');
    app = Fastify();
    app.get('/api/session', async () => ({ ok: true }));
    await registerStaticSpa(app, dist);
    await app.ready();
  });

  afterEach(async () => {
    await app.close();
    await rm(root, { recursive: true, force: true });
  });

  const get = (url: string) => app.inject({ method: 'GET', url });

  it('serves the app, its assets, and index.html for the app’s own routes', async () => {
    expect((await get('/')).body).toBe(INDEX);
    const script = await get('/assets/index-a1.js');
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
    const route = await get('/mailbox/Projects?uid=4');
    expect(route.statusCode).toBe(200);
    expect(route.body).toBe(INDEX);
    expect(route.headers['cache-control']).toBe('no-cache');
    expect((await get('/api/session')).json()).toEqual({ ok: true });
  });

  it('serves a build written while it runs: its new assets, not index.html in their place', async () => {
    await writeFile(join(dist, 'assets', 'index-b2.js'), 'export const build = 2;');
    const script = await get('/assets/index-b2.js');
    expect(script.statusCode).toBe(200);
    expect(script.body).toBe('export const build = 2;');
  });

  it('answers 404, not the app, for a missing asset, API path or socket.io path', async () => {
    for (const url of ['/assets/index-gone.js', '/api/nothing', '/socket.io/x', '/assets/']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).not.toContain('<!doctype html>');
    }
  });

  it('serves nothing outside its folder', async () => {
    for (const url of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await get(url);
      expect(res.body, url).not.toContain('secret');
    }
  });

  it('refuses to start without a built app', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'tidings-dist-'));
    try {
      await expect(registerStaticSpa(Fastify(), empty)).rejects.toThrow(/not built/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
