import type { ImapFlow } from 'imapflow';
import type { AttachmentInfo, Invitation } from '@tidings/protocol';
import { readInvitation } from './icalendar.ts';

/** Calendar parts larger than this are whole calendars, not an invitation: not read. */
const MAX_CALENDAR_BYTES = 256 * 1024;
/** text/calendar is iMIP's (RFC 6047 §2.4); application/ics is what some clients attach. */
const CALENDAR_TYPES = new Set(['text/calendar', 'application/ics']);

/**
 * A message's first calendar part as text, read on `client` with the message's mailbox held;
 * null when it has none (most mail: no FETCH at all). The bytes come decoded from transfer
 * encoding, in UTF-8 (RFC 5545 §3.1.4's default; imapflow converts a declared charset), at most
 * MAX_CALENDAR_BYTES of them.
 */
export async function readCalendarPart(
  client: ImapFlow,
  uid: number,
  attachments: readonly AttachmentInfo[],
): Promise<{ part: string; text: string } | null> {
  const calendar = attachments.find(
    (a) => CALENDAR_TYPES.has(a.contentType) && a.size <= MAX_CALENDAR_BYTES,
  );
  if (!calendar) return null;
  const { content } = await client.download(String(uid), calendar.part, { uid: true });
  if (!content) return null;
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of content as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    length += chunk.length;
    if (length > MAX_CALENDAR_BYTES) {
      content.destroy();
      return null;
    }
  }
  return { part: calendar.part, text: Buffer.concat(chunks).toString('utf8') };
}

/** The invitation a message carries in its first calendar part (see readCalendarPart). */
export async function readMessageInvitation(
  client: ImapFlow,
  uid: number,
  attachments: readonly AttachmentInfo[],
): Promise<Invitation | null> {
  const calendar = await readCalendarPart(client, uid, attachments);
  return calendar && readInvitation(calendar.text, calendar.part);
}
