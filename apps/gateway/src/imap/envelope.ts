import type { FetchMessageObject, MessageAddressObject } from 'imapflow';
import { MAX_ROW_ADDRESSES, type Address, type MessageSummary } from '@tidings/protocol';

/** The FETCH items a list row needs. BODY is never fetched for the list. */
export const SUMMARY_FETCH_QUERY = {
  uid: true,
  flags: true,
  envelope: true,
  size: true,
  internalDate: true,
} as const;

const MAX_SUBJECT_CHARS = 1000;

function toAddresses(list: MessageAddressObject[] | undefined): Address[] {
  const addresses: Address[] = [];
  for (const a of list ?? []) {
    if (addresses.length === MAX_ROW_ADDRESSES) break;
    if (a.address || a.name) addresses.push({ name: a.name ?? '', address: a.address ?? '' });
  }
  return addresses;
}

function toIsoDate(...candidates: (Date | string | undefined)[]): string {
  for (const candidate of candidates) {
    if (!candidate) continue;
    const date = candidate instanceof Date ? candidate : new Date(candidate);
    if (!Number.isNaN(date.getTime())) return date.toISOString();
  }
  return new Date(0).toISOString();
}

/** Turns one FETCH response into a list row. Tolerates missing or broken envelope fields. */
export function toMessageSummary(message: FetchMessageObject, flags?: string[]): MessageSummary {
  const envelope = message.envelope;
  return {
    uid: message.uid,
    from: toAddresses(envelope?.from),
    to: toAddresses(envelope?.to),
    subject: (envelope?.subject ?? '').slice(0, MAX_SUBJECT_CHARS),
    date: toIsoDate(envelope?.date, message.internalDate),
    flags: flags ?? [...(message.flags ?? [])].filter((f) => f.toLowerCase() !== '\\recent'),
    size: message.size ?? 0,
  };
}
