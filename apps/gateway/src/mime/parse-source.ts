import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { Address, AttachmentInfo, MessageBody } from '@tidings/protocol';
import { bareContentId } from './body-structure.ts';
import { safeFilename } from './safe-filename.ts';

/**
 * The second and third tries at a message whose structure could not be read part by part:
 * parse the (bounded) full source with mailparser; failing that, show the start of the source.
 */

/** How much of the source the last resort shows as text. */
export const RAW_PREVIEW_BYTES = 64 * 1024;
const MAX_ADDRESSES = 500;
const MAX_REFERENCES = 100;

export interface SourceReading {
  subject: string | null;
  from: Address[];
  to: Address[];
  cc: Address[];
  replyTo: Address[];
  date: string | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  body: MessageBody;
  attachments: AttachmentInfo[];
}

export async function readFromSource(raw: Buffer): Promise<SourceReading> {
  const mail = await simpleParser(raw, {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
  });
  return {
    subject: mail.subject ?? null,
    from: addresses(mail.from),
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    replyTo: addresses(mail.replyTo),
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : null,
    messageId: mail.messageId ?? null,
    inReplyTo: mail.inReplyTo ?? null,
    references: ([] as string[]).concat(mail.references ?? []).slice(-MAX_REFERENCES),
    body: bodyOf(mail),
    attachments: mail.attachments.map((a, index) => {
      const info: AttachmentInfo = {
        part: a.partId ?? String(index + 1),
        filename: safeFilename(a.filename, a.contentType),
        contentType: a.contentType.toLowerCase(),
        size: a.size,
        inline: a.contentDisposition === 'inline' || a.related === true,
      };
      const cid = bareContentId(a.cid);
      if (cid !== undefined) info.contentId = cid;
      return info;
    }),
  };
}

/** The last resort: the start of the raw source, as text (invalid UTF-8 shows as U+FFFD). */
export function rawSourceBody(raw: Buffer): MessageBody {
  const text = new TextDecoder('utf-8').decode(raw.subarray(0, RAW_PREVIEW_BYTES));
  return text ? { kind: 'text', text, flowed: false } : { kind: 'empty' };
}

function bodyOf(mail: ParsedMail): MessageBody {
  if (typeof mail.html === 'string' && mail.html) return { kind: 'html', html: mail.html };
  if (mail.text) return { kind: 'text', text: mail.text, flowed: false };
  return { kind: 'empty' };
}

function addresses(field: AddressObject | AddressObject[] | undefined): Address[] {
  const out: Address[] = [];
  for (const object of ([] as AddressObject[]).concat(field ?? [])) {
    for (const entry of object.value) {
      for (const member of entry.group ?? [entry]) {
        if (out.length >= MAX_ADDRESSES) return out;
        if (member.address || member.name)
          out.push({ name: member.name ?? '', address: member.address ?? '' });
      }
    }
  }
  return out;
}
