import type { EventTime, Recurrence, Weekday } from '@tidings/protocol';

/** Rule parts the card puts in words; any other makes the description partial. */
const DESCRIBED = new Set(['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'COUNT', 'UNTIL', 'WKST']);
const FREQUENCIES = new Set<Recurrence['frequency']>(['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']);
const WEEKDAYS = new Set<Weekday>(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']);
/** More than this of a list is not a rule anyone writes for a meeting. */
const MAX_LIST = 31;
const MAX_INTERVAL = 1_000;
const MAX_COUNT = 100_000;

/**
 * An RRULE value (RFC 5545 §3.3.10), `FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;UNTIL=20261231T…`, as
 * a card says it. Null when there is none, or its frequency is finer than a day (HOURLY and
 * below: not something to put in a sentence). `until` reads the UNTIL value as DTSTART is read.
 * `more`: the event has other repetition properties (RDATE, EXDATE) the words leave out.
 */
export function readRecurrence(
  rule: string | undefined,
  until: (value: string) => EventTime | null,
  more = false,
): Recurrence | null {
  if (!rule) return null;
  const parts = new Map<string, string>();
  for (const part of rule.trim().split(';')) {
    const [name, value] = part.split('=', 2);
    if (name && value !== undefined && !parts.has(name.toUpperCase())) {
      parts.set(name.toUpperCase(), value.trim());
    }
  }
  const frequency = parts.get('FREQ')?.toUpperCase() as Recurrence['frequency'] | undefined;
  if (!frequency || !FREQUENCIES.has(frequency)) return null;
  let partial = more || [...parts.keys()].some((name) => !DESCRIBED.has(name));
  const interval = number(parts.get('INTERVAL'), 1, MAX_INTERVAL) ?? 1;
  const count = number(parts.get('COUNT'), 1, MAX_COUNT);
  const days: Recurrence['days'] = [];
  for (const item of list(parts.get('BYDAY'))) {
    const match = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/i.exec(item);
    const nth = match?.[1] ? Number(match[1]) : null;
    if (!match || nth === 0 || (nth !== null && Math.abs(nth) > 53)) {
      partial = true;
      continue;
    }
    const day = match[2]!.toUpperCase() as Weekday;
    if (WEEKDAYS.has(day)) days.push({ day, nth });
  }
  const monthDays: number[] = [];
  for (const item of list(parts.get('BYMONTHDAY'))) {
    const day = Number(item);
    if (Number.isInteger(day) && day !== 0 && Math.abs(day) <= 31) monthDays.push(day);
    else partial = true;
  }
  const untilValue = parts.get('UNTIL');
  const last = untilValue ? until(untilValue) : null;
  if (untilValue && !last) partial = true;
  return { frequency, interval, days, monthDays, count, until: last, partial };
}

function list(value: string | undefined): string[] {
  return value
    ? value
        .split(',', MAX_LIST + 1)
        .slice(0, MAX_LIST)
        .map((v) => v.trim())
    : [];
}

function number(value: string | undefined, min: number, max: number): number | null {
  if (value === undefined || !/^\d{1,9}$/.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}
