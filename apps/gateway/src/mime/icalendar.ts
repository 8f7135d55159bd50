import type { Address, EventTime, Invitation } from '@tidings/protocol';
import { readRecurrence } from './recurrence.ts';

/**
 * The first event of an iCalendar object (RFC 5545) as an invitation card shows it: what,
 * when, where, who invites, and whether it is off. Pure and forgiving: a line it cannot read
 * is passed over, an object without an event gives null. Nothing here is trusted: lengths are
 * capped and the text goes to the browser as text.
 */

/** Characters kept of a summary or a location (a subject's limit, RFC 5322 §2.1.1). */
const MAX_TEXT_CHARS = 998;
/** Lines looked at: an invitation has a few dozen; a whole calendar is not one. */
const MAX_LINES = 5_000;

interface ContentLine {
  name: string;
  params: Map<string, string>;
  value: string;
}

/** The calendar's METHOD and its first event's own properties (the first of each name). */
interface FirstEvent {
  method: string | null;
  properties: Map<string, ContentLine>;
}

function firstEvent(ics: string): FirstEvent | null {
  let method: string | null = null;
  let event: Map<string, ContentLine> | null = null;
  /** Components open inside the event (VALARM...): their properties are not the event's. */
  let nested = 0;
  for (const line of contentLines(ics)) {
    if (line.name === 'BEGIN') {
      const component = line.value.trim().toUpperCase();
      if (event) nested++;
      else if (component === 'VEVENT') event = new Map();
      continue;
    }
    if (line.name === 'END') {
      if (!event) continue;
      if (nested > 0) nested--;
      else break;
      continue;
    }
    if (!event && line.name === 'METHOD') method = line.value.trim().toUpperCase() || null;
    // The first of each property counts (a second DTSTART is not valid; take no chances).
    else if (event && nested === 0 && !event.has(line.name)) event.set(line.name, line);
  }
  return event ? { method: method?.slice(0, 32) ?? null, properties: event } : null;
}

export function readInvitation(ics: string, part: string): Invitation | null {
  const found = firstEvent(ics);
  if (!found) return null;
  const { method, properties: event } = found;
  const start = eventTime(event.get('DTSTART'));
  const end = eventTime(event.get('DTEND')) ?? endByDuration(start, event.get('DURATION'));
  const status = event.get('STATUS')?.value.trim().toUpperCase();
  return {
    part,
    method,
    summary: text(event.get('SUMMARY')) ?? '',
    start,
    end,
    location: text(event.get('LOCATION')),
    organizer: organizer(event.get('ORGANIZER')),
    cancelled: method === 'CANCEL' || status === 'CANCELLED',
    repeats: readRecurrence(
      event.get('RRULE')?.value,
      (value) => eventTime({ name: 'UNTIL', params: new Map(), value }),
      event.has('RDATE') || event.has('EXDATE') || event.has('EXRULE'),
    ),
  };
}

/** What an attendee answers an invitation with (RFC 5545 §3.2.12 PARTSTAT). */
export type Participation = 'ACCEPTED' | 'TENTATIVE' | 'DECLINED';

export interface InvitationReply {
  /** The iTIP REPLY (RFC 5546 §3.2.3), as a text/calendar body. */
  calendar: string;
  /** Where it goes: the organizer's address. */
  organizer: string;
  summary: string;
}

/**
 * The answer to an invitation (METHOD:REQUEST) as RFC 5546 §3.2.3 has it: the event's UID,
 * SEQUENCE and RECURRENCE-ID, its ORGANIZER, a DTSTAMP, and one ATTENDEE, the user, with the
 * participation chosen. Null when the calendar is not an invitation one can answer: another
 * method, no UID, no organizer address.
 */
