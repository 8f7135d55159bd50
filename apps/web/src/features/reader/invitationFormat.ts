import type { EventTime, Invitation, Recurrence, Weekday } from '@tidings/protocol';

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

const WEEKDAYS: Record<Weekday, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};
const UNITS: Record<Recurrence['frequency'], [string, string]> = {
  DAILY: ['day', 'days'],
  WEEKLY: ['week', 'weeks'],
  MONTHLY: ['month', 'months'],
  YEARLY: ['year', 'years'],
};
const WORKING_WEEK = ['MO', 'TU', 'WE', 'TH', 'FR'];
const ORDINAL_WORDS: Record<number, string> = { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth' };
const list = new Intl.ListFormat('en', { type: 'conjunction' });

/** 1st, 2nd, 3rd, 4th, 11th, 21st. */
function ordinalNumber(n: number): string {
  const suffix =
    n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** first, second… fifth; last, second to last. */
function ordinalWord(n: number): string {
  if (n === -1) return 'last';
  if (n < 0) return `${ORDINAL_WORDS[-n] ?? ordinalNumber(-n)} to last`;
  return ORDINAL_WORDS[n] ?? ordinalNumber(n);
}

/** The day of an UNTIL, as the card shows days (a moment on the reader's own calendar). */
function untilDay(until: EventTime, options: WhenOptions): string {
  switch (until.kind) {
    case 'instant':
      return new Intl.DateTimeFormat(options.locale, { ...DAY, timeZone: options.timeZone }).format(
        new Date(until.iso),
      );
    case 'date':
      return new Intl.DateTimeFormat(options.locale, { ...DAY, timeZone: 'UTC' }).format(
        new Date(`${until.date}T00:00:00Z`),
      );
    case 'local':
      return new Intl.DateTimeFormat(options.locale, { ...DAY, timeZone: 'UTC' }).format(
        new Date(`${until.local}:00Z`),
      );
  }
}

/**
 * How an event repeats, in a sentence: "Every 2 weeks on Monday and Wednesday, until Thu, Dec
 * 31, 2026", "Every month on the last Friday, 10 times", "Every weekday". A rule with more than
 * the words say points to the calendar file, which has it all.
 */
export function repeatsText(rule: Recurrence, options: WhenOptions = {}): string {
  const [one, many] = UNITS[rule.frequency];
  const plainDays = rule.days.every((d) => d.nth === null);
  const workingWeek =
    rule.interval === 1 &&
    (rule.frequency === 'WEEKLY' || rule.frequency === 'DAILY') &&
    plainDays &&
    rule.days.length === WORKING_WEEK.length &&
    WORKING_WEEK.every((day) => rule.days.some((d) => d.day === day));
  let text = workingWeek
    ? 'Every weekday'
    : rule.interval === 1
      ? `Every ${one}`
      : `Every ${rule.interval} ${many}`;
  if (rule.days.length && !workingWeek) {
    const days = rule.days.map(({ day, nth }) =>
      nth === null ? WEEKDAYS[day] : `the ${ordinalWord(nth)} ${WEEKDAYS[day]}`,
    );
    text += ` on ${list.format(days)}`;
  }
  if (rule.monthDays.length) {
    const days = rule.monthDays.map((day) =>
      day > 0 ? ordinalNumber(day) : `${ordinalWord(day)} day`,
    );
    text += ` on the ${list.format(days)}`;
  }
  if (rule.count !== null) text += `, ${rule.count} ${rule.count === 1 ? 'time' : 'times'}`;
  else if (rule.until) text += `, until ${untilDay(rule.until, options)}`;
  return rule.partial ? `${text} (more in the calendar file)` : text;
}
