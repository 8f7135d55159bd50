import type { FetchMessageObject, MessageAddressObject } from 'imapflow';
import type { Address, MessageDetail, MessageRef } from '@tidings/protocol';
import { headerField } from './header-fields.ts';
import { readListHeaders, readListId } from './list-unsubscribe.ts';

const MAX_ADDRESSES = 500;
const MAX_REFERENCES = 100;
export const MAX_SUBJECT_CHARS = 1000;

/**
 * A message's header fields as the reader shows them, from the server's own parse (ENVELOPE)
 * and bounded: what the parts and the source then add is the body.
 */
export function fromEnvelope(ref: MessageRef, meta: FetchMessageObject): MessageDetail {
  const envelope = meta.envelope;
  const headers = meta.headers?.toString('latin1') ?? '';
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
    references: messageIds(headerField(headers, 'references') ?? '').slice(-MAX_REFERENCES),
    flags: [...(meta.flags ?? [])].filter((flag) => flag.toLowerCase() !== '\\recent'),
    size: meta.size ?? 0,
    body: { kind: 'empty' },
    attachments: [],
    attachedMessages: [],
    unsubscribe: readListHeaders(headers)?.offer ?? null,
    listId: readListId(headers),
    invitation: null,
    problem: null,
  };
}

export function addresses(list: MessageAddressObject[] | undefined): Address[] {
  return (list ?? [])
    .filter((a) => a.address || a.name)
    .slice(0, MAX_ADDRESSES)
    .map((a) => ({ name: a.name ?? '', address: a.address ?? '' }));
}

export function isoDate(value: Date | string | undefined): string | null {
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
