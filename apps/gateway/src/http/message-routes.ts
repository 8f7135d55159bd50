import { pipeline, Transform, type Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MessageStructureObject } from 'imapflow';
import { z } from 'zod';
import {
  ErrorCode,
  MessageHttpPath,
  mailboxPathSchema,
  uidSchema,
  uidValiditySchema,
} from '@tidings/protocol';
import { findContentId, findSection } from '../mime/body-structure.ts';
import {
  fetchMessage,
  MessageNotFound,
  PartNotFound,
  type HeldMailbox,
} from '../mime/held-mailbox.ts';
import { contentDisposition, safeFilename } from '../mime/safe-filename.ts';
import { AccountError, commandRefused } from '../sessions/account-error.ts';
import type { AccountRegistry } from '../sessions/account-registry.ts';
import type { SessionStore } from '../sessions/session-store.ts';
import { currentSession, sendError } from './http-session.ts';

/**
 * Attachments, inline images and the raw source, streamed from IMAP to the browser. Nothing is
 * buffered whole: imapflow's download() fetches the part in chunks and waits while the
 * response is full. The mailbox stays locked on the command connection until the stream ends
 * or the browser goes away.
 */

/** Bytes per partial FETCH of a download; larger means fewer round trips, not more memory. */
const DOWNLOAD_CHUNK_BYTES = 256 * 1024;
/** A browser that reads nothing for this long (a paused download) gives the connection back. */
const DOWNLOAD_STALL_MS = 60_000;

/** Served documents run nothing and load nothing, even when opened directly. */
const PART_CSP = "default-src 'none'; sandbox";

/** Types a browser would run or render as a document: always served as opaque bytes. */
const ACTIVE_TYPES = new Set([
  'text/html',
  'application/xhtml+xml',
  'image/svg+xml',
  'text/xml',
  'application/xml',
  'text/xsl',
  'application/xslt+xml',
  'text/javascript',
  'application/javascript',
  'application/ecmascript',
  'text/ecmascript',
  'application/x-shockwave-flash',
  'text/vtt',
  'text/cache-manifest',
  'application/pdf',
]);
const MIME_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;
const CHARSET = /^[a-z0-9][a-z0-9._:+-]{0,39}$/i;
/** Inline images: only formats browsers decode as pictures, never as documents. */
const INLINE_IMAGE_TYPES: Readonly<Record<string, string>> = {
  'image/png': 'image/png',
  'image/jpeg': 'image/jpeg',
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/gif': 'image/gif',
  'image/webp': 'image/webp',
};

const numeric = (schema: z.ZodNumber) =>
  z
    .string()
    .regex(/^[1-9][0-9]{0,9}$/, 'a positive whole number')
    .transform(Number)
    .pipe(schema);

const messageQuery = z
  .object({
    mailbox: mailboxPathSchema,
    uidValidity: numeric(uidValiditySchema),
    uid: numeric(uidSchema),
  })
  .strict();
const attachmentQuery = messageQuery.extend({
  part: z.string().regex(/^[1-9][0-9]{0,5}(\.[1-9][0-9]{0,5}){0,31}$/, 'an IMAP part number'),
});
const inlineQuery = messageQuery.extend({
  cid: z
    .string()
    .min(1)
    .max(998)
    .regex(/^[\x21-\x7e]+$/, 'a Content-ID'),
});
type MessageQuery = z.infer<typeof messageQuery>;

export interface MessageRouteDeps {
  sessions: SessionStore;
  accounts: AccountRegistry;
}

export async function registerMessageRoutes(
  app: FastifyInstance,
  deps: MessageRouteDeps,
): Promise<void> {
  // A scope of its own, so its onSend runs after the SPA's security headers and replaces the CSP.
  await app.register(async (scope) => {
    scope.addHook('onSend', async (_request, reply, payload) => {
      reply.header('content-security-policy', PART_CSP);
      reply.header('cross-origin-resource-policy', 'same-origin');
      reply.header('x-content-type-options', 'nosniff');
      reply.header('cache-control', 'private, no-store');
      return payload;
    });
    const route = { exposeHeadRoute: false } as const;

    scope.get(MessageHttpPath.Attachment, route, (request, reply) =>
      serve(request, reply, deps, attachmentQuery, async (held, query) => {
        const structure = await structureOf(held, query.uid);
        const node = findSection(structure, query.part);
        if (!node) throw new PartNotFound('This message has no such attachment.');
        const name = safeFilename(attachmentName(node), node.type);
        const content = await download(held, query.uid, query.part);
        reply
          .header('content-type', servedType(node))
          .header('content-disposition', contentDisposition('attachment', name));
        return content;
      }),
    );

    scope.get(MessageHttpPath.InlineImage, route, (request, reply) =>
      serve(request, reply, deps, inlineQuery, async (held, query) => {
        const structure = await structureOf(held, query.uid);
        const found = findContentId(structure, query.cid);
        const type = found && INLINE_IMAGE_TYPES[(found.node.type ?? '').toLowerCase()];
        if (!found || !type) {
          // HTML may name any cid: it likes; only the message's own images are served.
          throw new PartNotFound('This message has no inline image with that Content-ID.');
        }
        const content = await download(held, query.uid, found.section);
        const name = safeFilename(attachmentName(found.node), type);
        reply
          .header('content-type', type)
          .header('content-disposition', contentDisposition('inline', name));
        return content;
      }),
    );

    scope.get(MessageHttpPath.Source, route, (request, reply) =>
      serve(request, reply, deps, messageQuery, async (held, query) => {
        const content = await download(held, query.uid, undefined);
        reply
          .header('content-type', 'text/plain; charset=utf-8')
          .header('content-disposition', contentDisposition('inline', `message-${query.uid}.eml`));
        return content;
      }),
    );
  });
}

