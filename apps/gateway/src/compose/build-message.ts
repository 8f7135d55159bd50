import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { MimeNodeAddressInput } from 'nodemailer/lib/mime-node';
import type { Recipient } from './recipients.ts';
import { sanitizeHtml } from './sanitize-html.ts';

/** A file the user uploaded (compose/uploads.ts), attached by path so it is never held whole. */
export interface FileAttachment {
  path: string;
  filename: string;
  contentType: string;
}

/** A message forwarded as an attachment: its source, carried as message/rfc822 (RFC 2046 §5.2.1). */
export interface ForwardedMessage {
  source: Buffer;
  filename: string;
}

export interface MessageSpec {
  from: Recipient;
  /** Parsed recipients; a draft may also hold what the user typed that is not an address yet. */
  to: (Recipient | string)[];
  cc: (Recipient | string)[];
  bcc: (Recipient | string)[];
  subject: string;
  text: string;
  html?: string | undefined;
  messageId: string;
  date: Date;
  inReplyTo?: string | null | undefined;
  references?: string[] | undefined;
  attachments: FileAttachment[];
  forwarded?: ForwardedMessage | undefined;
  /** An iMIP calendar object (RFC 6047), sent as text/calendar beside the text. */
  calendar?: { method: string; content: string } | undefined;
  /** Fields of our own (ASCII, checked by the caller), e.g. a draft's origin (draft-origin.ts). */
  headers?: Record<string, string> | undefined;
}

/** A fresh Message-ID (RFC 5322 §3.6.4) on the sender's own domain. */
export function newMessageId(fromAddress: string): string {
  const domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1) || 'tidings.invalid';
  return `<${randomUUID()}@${domain}>`;
}

const addresses = (list: (Recipient | string)[]): MimeNodeAddressInput | undefined =>
  list.length ? list : undefined;

/**
 * The whole message as it is stored and sent. Bcc stays in the header (for the Sent and
 * Drafts copies); `withoutBcc` takes it out of what goes over SMTP.
 */
export async function buildMessage(spec: MessageSpec): Promise<Buffer> {
  const composer = new MailComposer({
    from: spec.from,
    to: addresses(spec.to),
    cc: addresses(spec.cc),
    bcc: addresses(spec.bcc),
    subject: spec.subject,
    messageId: spec.messageId,
    date: spec.date,
    inReplyTo: spec.inReplyTo ?? undefined,
    references: spec.references?.length ? spec.references : undefined,
    headers: spec.headers,
    text: spec.text,
    html: spec.html === undefined ? undefined : sanitizeHtml(spec.html),
    icalEvent: spec.calendar,
    attachments: [
      ...spec.attachments.map(({ path, filename, contentType }) => ({
        path,
        filename,
        contentType,
      })),
      ...(spec.forwarded
        ? [
            {
              content: spec.forwarded.source,
              filename: spec.forwarded.filename,
              contentType: 'message/rfc822',
              contentDisposition: 'attachment',
            },
          ]
        : []),
    ],
    // RFC 5322 lines end in CRLF, whatever the browser sent.
    newline: 'win',
    // Only the gateway's own upload files are read; nothing is ever fetched from a URL.
    disableUrlAccess: true,
  });
  const root = composer.compile();
  root.keepBcc = true;
  return root.build();
}

/**
 * The message without its Bcc field (RFC 5322 §3.6.3: blind recipients are not shown to the
 * others), every other byte unchanged. Only the top-level header block is touched.
 */
export function withoutBcc(raw: Buffer): Buffer {
  const end = raw.indexOf('\r\n\r\n');
  const headerEnd = end < 0 ? raw.length : end + 2;
  const header = raw.subarray(0, headerEnd).toString('latin1');
  const fields = header.split(/\r\n(?![ \t])/);
  const kept = fields.filter((field) => !/^bcc:/i.test(field));
  if (kept.length === fields.length) return raw;
  return Buffer.concat([Buffer.from(kept.join('\r\n'), 'latin1'), raw.subarray(headerEnd)]);
}
