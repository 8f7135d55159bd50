import { describe, expect, it } from 'vitest';
import {
  ErrorCode,
  MAX_ATTACHMENTS,
  type AttachmentInfo,
  type AttachmentsCopyRequest,
  type MessageDetail,
} from '@tidings/protocol';
import { copyForForward, type CopyAttachments } from './forwardAttachments.ts';

function original(attachments: AttachmentInfo[]): MessageDetail {
  return {
    mailbox: 'Archive/2026',
    uidValidity: 9,
    uid: 41,
    subject: 'Papers',
    from: [],
    to: [],
    cc: [],
    replyTo: [],
    date: null,
    messageId: null,
    inReplyTo: null,
    references: [],
    flags: [],
    size: 1,
    body: { kind: 'text', text: 'Attached.', flowed: false },
    attachments,
    attachedMessages: [],
    unsubscribe: null,
    listId: null,
    invitation: null,
    problem: null,
  };
}

const file = (part: string, extra: Partial<AttachmentInfo> = {}): AttachmentInfo => ({
  part,
  filename: `file-${part}.pdf`,
  contentType: 'application/pdf',
  size: 10,
  inline: false,
  ...extra,
});

/** A gateway that copies every part asked, and remembers what it was asked. */
function recordingCopy() {
  const asked: AttachmentsCopyRequest[] = [];
  const copy: CopyAttachments = async (request) => {
    asked.push(request);
    return {
      ok: true,
      data: {
        attachments: request.parts.map((part) => ({
          id: `up-${part}`,
          filename: `file-${part}.pdf`,
          contentType: 'application/pdf',
          size: 10,
        })),
      },
    };
  };
  return { asked, copy };
}

describe('copyForForward', () => {
  it('asks nothing of the gateway for a message without attachments', async () => {
    const { asked, copy } = recordingCopy();
    expect(await copyForForward(original([]), copy)).toEqual({ attachments: [], notice: null });
    expect(asked).toEqual([]);
  });

  it('copies every listed file, one by one, images shown inline included, from where the original is', async () => {
    const { asked, copy } = recordingCopy();
    const logo = file('1.2', { inline: true, contentId: 'logo@x', contentType: 'image/png' });
    const result = await copyForForward(original([file('2'), logo, file('3')]), copy);
    const where = { mailbox: 'Archive/2026', uidValidity: 9, uid: 41 };
    expect(asked).toEqual([
      { ...where, parts: ['2'] },
      { ...where, parts: ['1.2'] },
      { ...where, parts: ['3'] },
    ]);
    expect(result.attachments.map((a) => a.id)).toEqual(['up-2', 'up-1.2', 'up-3']);
    expect(result.notice).toBeNull();
  });

  it('takes as many as a message carries, and says how many stayed behind', async () => {
    const { asked, copy } = recordingCopy();
    const many = Array.from({ length: MAX_ATTACHMENTS + 3 }, (_, i) => file(String(i + 2)));
    const result = await copyForForward(original(many), copy);
    expect(asked).toHaveLength(MAX_ATTACHMENTS);
    expect(asked[0]?.parts).toEqual(['2']);
    expect(result.attachments).toHaveLength(MAX_ATTACHMENTS);
    expect(result.notice).toBe(
      `The first ${MAX_ATTACHMENTS} of the original's ${MAX_ATTACHMENTS + 3} attachments were taken: a message carries at most ${MAX_ATTACHMENTS}.`,
    );
  });

  it("keeps the ones the gateway copies when it refuses another, naming that one and the gateway's reason", async () => {
    const { copy: copies } = recordingCopy();
    const copy: CopyAttachments = async (request) =>
      request.parts[0] === '3'
        ? {
            ok: false,
            error: {
              code: ErrorCode.BadRequest,
              message: '"file-3.pdf" is larger than the limit of 25 MB per attachment.',
            },
          }
        : copies(request);
    const result = await copyForForward(original([file('2'), file('3'), file('4')]), copy);
    expect(result.attachments.map((a) => a.id)).toEqual(['up-2', 'up-4']);
    expect(result.notice).toBe(
      '“file-3.pdf” was not added: "file-3.pdf" is larger than the limit of 25 MB per attachment.',
    );
  });
});