/**
 * The common path of every route: session, parameters, mailbox lock, then a stream that
 * holds the lock until it ends, fails, stalls or the browser leaves.
 */
async function serve<Q extends MessageQuery>(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: MessageRouteDeps,
  schema: z.ZodType<Q>,
  open: (held: HeldMailbox, query: Q) => Promise<Readable>,
): Promise<FastifyReply> {
  const session = currentSession(request, deps.sessions);
  if (!session) return sendError(reply, 401, ErrorCode.Unauthenticated, 'Not signed in.');
  const parsed = schema.safeParse(request.query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'query';
    return sendError(reply, 400, ErrorCode.BadRequest, `Bad ${where}: ${issue?.message ?? ''}`);
  }
  const query = parsed.data;
  // Only ever the signed-in account's own session: the mailbox name is looked up in it.
  const account =
    deps.accounts.get(session.accountId) ??
    deps.accounts.acquire(session.accountId, session.credentials);
  let held: HeldMailbox | undefined;
  try {
    held = await account.holdForReading(query.mailbox, query.uidValidity);
    const content = await open(held, query);
    return reply.send(streamUnderLock(content, held, reply));
  } catch (error) {
    held?.release();
    const failure = held ? commandRefused(held.client, error) : error;
    if (!(failure instanceof AccountError)) throw failure;
    const status = statusFor(failure);
    // What is not there (404) is the request's business; a server that failed is the operator's.
    if (status >= 500) {
      request.log.warn(
        {
          uid: query.uid,
          code: failure.code,
          route: request.url.split('?')[0],
          reason: failure.message,
        },
        'message download failed',
      );
    }
    return sendError(reply, status, failure.code, failure.message);
  }
}

async function structureOf(held: HeldMailbox, uid: number): Promise<MessageStructureObject> {
  const message = await fetchMessage(held.client, uid, { bodyStructure: true });
  if (!message.bodyStructure) throw new MessageNotFound();
  return message.bodyStructure;
}

async function download(held: HeldMailbox, uid: number, part: string | undefined) {
  const result = await held.client.download(String(uid), part, {
    uid: true,
    // Byte-identical to what was attached: no charset conversion, no format=flowed unwrapping.
    decodeText: false,
    chunkSize: DOWNLOAD_CHUNK_BYTES,
  });
  if (!result.content) throw new MessageNotFound();
  return result.content;
}

/** Pipes `content` through a watchdog; the lock is released once, whichever way it ends. */
function streamUnderLock(content: Readable, held: HeldMailbox, reply: FastifyReply): Readable {
  let stall: NodeJS.Timeout | undefined;
  const out = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      stall?.refresh();
      done(null, chunk);
    },
  });
  stall = setTimeout(() => out.destroy(new Error('download stalled')), DOWNLOAD_STALL_MS);
  const finish = () => {
    clearTimeout(stall);
    stall = undefined;
    held.release();
  };
  // pipeline() destroys every stage when one fails or the browser closes the response, which
  // tells imapflow to stop fetching chunks.
  pipeline(content, out, finish);
  reply.raw.once('close', () => {
    if (!out.destroyed && !out.writableFinished) out.destroy();
    finish();
  });
  return out;
}

function attachmentName(node: MessageStructureObject): string | undefined {
  const name = node.dispositionParameters?.filename || node.parameters?.name;
  if (name) return name;
  return node.type?.toLowerCase() === 'message/rfc822'
    ? `${node.envelope?.subject || 'message'}.eml`
    : undefined;
}

/** The part's own type, unless a browser would treat it as active content. */
function servedType(node: MessageStructureObject): string {
  const type = (node.type ?? '').toLowerCase();
  if (!MIME_TYPE.test(type) || ACTIVE_TYPES.has(type) || type.startsWith('multipart/')) {
    return 'application/octet-stream';
  }
  const charset = node.parameters?.charset;
  return type.startsWith('text/') && charset && CHARSET.test(charset)
    ? `${type}; charset=${charset.toLowerCase()}`
    : type;
}

function statusFor(error: AccountError): number {
  if (error instanceof MessageNotFound || error instanceof PartNotFound) return 404;
  switch (error.code) {
    case ErrorCode.UidValidityChanged:
      return 409;
    case ErrorCode.MailboxNotFound:
      return 404;
    case ErrorCode.ImapUnavailable:
      return 503;
    case ErrorCode.CommandFailed:
      return 502;
    default:
      return 500;
  }
}
