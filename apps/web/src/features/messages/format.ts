import {
  MailboxRole,
  MAX_ROW_ADDRESSES,
  type Address,
  type MessageSummary,
} from '@tidings/protocol';
import { localDay } from '../../lib/localDay.ts';

/**
 * Intl formatters are costly to build (toLocale*String builds one per call); a list re-renders
 * every visible row when mail arrives at the top, so they are built once per locale and style.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(
  locale: string | undefined,
  style: 'time' | 'day' | 'full',
): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${style}`;
  let format = formatters.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      style === 'time'
        ? { hour: 'numeric', minute: '2-digit' }
        : style === 'day'
          ? { month: 'short', day: 'numeric' }
          : { dateStyle: 'medium', timeStyle: 'short' };
    format = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

/**
 * The list's date column: the time for today, "Mar 4" for this year, "2024-03-04" before.
 * `now` and `locale` are parameters so the result does not depend on when or where it runs.
 */
export function formatListDate(iso: string, now: Date, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  if (sameDay(date, now)) {
    return formatter(locale, 'time').format(date);
  }
  if (date.getFullYear() === now.getFullYear()) {
    return formatter(locale, 'day').format(date);
  }
  return localDay(date);
}

/** The full date and time, for a tooltip or the reader. */
export function formatFullDate(iso: string, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return formatter(locale, 'full').format(date);
}

function sameDay(a: Date, b: Date): boolean {
  return (
    a.getFullYear() === b.getFullYear() &&
    a.getMonth() === b.getMonth() &&
    a.getDate() === b.getDate()
  );
}

export function addressLabel(address: Address | undefined): string {
  if (!address) return '';
  return address.name.trim() || address.address;
}

/** The sender as the list shows it: the first From's name, else its address. */
export function senderLabel(message: MessageSummary): string {
  return addressLabel(message.from[0]) || '(no sender)';
}

/**
 * Whom a list row names. In Sent and Drafts every From is the user, so rows name the
 * recipients there ("To: Nora Ellis"), as Gmail, Thunderbird and Roundcube do.
 */
export const RowParty = { Sender: 'sender', Recipients: 'recipients' } as const;
export type RowParty = (typeof RowParty)[keyof typeof RowParty];

export function rowPartyFor(role: MailboxRole | null | undefined): RowParty {
  return role === MailboxRole.Sent || role === MailboxRole.Drafts
    ? RowParty.Recipients
    : RowParty.Sender;
}

/** Recipients named in a row; the rest are counted. */
const NAMED_RECIPIENTS = 3;

/** "Ana, Bo, Cy"; of a longer list the first three and how many more. */
function namesLabel(names: readonly string[]): string {
  const shown = names.slice(0, NAMED_RECIPIENTS).join(', ');
  const more = names.length - NAMED_RECIPIENTS;
  if (more <= 0) return shown;
  // A row carries at most MAX_ROW_ADDRESSES: a full list may hide more than it counts.
  return names.length >= MAX_ROW_ADDRESSES ? `${shown} and more` : `${shown} +${more}`;
}

/** "To: Nora, Bo" for recipients' names, or that there are none. */
export function recipientsLabel(names: readonly string[]): string {
  return names.length ? `To: ${namesLabel(names)}` : '(no recipients)';
}

/** The row's name column: the sender, or "To: …" where rows name the recipients. */
export function partyLabel(message: MessageSummary, party: RowParty): string {
  if (party === RowParty.Sender) return senderLabel(message);
  return recipientsLabel(message.to.map(addressLabel).filter(Boolean));
}

/** The addresses behind partyLabel, for its tooltip. */
export function partyAddresses(message: MessageSummary, party: RowParty): string | undefined {
  if (party === RowParty.Sender) return message.from[0]?.address;
  return message.to.map((to) => to.address).join(', ') || undefined;
}

export function subjectLabel(message: MessageSummary): string {
  return message.subject.trim() || '(no subject)';
}

/** "Ada Lovelace <ada@example.test>", or the bare address when there is no name. */
export function formatAddress(address: Address): string {
  const name = address.name.trim();
  return name && name !== address.address ? `${name} <${address.address}>` : address.address;
}
