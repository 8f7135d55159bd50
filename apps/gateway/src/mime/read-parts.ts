import type { FetchMessageObject, ImapFlow } from 'imapflow';
import type { AttachedMessage, MessageBody, MessageDetail } from '@tidings/protocol';
import type { AttachedMessagePlan, BodyPlan, MessagePlan, TextSection } from './body-structure.ts';
import { decodeTextPart } from './decode-part.ts';
import { addresses, isoDate, MAX_SUBJECT_CHARS } from './detail-fields.ts';
import { fetchMessage } from './held-mailbox.ts';
import { readFromSource, type SourceReading } from './parse-source.ts';
import { safeFilename } from './safe-filename.ts';
import {
  decodeTransfer,
  looksEncoded,
  transferEncoding,
  writtenEncoding,
} from './transfer-encoding.ts';

/** Body text handed to a tab, all parts and attached messages together (UTF-16 units). */
export const MAX_BODY_CHARS = 2_000_000;
/** Encoded bytes fetched of one text part (base64 grows text by a third). */
export const MAX_PART_FETCH_BYTES = 3 * 1024 * 1024;
/** Encoded bytes fetched for all shown parts of one message. */
const MAX_FETCH_TOTAL_BYTES = 6 * 1024 * 1024;

/** What is left to fetch and to show of one message, shared by all its parts. */
interface ReadBudget {
  fetchBytes: number;
  chars: number;
  truncated: boolean;
}

/**
 * The first try at a message: the parts its structure names as shown, fetched together in one
 * FETCH within the message's budgets and decoded one by one, into `detail`'s body, attachments
 * and attached messages. Says whether a budget cut something; throws where a part is beyond
 * reading (the caller falls back to the source).
 */
export async function readParts(
  client: ImapFlow,
  detail: MessageDetail,
  plan: MessagePlan,
): Promise<{ truncated: boolean }> {
  const plans = [plan.body, ...plan.attachedMessages.map((m) => m.body)];
  const budget: ReadBudget = {
    fetchBytes: MAX_FETCH_TOTAL_BYTES,
    chars: MAX_BODY_CHARS,
    truncated: false,
  };
  const requests = new Map<string, number>();
  for (const section of plans.flatMap((p) => p?.sections ?? [])) {
    const maxLength = Math.min(MAX_PART_FETCH_BYTES, budget.fetchBytes);
    if (maxLength <= 0) break;
    requests.set(section.section, maxLength);
    budget.fetchBytes -= Math.min(section.size, maxLength);
  }
  const fetched = requests.size
    ? await fetchMessage(client, detail.uid, {
        bodyParts: [...requests].map(([key, maxLength]) => ({ key, maxLength })),
      })
    : undefined;
  const written = await writtenEncodings(client, detail.uid, plans, fetched);
  const decode = (body: BodyPlan | null) => decodeBody(body, fetched, requests, budget, written);

  detail.body = await decode(plan.body);
  detail.attachments = plan.attachments;
  for (const message of plan.attachedMessages) {
    if (message.unparsed) {
      const attached = await readUnparsedMessage(
        client,
        detail,
        message.part,
        message.unparsed,
        budget,
      );
      if (attached) detail.attachedMessages.push(attached);
      continue;
    }
    const envelope = message.envelope;
    const attached: AttachedMessage = {
      part: message.part,
      subject: (envelope?.subject ?? '').slice(0, MAX_SUBJECT_CHARS),
      from: addresses(envelope?.from),
      to: addresses(envelope?.to),
      date: isoDate(envelope?.date),
      body: await decode(message.body),
    };
    detail.attachedMessages.push(attached);
  }
  return { truncated: budget.truncated };
}

/**
 * An attached message the server did not parse (message/global on Dovecot 2.3), read from its
 * own bytes with mailparser like a whole source. One FETCH, bounded by what is left of the
 * message's fetch budget; a part that cannot be read stays listed as an attachment only.
 */
