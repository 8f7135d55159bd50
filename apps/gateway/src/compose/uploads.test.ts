import { readdir, readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '@tidings/protocol';
import { UploadRefused, UploadStore } from './uploads.ts';

const stores: UploadStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

async function store(maxBytes = 1000, now?: () => number): Promise<UploadStore> {
  const created = await UploadStore.create({ maxBytes, ...(now ? { now } : {}) });
  stores.push(created);
  return created;
}

const meta = (sessionId = 's1') => ({
  sessionId,
  accountId: 'ada@example.test',
  filename: 'notes.txt',
  contentType: 'text/plain',
});

/** A body that arrives in chunks, as a request does. */
const body = (bytes: number, chunk = 100) =>
  Readable.from(
    (function* () {
      for (let sent = 0; sent < bytes; sent += chunk)
        yield Buffer.alloc(Math.min(chunk, bytes - sent), 0x61);
    })(),
  );

describe('UploadStore', () => {
  it('streams an upload into a private directory under a random name', async () => {
    const uploads = await store();
    const result = await uploads.receive(meta(), body(1000));
    expect(result).toMatchObject({ filename: 'notes.txt', contentType: 'text/plain', size: 1000 });
    expect(result.id).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await stat(uploads.dir)).mode & 0o777).toBe(0o700);
    const [taken] = uploads.take('s1', [result.id]);
    expect((await readFile(taken!.path)).length).toBe(1000);
    expect(taken!.path.startsWith(uploads.dir)).toBe(true);
  });

  it('refuses a file over the limit with 413 and deletes what was written', async () => {
    const uploads = await store();
    const refused = await uploads.receive(meta(), body(1001)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UploadRefused);
    expect(refused).toMatchObject({ status: 413 });
    expect((refused as Error).message).toMatch(/notes\.txt.*larger than the limit/);
    expect(await readdir(uploads.dir)).toEqual([]);
  });

  it('lets only the uploading session use an upload, and forgets discarded ones', async () => {
    const uploads = await store();
    const { id } = await uploads.receive(meta('s1'), body(10));
    expect(() => uploads.take('s2', [id])).toThrowError(
      expect.objectContaining({ code: ErrorCode.BadRequest }) as Error,
    );
    await uploads.discard(uploads.take('s1', [id]));
    expect(() => uploads.take('s1', [id])).toThrow(/attach the file again/);
    expect(await readdir(uploads.dir)).toEqual([]);
  });

  it("releases the session's own uploads on request, passing over others and unknown ids", async () => {
    const uploads = await store();
    const mine = await uploads.receive(meta('s1'), body(10));
    const kept = await uploads.receive(meta('s1'), body(10));
    const theirs = await uploads.receive(meta('s2'), body(10));
    await uploads.release('s1', [mine.id, theirs.id, 'no-such-id']);
    expect(() => uploads.take('s1', [mine.id])).toThrow(/attach the file again/);
    expect(uploads.take('s1', [kept.id])).toHaveLength(1);
    expect(uploads.take('s2', [theirs.id])).toHaveLength(1);
    expect(await readdir(uploads.dir)).toHaveLength(2);
  });

  it('sweeps uploads of ended sessions and long-unused ones', async () => {
    let now = 1_000_000;
    const uploads = await store(1000, () => now);
    const ended = await uploads.receive(meta('gone'), body(10));
    const idle = await uploads.receive(meta('idle'), body(10));
    now += 5_000;
    const fresh = await uploads.receive(meta('idle'), body(10));
    await uploads.sweep((upload) => upload.sessionId !== 'gone', 4_000);
    expect(() => uploads.take('gone', [ended.id])).toThrow();
    expect(() => uploads.take('idle', [idle.id])).toThrow();
    expect(uploads.take('idle', [fresh.id])).toHaveLength(1);
    expect(await readdir(uploads.dir)).toHaveLength(1);
  });

  it('removes its directory when the gateway closes', async () => {
    const uploads = await UploadStore.create({ maxBytes: 10 });
    await uploads.receive(meta(), body(5));
    await uploads.close();
    await expect(stat(uploads.dir)).rejects.toThrow(/ENOENT/);
  });
});
