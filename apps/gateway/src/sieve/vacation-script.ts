// The Sieve script behind automatic replies (RFC 5228, vacation RFC 5230), written and read back
// by Tidings alone.
import { vacationSettingsSchema, type VacationSettings } from '@tidings/protocol';

/** The script's name on the server. */
export const VACATION_SCRIPT = 'tidings-vacation';
/** How often one sender is answered: once a day (RFC 5230 :days; 7 is the RFC's default). */
const REPLY_EVERY_DAYS = 1;
/** The comment line that carries the settings, so the form shows what was saved. */
const MARKER = '# tidings-vacation ';

export const VACATION_OFF: VacationSettings = {
  enabled: false,
  subject: '',
  message: '',
  until: null,
};

export interface StoredVacation {
  settings: VacationSettings;
  /** The user's own script, included after the reply; null when there was none. */
  keeps: string | null;
}

/** A Sieve quoted string (RFC 5228 §2.4.2): `"` and `\` escaped, line breaks as CRLF. */
function sieveString(value: string): string {
  return `"${value.replace(/\r\n?|\n/g, '\r\n').replace(/[\\"]/g, '\\$&')}"`;
}

/** One line, no control characters: a Subject header the server builds from it. */
function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex -- the point is to remove them
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

/**
 * The script for `settings`: the reply (within its last day, if one is set), then the user's
 * own script `keeps`, so that their filters still run. Turned off, the script holds only the
 * settings (kept for next time) and is not made active.
 */
export function vacationScript({ settings, keeps }: StoredVacation): string {
  const stored: StoredVacation = {
    settings: { ...settings, subject: oneLine(settings.subject) },
    keeps,
  };
  const lines = [
    '# Automatic replies, written by Tidings: change them there (this script is rewritten).',
    `${MARKER}${JSON.stringify(stored)}`,
  ];
  if (!settings.enabled) return `${lines.join('\r\n')}\r\n`;
  const needs = ['vacation'];
  if (settings.until) needs.push('date', 'relational');
  if (keeps) needs.push('include');
  lines.push(`require [${needs.map(sieveString).join(', ')}];`);
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
  if (keeps) lines.push(`include :personal :optional ${sieveString(keeps)};`);
  return `${lines.join('\r\n')}\r\n`;
}

/** The settings a script of ours carries; null for any other script or a damaged one. */
export function readVacationScript(script: string): StoredVacation | null {
  const line = script.split(/\r?\n/).find((l) => l.startsWith(MARKER));
  if (!line) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line.slice(MARKER.length));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { settings, keeps } = parsed as Record<string, unknown>;
  const valid = vacationSettingsSchema.safeParse(settings);
  if (!valid.success) return null;
  if (keeps !== null && (typeof keeps !== 'string' || keeps === '')) return null;
  return { settings: valid.data, keeps: keeps as string | null };
}