async function readUnparsedMessage(
  client: ImapFlow,
  detail: MessageDetail,
  part: string,
  unparsed: NonNullable<AttachedMessagePlan['unparsed']>,
  budget: ReadBudget,
): Promise<AttachedMessage | null> {
  const maxLength = Math.min(MAX_PART_FETCH_BYTES, budget.fetchBytes);
  if (maxLength <= 0) {
    budget.truncated = true;
    return null;
  }
  const fetched = await fetchMessage(client, detail.uid, {
    bodyParts: [{ key: part, maxLength }],
  });
  const raw = fetched.bodyParts?.get(part.toLowerCase());
  if (!raw) return null;
  budget.fetchBytes -= raw.length;
  if (raw.length >= maxLength && unparsed.size > raw.length) budget.truncated = true;
  let reading: SourceReading;
  try {
    reading = await readFromSource(decodeTransfer(raw, transferEncoding(unparsed.encoding)));
  } catch {
    return null;
  }
  const subject = (reading.subject ?? '').slice(0, MAX_SUBJECT_CHARS);
  // Listed before it was read, as "message.eml": now it has a subject to be named after.
  const listed = detail.attachments.find((a) => a.part === part);
  if (listed && subject && listed.filename === safeFilename('message.eml', listed.contentType)) {
    listed.filename = safeFilename(`${subject}.eml`, listed.contentType);
  }
  return {
    part,
    subject,
    from: reading.from,
    to: reading.to,
    date: reading.date,
    body: withinBudget(reading.body, budget),
  };
}

/** A body cut to the characters left for this message (MAX_BODY_CHARS over all parts). */
function withinBudget(body: MessageBody, budget: ReadBudget): MessageBody {
  if (body.kind === 'html') return { kind: 'html', html: spendChars(body.html, budget) };
  if (body.kind === 'text') return { ...body, text: spendChars(body.text, budget) };
  return body;
}

/** `text` as far as the characters left allow; what is kept is spent. */
function spendChars(text: string, budget: ReadBudget): string {
  if (text.length > budget.chars) budget.truncated = true;
  const kept = text.slice(0, Math.max(0, budget.chars));
  budget.chars -= kept.length;
  return kept;
}

/** Bytes of a part's own header fetched to read its Content-Transfer-Encoding. */
const PART_HEADER_BYTES = 16 * 1024;

/**
 * The transfer encodings written in the headers of the fetched parts that look encoded while
 * the server says they are not (transfer-encoding.ts, looksEncoded), by section. One FETCH of
 * those headers, and none for the mail that spells its encoding right.
 */
async function writtenEncodings(
  client: ImapFlow,
  uid: number,
  plans: (BodyPlan | null)[],
  fetched: FetchMessageObject | undefined,
): Promise<Map<string, string>> {
  const written = new Map<string, string>();
  const suspects = plans
    .flatMap((plan) => plan?.sections ?? [])
    .filter((section) => {
      const raw = fetched?.bodyParts?.get(section.section.toLowerCase());
      return raw !== undefined && looksEncoded(section.encoding, raw);
    });
  if (suspects.length === 0) return written;
  const headers = await fetchMessage(client, uid, {
    bodyParts: suspects.map((s) => ({ key: s.header, maxLength: PART_HEADER_BYTES })),
  });
  for (const section of suspects) {
    // imapflow hands BODY[HEADER] over as `headers`, every other section in `bodyParts`.
    const header =
      section.header === 'HEADER'
        ? headers.headers
        : headers.bodyParts?.get(section.header.toLowerCase());
    const encoding = header && writtenEncoding(header);
    if (encoding && encoding !== section.encoding) written.set(section.section, encoding);
  }
  return written;
}

async function decodeBody(
  body: BodyPlan | null,
  fetched: FetchMessageObject | undefined,
  requests: Map<string, number>,
  budget: ReadBudget,
  written: Map<string, string>,
): Promise<MessageBody> {
  if (!body) return { kind: 'empty' };
  const texts: string[] = [];
  for (const section of body.sections) {
    const maxLength = requests.get(section.section);
    const raw = fetched?.bodyParts?.get(section.section.toLowerCase());
    if (maxLength === undefined || !raw) {
      if (maxLength === undefined) budget.truncated = true;
      continue;
    }
    if (raw.length >= maxLength && section.size > raw.length) budget.truncated = true;
    const encoding = written.get(section.section);
    const text = await decodeTextPart(encoding ? { ...section, encoding } : section, raw);
    texts.push(spendChars(text, budget));
  }
  if (body.type === 'text/html') {
    const html = texts.join('\n');
    return html.trim() ? { kind: 'html', html } : { kind: 'empty' };
  }
  const text = texts.join('\n');
  return text.trim() ? { kind: 'text', text, flowed: isFlowed(body.sections) } : { kind: 'empty' };
}

function isFlowed(sections: TextSection[]): boolean {
  return sections.length > 0 && sections.every((s) => s.flowed);
}
