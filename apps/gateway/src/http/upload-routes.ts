import { PassThrough, type Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  CSRF_HEADER,
  ErrorCode,
  UPLOAD_FILENAME_HEADER,
  UPLOAD_PATH,
  type UploadResult,
} from '@tidings/protocol';
import { tooLargeMessage, UploadRefused, type UploadStore } from '../compose/uploads.ts';
import { safeFilename } from '../mime/safe-filename.ts';
import { csrfTokenMatches, type SessionStore } from '../sessions/session-store.ts';
import { currentSession, sendError } from './http-session.ts';
import { isSameOrigin } from './origin.ts';

/**
 * POST /api/upload: one attachment as the raw request body, streamed to the upload store
 * (compose/uploads.ts) and never held whole. Its name travels URI-encoded in `x-filename`.
 */

/** After refusing an upload mid-stream, how long the rest is read and discarded before the socket is closed. */
const REFUSED_UPLOAD_LINGER_MS = 2_000;
const MIME_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;
const FALLBACK_TYPE = 'application/octet-stream';

export interface UploadRouteDeps {
  sessions: SessionStore;
  uploads: UploadStore;
  allowedOrigins: readonly string[];
}

export async function registerUploadRoutes(
  app: FastifyInstance,
  deps: UploadRouteDeps,
): Promise<void> {
  await app.register(async (scope) => {
    // The body is the file: no parser reads it (so the small global body limit does not
    // apply either); the handler streams it to disk under the upload limit.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.post(UPLOAD_PATH, (request, reply) => receive(request, reply, deps));
  });
}

async function receive(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: UploadRouteDeps,
): Promise<FastifyReply> {
  if (!isSameOrigin(request.headers.origin, request.headers.host, deps.allowedOrigins)) {
    return refuse(
      request,
      reply,
      403,
      ErrorCode.CsrfRejected,
      'Uploads are only accepted from Tidings itself.',
    );
  }
  const session = currentSession(request, deps.sessions);
  if (!session) return refuse(request, reply, 401, ErrorCode.Unauthenticated, 'Not signed in.');
  const token = request.headers[CSRF_HEADER];
  if (!csrfTokenMatches(session, Array.isArray(token) ? token[0] : token)) {
    return refuse(request, reply, 403, ErrorCode.CsrfRejected, 'Missing or wrong CSRF token.');
  }
  const limit = deps.uploads.maxUploadBytes;
  const contentType = uploadType(request.headers['content-type']);
  const filename = uploadFilename(request, contentType);
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    return refuse(request, reply, 413, ErrorCode.BadRequest, tooLargeMessage(filename, limit));
  }
  const body = request.body as Readable | undefined;
  if (!body) return refuse(request, reply, 400, ErrorCode.BadRequest, 'The upload is empty.');

  // The request stream is not handed to the store's pipeline, which would destroy it (and the
  // socket, before the refusal could be sent) when the limit is hit.
  const file = new PassThrough();
  body.pipe(file);
  request.raw.once('close', () => {
    if (!request.raw.complete) file.destroy(new Error('the browser stopped the upload'));
  });
  try {
    const result: UploadResult = await deps.uploads.receive(
      {
        sessionId: session.id,
        accountId: session.accountId,
        filename,
        contentType,
      },
      file,
    );
    request.log.info({ size: result.size }, 'attachment uploaded');
    return reply.header('cache-control', 'no-store').send(result);
  } catch (error) {
    body.unpipe(file);
    if (error instanceof UploadRefused) {
      return refuse(request, reply, error.status, ErrorCode.BadRequest, error.message);
    }
    if (!request.raw.complete) {
      // Nobody is left to read this answer; it is sent only so that the request is finished.
      request.log.info('upload abandoned by the browser');
      return sendError(reply, 400, ErrorCode.BadRequest, 'The upload was interrupted.');
    }
    throw error;
  }
}

/**
 * Answers an upload that will not be stored. The browser may still be sending: what it sends
 * is read and dropped for a moment (so it can read the answer), then the connection closes.
 */
function refuse(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  message: string,
): FastifyReply {
  if (!request.raw.complete) {
    request.raw.resume();
    reply.header('connection', 'close');
    reply.raw.once('finish', () => {
      setTimeout(() => request.raw.destroy(), REFUSED_UPLOAD_LINGER_MS).unref();
    });
  }
  return sendError(reply, status, code, message);
}

function uploadFilename(request: FastifyRequest, contentType: string): string {
  const raw = request.headers[UPLOAD_FILENAME_HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  let decoded = '';
  try {
    decoded = decodeURIComponent(value ?? '');
  } catch {
    decoded = value ?? '';
  }
  return safeFilename(decoded, contentType);
}

/** The browser's type for the file, or opaque bytes when it sent none or nonsense. */
function uploadType(header: string | undefined): string {
  const type = (header ?? '').split(';')[0]!.trim().toLowerCase();
  return MIME_TYPE.test(type) ? type : FALLBACK_TYPE;
}
