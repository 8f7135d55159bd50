import { describe, expect, it } from 'vitest';
import { readInvitation, replyTo } from './icalendar.ts';

const ics = (...lines: string[]) => lines.join('\r\n');

/** As Google Calendar sends one: a zone, an organizer, an alarm whose text is not the event's. */
const GOOGLE = ics(
  'BEGIN:VCALENDAR',
  'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
  'VERSION:2.0',
  'METHOD:REQUEST',
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Berlin',
  'BEGIN:STANDARD',
  'DTSTART:19701025T030000',
  'TZNAME:CET',
  'END:STANDARD',
  'END:VTIMEZONE',
  'BEGIN:VEVENT',
  'DTSTART;TZID=Europe/Berlin:20260710T113000',
  'DTEND;TZID=Europe/Berlin:20260710T120000',
  'ORGANIZER;CN="Costa, Isabel":mailto:isabel.costa@example.test',
  'BEGIN:VALARM',
  'ACTION:DISPLAY',
  'SUMMARY:Not the event',
  'DESCRIPTION:Reminder',
  'END:VALARM',
  'SUMMARY:Design review\\, round 2\\; bring notes',
  'LOCATION:Room Ada\\nSecond fl',
  ' oor',
  'STATUS:CONFIRMED',
  'END:VEVENT',
  'END:VCALENDAR',
);

