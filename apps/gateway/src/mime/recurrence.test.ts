import { describe, expect, it } from 'vitest';
import type { EventTime } from '@tidings/protocol';
import { readRecurrence } from './recurrence.ts';

/** UNTIL as a UTC moment only, for these tests (icalendar.ts reads it as DTSTART). */
const until = (value: string): EventTime | null =>
  /^\d{8}T\d{6}Z$/.test(value)
    ? {
        kind: 'instant',
        iso: `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}T${value.slice(9, 11)}:${value.slice(11, 13)}:${value.slice(13, 15)}.000Z`,
      }
    : null;
const read = (rule: string, more = false) => readRecurrence(rule, until, more);

describe('readRecurrence', () => {
  it('reads a weekly rule with days, an interval and an end', () => {
    expect(read('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;UNTIL=20261231T235959Z')).toEqual({
      frequency: 'WEEKLY',
      interval: 2,
      days: [
        { day: 'MO', nth: null },
        { day: 'WE', nth: null },
      ],
      monthDays: [],
      count: null,
      until: { kind: 'instant', iso: '2026-12-31T23:59:59.000Z' },
      partial: false,
    });
  });

  it('reads ordinal weekdays, month days and a count', () => {
    expect(read('FREQ=MONTHLY;BYDAY=1MO,-1FR;COUNT=10')).toMatchObject({
      frequency: 'MONTHLY',
      interval: 1,
      days: [
        { day: 'MO', nth: 1 },
        { day: 'FR', nth: -1 },
      ],
      count: 10,
      partial: false,
    });
    expect(read('freq=monthly;bymonthday=1,15,-1')?.monthDays).toEqual([1, 15, -1]);
  });

  it('says when it leaves something out', () => {
    expect(read('FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1')?.partial).toBe(true);
    expect(read('FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU')?.partial).toBe(true);
    expect(read('FREQ=DAILY;UNTIL=someday')).toMatchObject({ until: null, partial: true });
    expect(read('FREQ=WEEKLY;BYDAY=0MO,XX,TU')).toMatchObject({
      days: [{ day: 'TU', nth: null }],
      partial: true,
    });
    expect(read('FREQ=WEEKLY', true)?.partial).toBe(true);
    expect(read('FREQ=WEEKLY;WKST=SU')?.partial).toBe(false);
  });

  it('gives none for no rule, a frequency finer than a day, or nonsense; caps the rest', () => {
    expect(read('')).toBeNull();
    expect(read('FREQ=HOURLY')).toBeNull();
    expect(read('INTERVAL=2')).toBeNull();
    expect(read('FREQ=WEEKLY;INTERVAL=0;COUNT=-3')).toMatchObject({ interval: 1, count: null });
    expect(read('FREQ=WEEKLY;INTERVAL=99999999')?.interval).toBe(1);
    const many = Array.from({ length: 500 }, () => 'MO').join(',');
    expect(read(`FREQ=WEEKLY;BYDAY=${many}`)?.days.length).toBeLessThanOrEqual(31);
  });
});