export function replyTo(
  ics: string,
  attendee: string,
  answer: Participation,
  now: Date,
): InvitationReply | null {
  const found = firstEvent(ics);
  if (!found || found.method !== 'REQUEST') return null;
  const event = found.properties;
  const uid = event.get('UID')?.value.trim();
  const organizerLine = event.get('ORGANIZER');
  const organizerAddress = organizer(organizerLine)?.address;
  if (!uid || !organizerLine || !organizerAddress) return null;
  const kept = ['UID', 'SEQUENCE', 'RECURRENCE-ID', 'ORGANIZER', 'SUMMARY', 'DTSTART', 'DTEND']
    .map((name) => event.get(name))
    .filter((line): line is ContentLine => line !== undefined);
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const lines = [
    'BEGIN:VCALENDAR',
    'PRODID:-//Tidings//Tidings webmail//EN',
    'VERSION:2.0',
    'METHOD:REPLY',
    'BEGIN:VEVENT',
    ...kept.map(serialize),
    `DTSTAMP:${stamp}`,
    `ATTENDEE;PARTSTAT=${answer}:mailto:${attendee}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return {
    calendar: `${lines.map(fold).join('\r\n')}\r\n`,
    organizer: organizerAddress,
    summary: text(event.get('SUMMARY')) ?? '',
  };
}

/** A content line written back as it was read (parameter values quoted where they must be). */
function serialize(line: ContentLine): string {
  const params = [...line.params].map(([name, value]) =>
    /[;:,]/.test(value) ? `;${name}="${value}"` : `;${name}=${value}`,
  );
  return `${line.name}${params.join('')}:${line.value}`;
}

/** Lines longer than 75 octets folded (RFC 5545 §3.1), never inside a UTF-8 sequence. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    if (octets + size > 75) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n');
}

/** Lines unfolded (§3.1: a line break followed by one space or tab continues the line). */
function* contentLines(ics: string): Generator<ContentLine> {
  const unfolded = ics.replace(/\r?\n[ \t]/g, '');
  let count = 0;
  for (const raw of unfolded.split(/\r?\n/)) {
    if (++count > MAX_LINES) return;
    const line = parseLine(raw);
    if (line) yield line;
  }
}

/** `NAME;PARAM=value;PARAM="quoted:value":VALUE` (§3.1); null when it is not one. */
function parseLine(raw: string): ContentLine | null {
  const nameMatch = /^([A-Za-z0-9-]+)/.exec(raw);
  if (!nameMatch) return null;
  const params = new Map<string, string>();
  let i = nameMatch[1]!.length;
  while (raw[i] === ';') {
    const param = /^;([A-Za-z0-9-]+)=("[^"]*"|[^;:"]*)/.exec(raw.slice(i));
    if (!param) return null;
    const value = param[2]!;
    params.set(param[1]!.toUpperCase(), value.startsWith('"') ? value.slice(1, -1) : value);
    i += param[0].length;
  }
  if (raw[i] !== ':') return null;
  return { name: nameMatch[1]!.toUpperCase(), params, value: raw.slice(i + 1) };
}

/** A TEXT value (§3.3.11) unescaped, trimmed and capped; null when empty. */
function text(line: ContentLine | undefined): string | null {
  if (!line) return null;
  const value = line.value
    .replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c))
    .trim()
    .slice(0, MAX_TEXT_CHARS);
  return value || null;
}

/** `ORGANIZER;CN=Isabel Costa:mailto:isabel@example.test` (§3.8.4.3). */
function organizer(line: ContentLine | undefined): Address | null {
  if (!line) return null;
  const address = line.value
    .trim()
    .replace(/^mailto:/i, '')
    .slice(0, 320);
  const name = (line.params.get('CN') ?? '').trim().slice(0, 256);
  if (!address && !name) return null;
  return { name, address: /^[^\s@]+@[^\s@]+$/.test(address) ? address : '' };
}

const DATE = /^(\d{4})(\d{2})(\d{2})$/;
const DATE_TIME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/;

/** DTSTART or DTEND (§3.3.4, §3.3.5): a date, a UTC time, a time in a zone, or floating. */
function eventTime(line: ContentLine | undefined): EventTime | null {
  if (!line) return null;
  const value = line.value.trim();
  const date = DATE.exec(value);
  if (date) {
    const [, y, m, d] = date;
    return validDate(+y!, +m!, +d!) ? { kind: 'date', date: `${y}-${m}-${d}` } : null;
  }
  const match = DATE_TIME.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, utc] = match;
  const wall = [+y!, +mo!, +d!, +h!, +mi!, +s!] as const;
  if (!validDate(wall[0], wall[1], wall[2]) || wall[3] > 23 || wall[4] > 59 || wall[5] > 60)
    return null;
  if (utc) return { kind: 'instant', iso: new Date(Date.UTC(...toUtcArgs(wall))).toISOString() };
  const zone = line.params.get('TZID')?.trim().slice(0, 64) || null;
  const iana = zone ? ianaZone(zone) : null;
  if (iana) return { kind: 'instant', iso: new Date(zonedToUtc(wall, iana)).toISOString() };
  return { kind: 'local', local: `${y}-${mo}-${d}T${h}:${mi}`, zone };
}

type Wall = readonly [number, number, number, number, number, number];

function toUtcArgs(wall: Wall): [number, number, number, number, number, number] {
  return [wall[0], wall[1] - 1, wall[2], wall[3], wall[4], Math.min(wall[5], 59)];
}

function validDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * The IANA zone a TZID names, if Intl knows it. Calendars write it plain ("Europe/Berlin") or
 * behind a prefix of their own ("/mozilla.org/20050126_1/Europe/Berlin"); Outlook's Windows
 * names ("W. Europe Standard Time") are not IANA and stay unplaced.
 */
function ianaZone(tzid: string): string | null {
  const candidates = [tzid, /([A-Za-z_]+\/[A-Za-z_+-]+(?:\/[A-Za-z_+-]+)?)$/.exec(tzid)?.[1]];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      return new Intl.DateTimeFormat('en-US', { timeZone: candidate }).resolvedOptions().timeZone;
    } catch {
      // Not a zone Intl knows.
    }
  }
  return null;
}

/** Milliseconds the zone is ahead of UTC at `utc`. */
function zoneOffset(zone: string, utc: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utc));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(utc / 1000) * 1000;
}

/**
 * The moment a wall time in `zone` names. A time a DST change skips is read with the offset
 * from before the change, one it repeats with the offset from after it.
 */
function zonedToUtc(wall: Wall, zone: string): number {
  const guess = Date.UTC(...toUtcArgs(wall));
  const first = guess - zoneOffset(zone, guess);
  return guess - zoneOffset(zone, first);
}

const DURATION = /^([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** DTEND from DTSTART and DURATION (§3.3.6), where both can be placed. */
function endByDuration(start: EventTime | null, line: ContentLine | undefined): EventTime | null {
  const match = line && DURATION.exec(line.value.trim());
  if (!start || !match || match[1] === '-') return null;
  const [, , w, d, h, m, s] = match.map((v) => Number(v ?? 0));
  const days = w! * 7 + d!;
  if (start.kind === 'date') {
    const [y, mo, day] = start.date.split('-').map(Number);
    const end = new Date(Date.UTC(y!, mo! - 1, day! + days));
    return { kind: 'date', date: end.toISOString().slice(0, 10) };
  }
  if (start.kind !== 'instant') return null;
  const ms = ((days * 24 + h!) * 60 * 60 + m! * 60 + s!) * 1000;
  return { kind: 'instant', iso: new Date(Date.parse(start.iso) + ms).toISOString() };
}
