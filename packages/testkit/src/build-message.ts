import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';

export interface MessageAttachment {
  filename: string;
  contentType: string;
  content: Buffer | string;
}

export interface MessageSpec {
  from: string;
  to: string[];
  cc?: string[];
  subject: string;
  text?: string;
  html?: string;
  date?: Date;
  /** With or without angle brackets. */
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  attachments?: MessageAttachment[];
  /** Fields of its own, as `Name: value` (a mailing list's List-Id and List-Unsubscribe). */
  headers?: Record<string, string>;
}

/** RFC 5322 lines end in CRLF; nodemailer keeps body line breaks as it gets them. */
function withCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** Builds a raw RFC 5322 message. Same spec with a messageId and date → same bytes. */
export function buildMessage(spec: MessageSpec): Promise<Buffer> {
  const composer = new MailComposer({
    from: spec.from,
    to: spec.to,
    cc: spec.cc,
    subject: spec.subject,
    text: spec.text === undefined ? undefined : withCrlf(spec.text),
    html: spec.html === undefined ? undefined : withCrlf(spec.html),
    date: spec.date,
    messageId: spec.messageId,
    inReplyTo: spec.inReplyTo,
    references: spec.references,
    // As given: nodemailer would encode a value holding quotes (RFC 2047), which a List-Id's
    // phrase must not be.
    headers: spec.headers
      ? Object.fromEntries(
          Object.entries(spec.headers).map(([name, value]) => [name, { prepared: true, value }]),
        )
      : undefined,
    attachments: spec.attachments?.map(({ filename, contentType, content }) => ({
      filename,
      contentType,
      content,
    })),
    // MIME boundaries are random unless seeded; derive them from the Message-ID so seeded
    // demo mail is byte-for-byte reproducible.
    baseBoundary: spec.messageId
      ? createHash('sha1').update(spec.messageId).digest('hex').slice(0, 24)
      : undefined,
    // Content comes inline only; never let a spec read files or fetch URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return composer.compile().build();
}
