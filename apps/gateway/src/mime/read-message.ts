import type {
  FetchMessageObject,
  FetchQueryObject,
  ImapFlow,
  MessageAddressObject,
} from 'imapflow';
import type { Logger } from 'pino';
import type {
  Address,
  AttachedMessage,
  MessageBody,
  MessageDetail,
  MessageRef,
} from '@tidings/protocol';
import { commandRefused } from '../sessions/account-error.ts';
import {
  MimeStructureError,
  planMessage,
  type AttachedMessagePlan,
  type BodyPlan,
  type MessagePlan,
  type TextSection,
} from './body-structure.ts';
import { decodeTextPart } from './decode-part.ts';
import { fetchMessage } from './held-mailbox.ts';
import { rawSourceBody, readFromSource, type SourceReading } from './parse-source.ts';
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
/** Source parsed whole when the structure could not be read part by part. */
export const MAX_SOURCE_PARSE_BYTES = 5 * 1024 * 1024;
const MAX_ADDRESSES = 500;
const MAX_REFERENCES = 100;
const MAX_SUBJECT_CHARS = 1000;

export const Problem = {
  Truncated: 'This message is too long to show in full; the rest is in its source.',
  Structure: 'Tidings could not read this message part by part; it is shown as its source allows.',
  Unreadable: 'Tidings could not read this message; the start of its source is shown instead.',
} as const;

const META_QUERY: FetchQueryObject = {
  uid: true,
  flags: true,
  envelope: true,
  bodyStructure: true,
  size: true,
  headers: ['references'],
};

/**
 * One message as the reader shows it, read on a connection that has its mailbox selected
 * (see held-mailbox.ts). Never rejects because of what is in the message: a structure or a
 * part that cannot be understood falls back to parsing the source, then to the raw source,
 * with `problem` set and the failure logged by UID (never the content). IMAP failures reject.
 */
export async function readMessage(
  client: ImapFlow,
  ref: MessageRef,
  logger: Logger,
): Promise<MessageDetail> {
  try {
    const meta = await fetchMessage(client, ref.uid, META_QUERY);
    const detail = fromEnvelope(ref, meta);
    try {
      if (!meta.bodyStructure) throw new MimeStructureError('the server sent no BODYSTRUCTURE');
      const read = await readByStructure(client, detail, planMessage(meta.bodyStructure));
      // A multipart whose boundary never appears parses as nothing at all; its text is still
      // in the source, so read that rather than show an empty message.
      if (showsNothing(read) && (await bodyHasText(client, ref.uid))) {
        throw new MimeStructureError('the structure holds no readable part');
      }
      return read;
    } catch (error) {
      if (!client.usable) throw error;
      logReadFailure(logger, ref, 'structure', error);
    }
    return await readBySource(client, detail, logger);
  } catch (error) {
    throw commandRefused(client, error);
  }
}

/** Bytes of BODY[TEXT] looked at when the structure found nothing. */
const TEXT_PROBE_BYTES = 4096;

/** Whether the body holds anything besides a preamble, blank lines and multipart delimiters. */
async function bodyHasText(client: ImapFlow, uid: number): Promise<boolean> {
  const probe = await fetchMessage(client, uid, {
    bodyParts: [{ key: 'TEXT', maxLength: TEXT_PROBE_BYTES }],
  });
  const text = probe.bodyParts?.get('text')?.toString('latin1') ?? '';
  const lines = text.split(/\r?\n/);
  // Before the first delimiter is the preamble, which MIME readers ignore (RFC 2046 §5.1.1).
  const firstDelimiter = lines.findIndex((line) => line.startsWith('--'));
  return lines
    .slice(firstDelimiter + 1)
    .some((line) => line.trim() !== '' && !line.startsWith('--'));
}

function showsNothing(detail: MessageDetail): boolean {
  return (
    detail.body.kind === 'empty' &&
    detail.attachments.length === 0 &&
    detail.attachedMessages.length === 0
  );
}

/** What is left to fetch and to show of one message, shared by all its parts. */
interface ReadBudget {
  fetchBytes: number;
  chars: number;
  truncated: boolean;
}

