import { useState } from 'react';
import { MAX_MESSAGE_BYTES, MAX_UPLOAD_BYTES, type UploadResult } from '@tidings/protocol';
import { formatSize } from '../reader/attachmentFormat.ts';
import type { PendingAttachment } from './AttachmentList.tsx';
import { uploadAttachment } from './uploadAttachment.ts';

let attachmentKeys = 0;

export interface AttachmentUploads {
  attachments: PendingAttachment[];
  /** Upload ids of the attachments that are stored on the gateway. */
  ready: string[];
  uploading: number;
  failed: number;
  add(files: readonly File[]): void;
  /** Takes one out of the message; one already stored is released on the gateway. */
  remove(key: number): void;
  /** The composer closes: uploads under way stop, stored ones are released. */
  releaseAll(): void;
}

/**
 * Attachments of the message being written: each file is uploaded at once (with progress),
 * refused before it leaves when it is over the protocol's limits, and named with the
 * gateway's reason when the gateway refuses it (a smaller limit there, a session quota).
 */
export function useAttachmentUploads(
  csrfToken: string,
  /** Already on the gateway: a reopened draft's attachments, or a forward's. */
  initial: readonly UploadResult[],
  release: (ids: string[]) => void,
): AttachmentUploads {
  const [attachments, setAttachments] = useState<PendingAttachment[]>(() =>
    initial.map((upload) => ({
      key: ++attachmentKeys,
      name: upload.filename,
      size: upload.size,
      status: 'ready',
      progress: 1,
      id: upload.id,
      error: null,
      abort: null,
    })),
  );

  function patch(key: number, change: Partial<PendingAttachment>) {
    setAttachments((list) => list.map((a) => (a.key === key ? { ...a, ...change } : a)));
  }

  function add(files: readonly File[]) {
    let total = attachments.reduce((sum, a) => sum + (a.status === 'failed' ? 0 : a.size), 0);
    const added: PendingAttachment[] = [];
    for (const file of files) {
      const entry: PendingAttachment = {
        key: ++attachmentKeys,
        name: file.name,
        size: file.size,
        status: 'uploading',
        progress: 0,
        id: null,
        error: null,
        abort: null,
      };
      total += file.size;
      const refusal =
        file.size > MAX_UPLOAD_BYTES
          ? `“${file.name}” is larger than the limit of ${formatSize(MAX_UPLOAD_BYTES)} per attachment.`
          : total > MAX_MESSAGE_BYTES
            ? `With “${file.name}” the message would be larger than ${formatSize(MAX_MESSAGE_BYTES)}.`
            : null;
      if (refusal) {
        added.push({ ...entry, status: 'failed', error: refusal });
        continue;
      }
      const { key } = entry;
      const upload = uploadAttachment(file, csrfToken, (progress) => patch(key, { progress }));
      added.push({ ...entry, abort: upload.abort });
      upload.result.then(
        (result) =>
          patch(key, {
            status: 'ready',
            id: result.id,
            name: result.filename,
            size: result.size,
            progress: 1,
            abort: null,
          }),
        (error: unknown) =>
          patch(key, {
            status: 'failed',
            error: error instanceof Error ? error.message : 'The upload failed.',
            abort: null,
          }),
      );
    }
    setAttachments((list) => [...list, ...added]);
  }

  function remove(key: number) {
    const attachment = attachments.find((a) => a.key === key);
    attachment?.abort?.();
    if (attachment?.id) release([attachment.id]);
    setAttachments((list) => list.filter((a) => a.key !== key));
  }

  const ready = attachments.flatMap((a) => (a.status === 'ready' && a.id ? [a.id] : []));

  return {
    attachments,
    ready,
    uploading: attachments.filter((a) => a.status === 'uploading').length,
    failed: attachments.filter((a) => a.status === 'failed').length,
    add,
    remove,
    releaseAll() {
      attachments.forEach((a) => a.abort?.());
      release(ready);
    },
  };
}
