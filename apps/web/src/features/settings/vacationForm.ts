import {
  MAX_VACATION_MESSAGE,
  MAX_VACATION_SUBJECT,
  type Ack,
  type VacationSettings,
  type VacationState,
} from '@tidings/protocol';

/** The automatic-reply fields as typed; `until` is the date input's value ('' for none). */
export interface VacationFields {
  enabled: boolean;
  subject: string;
  message: string;
  until: string;
}

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `day` is YYYY-MM-DD and a day that exists (no 30 February). */
export function isCalendarDay(day: string): boolean {
  const match = DAY_PATTERN.exec(day);
  if (!match) return false;
  const [year, month, date] = match.slice(1).map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(year, month - 1, date));
  return (
    probe.getUTCFullYear() === year &&
    probe.getUTCMonth() === month - 1 &&
    probe.getUTCDate() === date
  );
}

// Day, short month, year: the words around it are English, and "24 Dec 2026" cannot be misread
// the way 12/11 can. UTC because the string names a calendar day, not a moment.
const dayFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "24 Dec 2026" for "2026-12-24". */
export function formatDay(day: string): string {
  return isCalendarDay(day) ? dayFormat.format(new Date(`${day}T00:00:00Z`)) : day;
}

export function fieldsOf(settings: VacationSettings): VacationFields {
  return {
    enabled: settings.enabled,
    subject: settings.subject,
    message: settings.message,
    until: settings.until ?? '',
  };
}

export type FieldsCheck = { ok: true; settings: VacationSettings } | { ok: false; message: string };

/**
 * The settings to send for what was typed, or why not. `today` (YYYY-MM-DD) is a parameter so
 * the answer does not depend on when it runs. A past last day is refused only when turning
 * replies on: turning off a reply whose day is over must still work.
 */
export function settingsFromFields(fields: VacationFields, today: string): FieldsCheck {
  const until = fields.until.trim();
  if (until !== '' && !isCalendarDay(until)) {
    return { ok: false, message: 'Last day: choose a date, or leave it empty.' };
  }
  const settings: VacationSettings = {
    enabled: fields.enabled,
    // A pasted line break would not survive as a Subject header.
    subject: fields.subject.replace(/\s+/g, ' ').trim(),
    message: fields.message.replace(/\r\n?/g, '\n').trim(),
    until: until === '' ? null : until,
  };
  // The protocol's vacationSettingsSchema, by hand: zod stays out of the browser's bundle
  // (vite.config.ts); vacationForm.test.ts holds the two to the same answers.
  if (settings.subject.length > MAX_VACATION_SUBJECT) {
    return { ok: false, message: `Reply subject: at most ${MAX_VACATION_SUBJECT} characters.` };
  }
  if (settings.message.length > MAX_VACATION_MESSAGE) {
    return { ok: false, message: `Reply message: at most ${MAX_VACATION_MESSAGE} characters.` };
  }
  if (settings.enabled && settings.message === '') {
    return { ok: false, message: 'An automatic reply needs a message.' };
  }
  if (settings.enabled && settings.until !== null && settings.until < today) {
    return {
      ok: false,
      message: 'Last day: that day has passed. Choose today or later, or leave it empty.',
    };
  }
  return { ok: true, settings };
}

/** What the server holds, in one line. */
export function vacationStatus(settings: VacationSettings, today: string): string {
  if (!settings.enabled) return 'Off';
  if (settings.until === null) return 'On: replies go out until you turn them off';
  // The server stops answering after the last day without anyone turning it off.
  if (settings.until < today) return `Off: the last day (${formatDay(settings.until)}) has passed`;
  return `On: replies go out until ${formatDay(settings.until)}`;
}

/**
 * The banner over the panes while the server sends replies, so that nobody leaves them on by
 * mistake; null while it does not (off, or past the last day).
 */
export function vacationBanner(settings: VacationSettings, today: string): string | null {
  if (!settings.enabled || (settings.until !== null && settings.until < today)) return null;
  return settings.until === null
    ? 'Automatic replies are on until you turn them off.'
    : `Automatic replies are on until ${formatDay(settings.until)}.`;
}

/** The fieldset's state: what the server holds and what the user has typed over it. */
export interface VacationView {
  /** The latest answer from the server; null until the first one. */
  stored: VacationState | null;
  fields: VacationFields;
  /** The user has typed since the fields were last filled from the server. */
  edited: boolean;
  /** The fields as they were when the save on its way was asked for; null: none on its way. */
  sending: VacationFields | null;
  /** The last save's answer was the stored state (until the fields change again). */
  saved: boolean;
  loadError: string | null;
  saveError: string | null;
}

export const initialVacationView: VacationView = {
  stored: null,
  fields: { enabled: false, subject: '', message: '', until: '' },
  edited: false,
  sending: null,
  saved: false,
  loadError: null,
  saveError: null,
};

export type VacationEvent =
  | { type: 'retry' }
  | { type: 'loaded'; answer: Ack<VacationState> }
  | { type: 'edit'; patch: Partial<VacationFields> }
  | { type: 'refused'; message: string }
  | { type: 'saving' }
  | { type: 'saved'; answer: Ack<VacationState> };

export function vacationReducer(view: VacationView, event: VacationEvent): VacationView {
  switch (event.type) {
    case 'retry':
      return { ...view, loadError: null };
    case 'loaded': {
      if (!event.answer.ok) return { ...view, loadError: event.answer.error.message };
      const stored = event.answer.data;
      // A reload (the socket came back) must not wipe what the user is typing.
      const fields = view.edited ? view.fields : fieldsOf(stored.settings);
      return { ...view, stored, fields, saved: false, loadError: null };
    }
    case 'edit':
      return { ...view, fields: { ...view.fields, ...event.patch }, edited: true, saved: false };
    case 'refused':
      return { ...view, saved: false, saveError: event.message };
    case 'saving':
      return { ...view, sending: view.fields, saved: false, saveError: null };
    case 'saved': {
      // Refused: the typed fields stay, with the server's reason beside them.
      if (!event.answer.ok) {
        return { ...view, sending: null, saveError: event.answer.error.message };
      }
      const stored = event.answer.data;
      // Typed on while the save was on its way: that is newer than what was sent.
      const untouched = view.fields === view.sending;
      return {
        ...view,
        stored,
        fields: untouched ? fieldsOf(stored.settings) : view.fields,
        edited: !untouched,
        sending: null,
        saved: true,
        loadError: null,
      };
    }
  }
}

/** The status line: what the server holds, or that it is still being asked. */
export function statusLine(view: VacationView, today: string): string {
  const { stored } = view;
  if (!stored) return view.loadError ? '' : 'Loading…';
  if (!stored.available) {
    return stored.reason ?? 'Your mail server does not offer automatic replies.';
  }
  if (view.sending) return 'Saving…';
  const status = vacationStatus(stored.settings, today);
  return view.saved ? `Saved. ${status}` : status;
}
