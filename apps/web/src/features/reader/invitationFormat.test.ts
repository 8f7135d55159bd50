import { describe, expect, it } from 'vitest';
import type { Invitation, Recurrence } from '@tidings/protocol';
import { eventWhen, invitationTitle, repeatsText } from './invitationFormat.ts';

/** Intl puts narrow and thin spaces around times and dashes: compared as plain spaces. */
const plain = (text: string | null) => text?.replace(/\s+/g, ' ');
const en = (timeZone: string) => ({ locale: 'en-US', timeZone });

describe('eventWhen', () => {
  it("shows a moment in the reader's zone, naming it, the end on the same day shortened", () => {
    const start = { kind: 'instant' as const, iso: '2026-12-10T10:30:00.000Z' };
    const end = { kind: 'instant' as const, iso: '2026-12-10T11:00:00.000Z' };
    expect(plain(eventWhen(start, end, en('Europe/Berlin')))).toBe(
      'Thu, Dec 10, 2026, 11:30 AM – 12:00 PM GMT+1',
    );
    expect(plain(eventWhen(start, end, en('UTC')))).toBe('Thu, Dec 10, 2026, 10:30 – 11:00 AM UTC');
    expect(plain(eventWhen(start, null, en('UTC')))).toBe('Thu, Dec 10, 2026, 10:30 AM UTC');
    // Over midnight in New York: both days.
    const late = { kind: 'instant' as const, iso: '2026-12-11T06:30:00.000Z' };
    expect(plain(eventWhen(start, late, en('America/New_York')))).toBe(
      'Thu, Dec 10, 2026, 5:30 AM EST – Fri, Dec 11, 2026, 1:30 AM EST',
    );
  });

  it('shows all-day events by their days, the end being the day after the last', () => {
    const start = { kind: 'date' as const, date: '2026-12-24' };
    expect(plain(eventWhen(start, { kind: 'date', date: '2026-12-25' }, en('Asia/Tokyo')))).toBe(
      'Thu, Dec 24, 2026 (all day)',
    );
    expect(plain(eventWhen(start, { kind: 'date', date: '2026-12-27' }, en('Asia/Tokyo')))).toBe(
      'Thu, Dec 24 – Sat, Dec 26, 2026 (all day)',
    );
  });

  it('shows a time it could not place as written, with the zone the invitation names', () => {
    const start = {
      kind: 'local' as const,
      local: '2026-12-10T11:30',
      zone: 'W. Europe Standard Time',
    };
    const end = {
      kind: 'local' as const,
      local: '2026-12-10T12:00',
      zone: 'W. Europe Standard Time',
    };
    expect(plain(eventWhen(start, end, en('Asia/Tokyo')))).toBe(
      'Thu, Dec 10, 2026, 11:30 AM – 12:00 PM (W. Europe Standard Time)',
    );
    expect(plain(eventWhen({ ...start, zone: null }, null, en('UTC')))).toBe(
      'Thu, Dec 10, 2026, 11:30 AM (local time)',
    );
  });

  it('says nothing without a start', () => {
    expect(eventWhen(null, null)).toBeNull();
  });
});

describe('invitationTitle', () => {
  const invitation = (method: string | null, cancelled = false): Invitation => ({
    part: '2',
    method,
    summary: 'Standup',
    start: null,
    end: null,
    location: null,
    organizer: null,
    cancelled,
    repeats: null,
  });
  it('names what the message does with the event', () => {
    expect(invitationTitle(invitation('REQUEST'))).toBe('Invitation');
    expect(invitationTitle(invitation(null))).toBe('Invitation');
    expect(invitationTitle(invitation('CANCEL', true))).toBe('Event cancelled');
    expect(invitationTitle(invitation('REQUEST', true))).toBe('Event cancelled');
    expect(invitationTitle(invitation('REPLY'))).toBe('Reply to an invitation');
    expect(invitationTitle(invitation('PUBLISH'))).toBe('Event');
  });
});

describe('repeatsText', () => {
  const rule = (parts: Partial<Recurrence>): Recurrence => ({
    frequency: 'WEEKLY',
    interval: 1,
    days: [],
    monthDays: [],
    count: null,
    until: null,
    partial: false,
    ...parts,
  });
  const berlin = { locale: 'en-US', timeZone: 'Europe/Berlin' };

  it('says how often, on which days, and until when', () => {
    expect(repeatsText(rule({}))).toBe('Every week');
    expect(
      repeatsText(
        rule({
          interval: 2,
          days: [
            { day: 'MO', nth: null },
            { day: 'WE', nth: null },
          ],
          until: { kind: 'instant', iso: '2026-12-31T23:30:00.000Z' },
        }),
        berlin,
      ),
    ).toBe('Every 2 weeks on Monday and Wednesday, until Fri, Jan 1, 2027');
    expect(repeatsText(rule({ frequency: 'DAILY', count: 1 }))).toBe('Every day, 1 time');
    expect(
      repeatsText(
        rule({ frequency: 'YEARLY', until: { kind: 'date', date: '2030-12-24' } }),
        berlin,
      ),
    ).toBe('Every year, until Tue, Dec 24, 2030');
  });

  it('names the working week, ordinal weekdays and days of the month', () => {
    const weekdays = (['MO', 'TU', 'WE', 'TH', 'FR'] as const).map((day) => ({ day, nth: null }));
    expect(repeatsText(rule({ days: weekdays }))).toBe('Every weekday');
    expect(
      repeatsText(
        rule({
          frequency: 'MONTHLY',
          days: [
            { day: 'MO', nth: 1 },
            { day: 'FR', nth: -1 },
          ],
          count: 10,
        }),
      ),
    ).toBe('Every month on the first Monday and the last Friday, 10 times');
    expect(repeatsText(rule({ frequency: 'MONTHLY', monthDays: [1, 22, -1] }))).toBe(
      'Every month on the 1st, 22nd, and last day',
    );
    expect(repeatsText(rule({ frequency: 'MONTHLY', days: [{ day: 'TH', nth: -2 }] }))).toBe(
      'Every month on the second to last Thursday',
    );
  });

  it('points to the calendar file when the rule says more than the words', () => {
    expect(repeatsText(rule({ frequency: 'MONTHLY', partial: true }))).toBe(
      'Every month (more in the calendar file)',
    );
  });
});
