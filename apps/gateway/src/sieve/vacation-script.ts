// The Sieve script behind automatic replies (RFC 5228, vacation RFC 5230), written and read back
// by Tidings alone.
import { vacationSettingsSchema, type VacationSettings } from '@tidings/protocol';
import {
  includeLine,
  markerLine,
  readMarker,
  requireLine,
  scriptText,
  sieveString,
} from './sieve-syntax.ts';

/** The script's name on the server. */
export const VACATION_SCRIPT = 'tidings-vacation';
/** How often one sender is answered: once a day (RFC 5230 :days; 7 is the RFC's default). */
const REPLY_EVERY_DAYS = 1;
/** The comment that carries the settings (sieve-syntax `markerLine`). */
const MARKER = 'tidings-vacation';

export const VACATION_OFF: VacationSettings = {
  enabled: false,
  subject: '',
  message: '',
  until: null,
};

export interface StoredVacation {
  settings: VacationSettings;
  /**
   * The user's own script, which runs after the reply (through Tidings' filters when there are
   * some) and is active again once replies are off; null when there was none.
   */
  keeps: string | null;
}

/** One line, no control characters: a Subject header the server builds from it. */
function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex -- the point is to remove them
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

/**
 * The script for `settings`: the reply (within its last day, if one is set), then `next` (the
 * user's own script `keeps`, or Tidings' filters, which run it in turn), so that their filters
 * still run. Turned off, the script holds only the settings (kept for next time) and is not
 * made active.
 */
export function vacationScript(
  { settings, keeps }: StoredVacation,
  next: string | null = keeps,
): string {
  const stored: StoredVacation = {
    settings: { ...settings, subject: oneLine(settings.subject) },
    keeps,
  };
  const lines = [
    '# Automatic replies, written by Tidings: change them there (this script is rewritten).',
    markerLine(MARKER, stored),
  ];
  if (!settings.enabled) return scriptText(lines);
  const needs = ['vacation'];
  if (settings.until) needs.push('date', 'relational');
  if (next) needs.push('include');
  lines.push(...requireLine(needs));
  const subject = stored.settings.subject;
  const reply = [
    `vacation :days ${REPLY_EVERY_DAYS}`,
    ...(subject ? [`:subject ${sieveString(subject)}`] : []),
    sieveString(settings.message),
  ].join(' ');
  if (settings.until) {
    // ISO dates compare as text; "date" is the server's current day (RFC 5260 §4).
    lines.push(
      `if currentdate :value "le" "date" ${sieveString(settings.until)} {`,
      `  ${reply};`,
      '}',
    );
  } else {
    lines.push(`${reply};`);
  }
  if (next) lines.push(includeLine(next));
  return scriptText(lines);
}

/** The settings a script of ours carries; null for any other script or a damaged one. */
export function readVacationScript(script: string): StoredVacation | null {
  const parsed = readMarker(script, MARKER);
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { settings, keeps } = parsed as Record<string, unknown>;
  const valid = vacationSettingsSchema.safeParse(settings);
  if (!valid.success) return null;
  if (keeps !== null && (typeof keeps !== 'string' || keeps === '')) return null;
  return { settings: valid.data, keeps: keeps as string | null };
}
