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

  it('copies every listed file, images shown inline included, from where the original is', async () => {
    const { asked, copy } = recordingCopy();
    const logo = file('1.2', { inline: true, contentId: 'logo@x', contentType: 'image/png' });
    const result = await copyForForward(original([file('2'), logo, file('3')]), copy);
    expect(asked).toEqual([
      { mailbox: 'Archive/2026', uidValidity: 9, uid: 41, parts: ['2', '1.2', '3'] },
    ]);
    expect(result.attachments.map((a) => a.id)).toEqual(['up-2', 'up-1.2', 'up-3']);
    expect(result.notice).toBeNull();
  });

  it('takes as many as a message carries, and says how many stayed behind', async () => {
    const { asked, copy } = recordingCopy();
    const many = Array.from({ length: MAX_ATTACHMENTS + 3 }, (_, i) => file(String(i + 2)));
    const result = await copyForForward(original(many), copy);
    expect(asked[0]?.parts).toHaveLength(MAX_ATTACHMENTS);
    expect(asked[0]?.parts[0]).toBe('2');
    expect(result.attachments).toHaveLength(MAX_ATTACHMENTS);
    expect(result.notice).toBe(
      `The first ${MAX_ATTACHMENTS} of the original's ${MAX_ATTACHMENTS + 3} attachments were added: a message carries at most ${MAX_ATTACHMENTS}.`,
    );
  });

  it("opens the forward without them when the gateway refuses, with the gateway's reason", async () => {
    const copy: CopyAttachments = async () => ({
      ok: false,
      error: {
        code: ErrorCode.BadRequest,
        message: 'Attachments waiting to be sent would exceed 100 MB.',
      },
    });
    expect(await copyForForward(original([file('2')]), copy)).toEqual({
      attachments: [],
      notice:
        "The original's attachments were not added: Attachments waiting to be sent would exceed 100 MB.",
    });
  });
});
