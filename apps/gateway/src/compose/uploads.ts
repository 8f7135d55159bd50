import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ErrorCode, type UploadResult } from '@tidings/protocol';
import { AccountError } from '../sessions/account-error.ts';

const UPLOAD_ID_BYTES = 18;
/** Files waiting to be sent per browser session, and their bytes (a few messages' worth). */
export const MAX_UPLOADS_PER_SESSION = 60;
export const MAX_SESSION_UPLOAD_BYTES = 100 * 1024 * 1024;

export interface StoredUpload extends UploadResult {
  /** Where the bytes are: a random name in the store's private directory. */
  path: string;
  sessionId: string;
  accountId: string;
  lastUsedAt: number;
}

/** Why an upload was refused, with the HTTP status that says so. */
export class UploadRefused extends Error {
  constructor(
    readonly status: 413,
    message: string,
  ) {
    super(message);
    this.name = 'UploadRefused';
  }
}

export interface UploadMeta {
  sessionId: string;
  accountId: string;
  filename: string;
  contentType: string;
}

const mib = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

export function tooLargeMessage(filename: string, maxBytes: number): string {
  return `"${filename}" is larger than the limit of ${mib(maxBytes)} per attachment.`;
}

/**
 * Attachments uploaded for messages being written, on disk in a private directory (0700,
 * made by mkdtemp) under random names. They belong to the browser session that uploaded
 * them: only it can attach them, and they go when a send used them, when the session ends
 * (see `sweep`) or when the gateway closes.
 */
export class UploadStore {
  private readonly uploads = new Map<string, StoredUpload>();
  /** Bytes being received right now, per session, so parallel uploads share one quota. */
  private readonly inFlight = new Map<string, number>();

  private constructor(
    readonly dir: string,
    private readonly maxBytes: number,
    private readonly now: () => number,
  ) {}

  static async create(options: { maxBytes: number; now?: () => number }): Promise<UploadStore> {
    const dir = await mkdtemp(join(tmpdir(), 'tidings-uploads-'));
    return new UploadStore(dir, options.maxBytes, options.now ?? Date.now);
  }

  get maxUploadBytes(): number {
    return this.maxBytes;
  }

  /**
   * Streams `body` to a new file, stopping at the size limit: the partial file is deleted
   * and the upload refused with 413. Nothing is held in memory beyond the stream's buffers.
   */
  async receive(meta: UploadMeta, body: Readable): Promise<UploadResult> {
    const mine = this.forSession(meta.sessionId);
    if (mine.length >= MAX_UPLOADS_PER_SESSION) {
      throw new UploadRefused(
        413,
        `Too many attachments are waiting to be sent (${MAX_UPLOADS_PER_SESSION}); send or discard some first.`,
      );
    }
    const stored = mine.reduce((sum, upload) => sum + upload.size, 0);
    const id = randomBytes(UPLOAD_ID_BYTES).toString('base64url');
    const path = join(this.dir, id);
    let size = 0;
    const limit = new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        size += chunk.length;
        this.inFlight.set(meta.sessionId, (this.inFlight.get(meta.sessionId) ?? 0) + chunk.length);
        if (size > this.maxBytes) {
          return done(new UploadRefused(413, tooLargeMessage(meta.filename, this.maxBytes)));
        }
        const pending = this.inFlight.get(meta.sessionId) ?? 0;
        if (stored + pending > MAX_SESSION_UPLOAD_BYTES) {
          return done(
            new UploadRefused(
              413,
              `Attachments waiting to be sent would exceed ${mib(MAX_SESSION_UPLOAD_BYTES)}; send or discard some first.`,
            ),
          );
        }
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, limit, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    } finally {
      const left = (this.inFlight.get(meta.sessionId) ?? 0) - size;
      if (left > 0) this.inFlight.set(meta.sessionId, left);
      else this.inFlight.delete(meta.sessionId);
    }
    const upload: StoredUpload = {
      id,
      filename: meta.filename,
      contentType: meta.contentType,
      size,
      path,
      sessionId: meta.sessionId,
      accountId: meta.accountId,
      lastUsedAt: this.now(),
    };
    this.uploads.set(id, upload);
    return { id, filename: upload.filename, contentType: upload.contentType, size };
  }

  /** The session's uploads by id, in the order asked; an unknown id (or another session's) is a BAD_REQUEST. */
  take(sessionId: string, ids: readonly string[]): StoredUpload[] {
    const found: StoredUpload[] = [];
    for (const id of new Set(ids)) {
      const upload = this.uploads.get(id);
      if (!upload || upload.sessionId !== sessionId) {
        throw new AccountError(
          ErrorCode.BadRequest,
          'An attachment is no longer on the server; attach the file again.',
        );
      }
      upload.lastUsedAt = this.now();
      found.push(upload);
    }
    return found;
  }

  async discard(uploads: readonly StoredUpload[]): Promise<void> {
    for (const upload of uploads) {
      this.uploads.delete(upload.id);
      await rm(upload.path, { force: true });
    }
  }

  /**
   * The browser is done with these (removed from a message, or the composer closed: a saved
   * draft holds its own copy). Ids it no longer has, or another session's, are passed over:
   * a send may have used them up already.
   */
  async release(sessionId: string, ids: readonly string[]): Promise<void> {
    const mine = ids.flatMap((id) => {
      const upload = this.uploads.get(id);
      return upload?.sessionId === sessionId ? [upload] : [];
    });
    await this.discard(mine);
  }

  /**
   * Deletes the uploads of sessions that ended (`isAlive` false) and those unused for
   * `maxIdleMs` (their session, if any, has idled out too or has long moved on).
   */
  async sweep(isAlive: (upload: StoredUpload) => boolean, maxIdleMs: number): Promise<void> {
    const cutoff = this.now() - maxIdleMs;
    const gone = [...this.uploads.values()].filter(
      (upload) => upload.lastUsedAt < cutoff || !isAlive(upload),
    );
    await this.discard(gone);
  }

  async close(): Promise<void> {
    this.uploads.clear();
    await rm(this.dir, { recursive: true, force: true });
  }

  private forSession(sessionId: string): StoredUpload[] {
    return [...this.uploads.values()].filter((upload) => upload.sessionId === sessionId);
  }
}