async function readByStructure(
  client: ImapFlow,
  detail: MessageDetail,
  plan: MessagePlan,
): Promise<MessageDetail> {
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
  if (budget.truncated) detail.problem = Problem.Truncated;
  return detail;
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
  const text = body.kind === 'html' ? body.html : body.kind === 'text' ? body.text : '';
  if (text.length > budget.chars) budget.truncated = true;
  const kept = text.slice(0, Math.max(0, budget.chars));
  budget.chars -= kept.length;
  if (body.kind === 'html') return { kind: 'html', html: kept };
  if (body.kind === 'text') return { ...body, text: kept };
  return body;
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
    let text = await decodeTextPart(encoding ? { ...section, encoding } : section, raw);
    if (text.length > budget.chars) {
      text = text.slice(0, budget.chars);
      budget.truncated = true;
    }
    budget.chars -= text.length;
    texts.push(text);
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

/** The second try: the whole source (bounded), parsed in one go; then the raw source itself. */
async function readBySource(
  client: ImapFlow,
  detail: MessageDetail,
  logger: Logger,
): Promise<MessageDetail> {
  const message = await fetchMessage(client, detail.uid, {
    source: { maxLength: MAX_SOURCE_PARSE_BYTES },
  });
  const raw = message.source ?? Buffer.alloc(0);
  detail.problem = Problem.Structure;
  try {
    const reading = await readFromSource(raw);
    // The parser may "succeed" and still find nothing in a message that has a body: show that.
    const nothing = reading.body.kind === 'empty' && reading.attachments.length === 0;
    detail.body = nothing ? rawSourceBody(raw) : reading.body;
    detail.attachments = reading.attachments;
    // The envelope is the server's parse; fill only what it lacked.
    detail.subject ||= (reading.subject ?? '').slice(0, MAX_SUBJECT_CHARS);
    if (!detail.from.length) detail.from = reading.from;
    if (!detail.to.length) detail.to = reading.to;
    if (!detail.cc.length) detail.cc = reading.cc;
    if (!detail.replyTo.length) detail.replyTo = reading.replyTo;
    detail.date ??= reading.date;
    detail.messageId ??= reading.messageId;
    detail.inReplyTo ??= reading.inReplyTo;
    if (!detail.references.length) detail.references = reading.references;
  } catch (error) {
    logReadFailure(logger, detail, 'source', error);
    detail.body = rawSourceBody(raw);
    detail.attachments = [];
    detail.problem = Problem.Unreadable;
  }
  detail.attachedMessages = [];
  return detail;
}

function logReadFailure(
  logger: Logger,
  ref: MessageRef,
  stage: 'structure' | 'source',
  error: unknown,
): void {
  // The error's class only: parser messages can quote the message's own bytes.
  logger.warn(
    {
      mailbox: ref.mailbox,
      uidValidity: ref.uidValidity,
      uid: ref.uid,
      stage,
      reason: error instanceof Error ? error.name : typeof error,
    },
    stage === 'structure'
      ? 'message structure unreadable; parsing its source instead'
      : 'message source unreadable; showing it raw',
  );
}

function fromEnvelope(ref: MessageRef, meta: FetchMessageObject): MessageDetail {
  const envelope = meta.envelope;
  return {
    mailbox: ref.mailbox,
    uidValidity: ref.uidValidity,
    uid: ref.uid,
    subject: (envelope?.subject ?? '').slice(0, MAX_SUBJECT_CHARS),
    from: addresses(envelope?.from),
    to: addresses(envelope?.to),
    cc: addresses(envelope?.cc),
    replyTo: addresses(envelope?.replyTo),
    date: isoDate(envelope?.date),
    messageId: firstMessageId(envelope?.messageId),
    inReplyTo: firstMessageId(envelope?.inReplyTo),
    references: messageIds(meta.headers?.toString('latin1') ?? '').slice(-MAX_REFERENCES),
    flags: [...(meta.flags ?? [])].filter((flag) => flag.toLowerCase() !== '\\recent'),
    size: meta.size ?? 0,
    body: { kind: 'empty' },
    attachments: [],
    attachedMessages: [],
    problem: null,
  };
}

function addresses(list: MessageAddressObject[] | undefined): Address[] {
  return (list ?? [])
    .filter((a) => a.address || a.name)
    .slice(0, MAX_ADDRESSES)
    .map((a) => ({ name: a.name ?? '', address: a.address ?? '' }));
}

function isoDate(value: Date | string | undefined): string | null {
  if (!value) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Message-IDs (RFC 5322 §3.6.4 msg-id) in a header value, unfolded. */
function messageIds(value: string): string[] {
  return value.match(/<[^<>\s]{1,998}>/g) ?? [];
}

function firstMessageId(value: string | undefined): string | null {
  if (!value) return null;
  return messageIds(value)[0] ?? (value.trim().slice(0, 998) || null);
}
