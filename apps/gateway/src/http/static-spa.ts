import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '@tidings/protocol';

/** The SPA's own policy: scripts and sockets from this origin only, nothing remote. */
const SPA_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  // Remote images appear only inside a message's sandboxed srcdoc frame, which inherits this
  // policy and narrows it with its own (default-src 'none' until the user allows images).
  "img-src 'self' data: https: http:",
  "connect-src 'self'",
  "frame-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header('content-security-policy', SPA_CSP);
    return payload;
  });
}

/** Paths that are never the app's own routes, so never answered with index.html. */
const NOT_APP_ROUTES = ['/api/', '/socket.io', '/assets/'];

/**
 * Serves the built SPA; unknown GETs of app routes get index.html so they survive a reload.
 * Files are looked up per request (fastify-static's wildcard route), not listed once at start:
 * a `pnpm build` while the gateway runs is served at once, not answered with index.html for
 * its new asset names. A missing asset is a 404, which a script import reports as such.
 */
export async function registerStaticSpa(app: FastifyInstance, webDist: string): Promise<void> {
  if (!existsSync(join(webDist, 'index.html'))) {
    throw new Error(`The web app is not built (${webDist}/index.html missing): run "pnpm build".`);
  }
  await app.register(fastifyStatic, { root: webDist, wildcard: true, index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (request.method === 'GET' && !NOT_APP_ROUTES.some((prefix) => path.startsWith(prefix))) {
      return reply
        .header('cache-control', 'no-cache')
        .sendFile('index.html', { cacheControl: false });
    }
    return reply.code(404).send({ error: { code: ErrorCode.BadRequest, message: 'Not found.' } });
  });
}
