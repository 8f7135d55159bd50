import type { Address, MessageSummary } from '@tidings/protocol';

/**
 * The list's date column: the time for today, "Mar 4" for this year, "2024-03-04" before.
 * `now` and `locale` are parameters so the result does not depend on when or where it runs.
 */
export function formatListDate(iso: string, now: Date, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  if (sameDay(date, now)) {
    return date.toLocaleTimeString(locale, { hour: 'numeric', minute: '2-digit' });
  }
  if (date.getFullYear() === now.getFullYear()) {
    return date.toLocaleDateString(locale, { month: 'short', day: 'numeric' });
  }
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${month}-${day}`;
}

/** The full date and time, for a tooltip or the reader. */
export function formatFullDate(iso: string, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
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

export function subjectLabel(message: MessageSummary): string {
  return message.subject.trim() || '(no subject)';
}

/** "Ada Lovelace <ada@example.test>", or the bare address when there is no name. */
export function formatAddress(address: Address): string {
  const name = address.name.trim();
  return name && name !== address.address ? `${name} <${address.address}>` : address.address;
}
