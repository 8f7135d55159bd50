import type { EventTime, Invitation } from '@tidings/protocol';

/** Where and how times are shown: the browser's own unless a test names them. */
export interface WhenOptions {
  locale?: string;
  timeZone?: string;
}

const DAY: Intl.DateTimeFormatOptions = {
  weekday: 'short',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
};
const MOMENT: Intl.DateTimeFormatOptions = { ...DAY, hour: 'numeric', minute: '2-digit' };

/**
 * When an invited event happens, for its card: a moment in the reader's own time zone (named),
 * an all-day event by its days (DTEND is the day after the last, RFC 5545 §3.6.1), a time the
 * gateway could not place as written, with the zone it names.
 */
export function eventWhen(
  start: EventTime | null,
  end: EventTime | null,
  options: WhenOptions = {},
): string | null {
  if (!start) return null;
  switch (start.kind) {
    case 'instant': {
      const from = new Date(start.iso);
      const to = end?.kind === 'instant' ? new Date(end.iso) : null;
      const format = new Intl.DateTimeFormat(options.locale, {
        ...MOMENT,
        timeZone: options.timeZone,
        timeZoneName: 'short',
      });
      return to && to > from ? format.formatRange(from, to) : format.format(from);
    }
    case 'date': {
      const format = new Intl.DateTimeFormat(options.locale, { ...DAY, timeZone: 'UTC' });
      const from = new Date(`${start.date}T00:00:00Z`);
      const last =
        end?.kind === 'date' ? new Date(Date.parse(`${end.date}T00:00:00Z`) - 86_400_000) : null;
      const days = last && last > from ? format.formatRange(from, last) : format.format(from);
      return `${days} (all day)`;
    }
    case 'local': {
      const format = new Intl.DateTimeFormat(options.locale, { ...MOMENT, timeZone: 'UTC' });
      const from = new Date(`${start.local}:00Z`);
      const to = end?.kind === 'local' ? new Date(`${end.local}:00Z`) : null;
      const shown = to && to > from ? format.formatRange(from, to) : format.format(from);
      return `${shown} (${start.zone ?? 'local time'})`;
    }
  }
}

/** The card's heading: what the message does with the event. */
export function invitationTitle(invitation: Invitation): string {
  if (invitation.cancelled) return 'Event cancelled';
  switch (invitation.method) {
    case 'REPLY':
      return 'Reply to an invitation';
    case 'COUNTER':
      return 'New time proposed';
    case 'PUBLISH':
      return 'Event';
    default:
      return 'Invitation';
  }
}
