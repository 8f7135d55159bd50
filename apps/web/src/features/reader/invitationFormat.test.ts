import { describe, expect, it } from 'vitest';
import type { Invitation } from '@tidings/protocol';
import { eventWhen, invitationTitle } from './invitationFormat.ts';

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