describe('readInvitation', () => {
  it('reads the event of an invitation: what, when (in UTC), where, who', () => {
    expect(readInvitation(GOOGLE, '3')).toEqual({
      part: '3',
      method: 'REQUEST',
      summary: 'Design review, round 2; bring notes',
      // Berlin is two hours ahead in July (CEST).
      start: { kind: 'instant', iso: '2026-07-10T09:30:00.000Z' },
      end: { kind: 'instant', iso: '2026-07-10T10:00:00.000Z' },
      location: 'Room Ada\nSecond floor',
      organizer: { name: 'Costa, Isabel', address: 'isabel.costa@example.test' },
      cancelled: false,
      repeats: null,
    });
  });

  it('places winter times, UTC times, prefixed zone names and DST changes', () => {
    const at = (line: string) =>
      readInvitation(ics('BEGIN:VEVENT', line, 'END:VEVENT'), '2')?.start;
    expect(at('DTSTART;TZID=Europe/Berlin:20261210T113000')).toEqual({
      kind: 'instant',
      iso: '2026-12-10T10:30:00.000Z',
    });
    expect(at('DTSTART:20261210T113000Z')).toEqual({
      kind: 'instant',
      iso: '2026-12-10T11:30:00.000Z',
    });
    expect(at('DTSTART;TZID=/mozilla.org/20050126_1/America/New_York:20261210T090000')).toEqual({
      kind: 'instant',
      iso: '2026-12-10T14:00:00.000Z',
    });
    // Clocks in Berlin go from 02:00 to 03:00 on 2026-03-29: 02:30 is read as if they had not
    // changed yet. On 2026-10-25 02:30 comes twice: the second, after the change, is taken.
    expect(at('DTSTART;TZID=Europe/Berlin:20261025T023000')).toEqual({
      kind: 'instant',
      iso: '2026-10-25T01:30:00.000Z',
    });
    expect(at('DTSTART;TZID=Europe/Berlin:20260329T023000')).toEqual({
      kind: 'instant',
      iso: '2026-03-29T01:30:00.000Z',
    });
    expect(at('DTSTART;TZID=Europe/Berlin:20260329T013000')).toEqual({
      kind: 'instant',
      iso: '2026-03-29T00:30:00.000Z',
    });
    expect(at('DTSTART;TZID=Europe/Berlin:20260329T033000')).toEqual({
      kind: 'instant',
      iso: '2026-03-29T01:30:00.000Z',
    });
  });

  it('keeps what it cannot place as wall time: Windows zone names, floating times', () => {
    const event = readInvitation(
      ics(
        'BEGIN:VEVENT',
        'DTSTART;TZID=W. Europe Standard Time:20261210T113000',
        'DTEND:20261210T120000',
        'END:VEVENT',
      ),
      '2',
    );
    expect(event?.start).toEqual({
      kind: 'local',
      local: '2026-12-10T11:30',
      zone: 'W. Europe Standard Time',
    });
    expect(event?.end).toEqual({ kind: 'local', local: '2026-12-10T12:00', zone: null });
  });

  it('reads all-day events, and ends given as a duration', () => {
    const allDay = readInvitation(
      ics('BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20261224', 'DURATION:P2D', 'END:VEVENT'),
      '2',
    );
    expect(allDay?.start).toEqual({ kind: 'date', date: '2026-12-24' });
    expect(allDay?.end).toEqual({ kind: 'date', date: '2026-12-26' });
    const timed = readInvitation(
      ics('BEGIN:VEVENT', 'DTSTART:20261231T230000Z', 'DURATION:PT1H30M', 'END:VEVENT'),
      '2',
    );
    expect(timed?.end).toEqual({ kind: 'instant', iso: '2027-01-01T00:30:00.000Z' });
  });

  it('reads how the event repeats, its end placed as DTSTART is', () => {
    const weekly = readInvitation(
      ics(
        'BEGIN:VEVENT',
        'DTSTART;TZID=Europe/Berlin:20261201T093000',
        'RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20270126T083000Z',
        'END:VEVENT',
      ),
      '2',
    );
    expect(weekly?.repeats).toEqual({
      frequency: 'WEEKLY',
      interval: 1,
      days: [{ day: 'TU', nth: null }],
      monthDays: [],
      count: null,
      until: { kind: 'instant', iso: '2027-01-26T08:30:00.000Z' },
      partial: false,
    });
    const allDay = readInvitation(
      ics(
        'BEGIN:VEVENT',
        'DTSTART;VALUE=DATE:20261224',
        'RRULE:FREQ=YEARLY;UNTIL=20301224',
        'EXDATE;VALUE=DATE:20281224',
        'END:VEVENT',
      ),
      '2',
    );
    // An exception date is not in the words: the card says there is more.
    expect(allDay?.repeats).toMatchObject({
      frequency: 'YEARLY',
      until: { kind: 'date', date: '2030-12-24' },
      partial: true,
    });
  });

  it('says when the event is off', () => {
    const cancel = ics('METHOD:CANCEL', 'BEGIN:VEVENT', 'SUMMARY:Standup', 'END:VEVENT');
    expect(readInvitation(cancel, '2')).toMatchObject({ method: 'CANCEL', cancelled: true });
    const status = ics('BEGIN:VEVENT', 'STATUS:CANCELLED', 'END:VEVENT');
    expect(readInvitation(status, '2')).toMatchObject({ method: null, cancelled: true });
  });

  it('gives null without an event, and passes over what it cannot read', () => {
    expect(readInvitation('', '2')).toBeNull();
    expect(readInvitation(ics('BEGIN:VCALENDAR', 'BEGIN:VTODO', 'END:VTODO'), '2')).toBeNull();
    expect(readInvitation('<html>not a calendar</html>', '2')).toBeNull();
    const broken = readInvitation(
      ics(
        'BEGIN:VEVENT',
        'DTSTART:20261345T250000Z',
        'DTEND;TZID="unclosed:20261210T120000',
        'ORGANIZER:mailto:not an address',
        'SUMMARY:Still an event',
        'END:VEVENT',
      ),
      '2',
    );
    expect(broken).toMatchObject({
      summary: 'Still an event',
      start: null,
      end: null,
      organizer: { name: '', address: '' },
    });
  });

  it('caps what it keeps', () => {
    const long = 'x'.repeat(5_000);
    const event = readInvitation(
      ics('BEGIN:VEVENT', `SUMMARY:${long}`, `LOCATION:${long}`, 'END:VEVENT'),
      '2',
    );
    expect(event?.summary).toHaveLength(998);
    expect(event?.location).toHaveLength(998);
  });
});

describe('replyTo', () => {
  const now = new Date(Date.UTC(2026, 11, 7, 9, 5, 3, 250));
  const invite = ics(
    'BEGIN:VCALENDAR',
    'METHOD:REQUEST',
    'BEGIN:VEVENT',
    'UID:040000008200E00074C5B7101A82E008@example.test',
    'SEQUENCE:2',
    'RECURRENCE-ID;TZID=Europe/Berlin:20261210T113000',
    'DTSTART;TZID=Europe/Berlin:20261210T113000',
    'ORGANIZER;CN="Costa, Isabel":mailto:isabel@example.test',
    'ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:me@example.test',
    'SUMMARY:Café planning\\, round 2 with a title long enough to need folding at seventy-five',
    'BEGIN:VALARM',
    'UID:not-the-event',
    'END:VALARM',
    'END:VEVENT',
    'END:VCALENDAR',
  );

  it("answers as RFC 5546 §3.2.3 has it: the event's identity, its organizer, one attendee", () => {
    const reply = replyTo(invite, 'me@example.test', 'ACCEPTED', now)!;
    expect(reply.organizer).toBe('isabel@example.test');
    expect(reply.summary).toBe(
      'Café planning, round 2 with a title long enough to need folding at seventy-five',
    );
    const lines = reply.calendar.split('\r\n');
    expect(reply.calendar.endsWith('\r\n')).toBe(true);
    // Folded at 75 octets; unfolded, the lines are these.
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(reply.calendar.replace(/\r\n /g, '').split('\r\n')).toEqual([
      'BEGIN:VCALENDAR',
      'PRODID:-//Tidings//Tidings webmail//EN',
      'VERSION:2.0',
      'METHOD:REPLY',
      'BEGIN:VEVENT',
      'UID:040000008200E00074C5B7101A82E008@example.test',
      'SEQUENCE:2',
      'RECURRENCE-ID;TZID=Europe/Berlin:20261210T113000',
      'ORGANIZER;CN="Costa, Isabel":mailto:isabel@example.test',
      'SUMMARY:Café planning\\, round 2 with a title long enough to need folding at seventy-five',
      'DTSTART;TZID=Europe/Berlin:20261210T113000',
      'DTSTAMP:20261207T090503Z',
      'ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@example.test',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ]);
    expect(replyTo(invite, 'me@example.test', 'DECLINED', now)!.calendar).toContain(
      'ATTENDEE;PARTSTAT=DECLINED:mailto:me@example.test',
    );
  });

  it('gives null for what cannot be answered: no invitation, no UID, no organizer address', () => {
    const eventWith = (...lines: string[]) =>
      ics('METHOD:REQUEST', 'BEGIN:VEVENT', ...lines, 'END:VEVENT');
    const organizerLine = 'ORGANIZER:mailto:isabel@example.test';
    expect(
      replyTo(eventWith('UID:1', organizerLine), 'me@example.test', 'ACCEPTED', now),
    ).not.toBeNull();
    expect(replyTo(eventWith(organizerLine), 'me@example.test', 'ACCEPTED', now)).toBeNull();
    expect(replyTo(eventWith('UID:1'), 'me@example.test', 'ACCEPTED', now)).toBeNull();
    expect(
      replyTo(eventWith('UID:1', 'ORGANIZER:mailto:nobody'), 'me@example.test', 'ACCEPTED', now),
    ).toBeNull();
    const cancel = invite.replace('METHOD:REQUEST', 'METHOD:CANCEL');
    expect(replyTo(cancel, 'me@example.test', 'ACCEPTED', now)).toBeNull();
    expect(replyTo('not a calendar', 'me@example.test', 'ACCEPTED', now)).toBeNull();
  });
});
