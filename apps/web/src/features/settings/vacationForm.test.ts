import { describe, expect, it } from 'vitest';
import {
  ErrorCode,
  MAX_VACATION_MESSAGE,
  MAX_VACATION_SUBJECT,
  vacationSettingsSchema,
  type Ack,
  type VacationSettings,
  type VacationState,
} from '@tidings/protocol';
import {
  formatDay,
  initialVacationView,
  isCalendarDay,
  settingsFromFields,
  statusLine,
  vacationReducer,
  vacationBanner,
  vacationStatus,
  type VacationEvent,
  type VacationFields,
  type VacationView,
} from './vacationForm.ts';

const TODAY = '2026-12-01';
const on: VacationFields = { enabled: true, subject: '', message: 'Back soon.', until: '' };

function state(settings: Partial<VacationSettings> = {}, more: Partial<VacationState> = {}) {
  const answer: Ack<VacationState> = {
    ok: true,
    data: {
      available: true,
      reason: null,
      settings: { enabled: false, subject: '', message: '', until: null, ...settings },
      keeps: null,
      ...more,
    },
  };
  return answer;
}

const refusal: Ack<VacationState> = {
  ok: false,
  error: { code: ErrorCode.Internal, message: 'The server said no.' },
};

function run(...events: VacationEvent[]): VacationView {
  return events.reduce(vacationReducer, initialVacationView);
}

describe('days', () => {
  it('are shown day first', () => {
    expect(formatDay('2026-12-24')).toBe('24 Dec 2026');
  });

  it('must exist', () => {
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(isCalendarDay('2026-02-29')).toBe(false);
    expect(isCalendarDay('2026-13-01')).toBe(false);
    expect(isCalendarDay('24/12/2026')).toBe(false);
  });
});

describe('settingsFromFields', () => {
  it('sends exactly the settings, trimmed, with no last day as null', () => {
    const check = settingsFromFields(
      {
        enabled: true,
        subject: '  Away\r\nuntil May ',
        message: '\r\nBack soon.\r\nAda\n\n',
        until: '',
      },
      TODAY,
    );
    expect(check).toEqual({
      ok: true,
      settings: {
        enabled: true,
        subject: 'Away until May',
        message: 'Back soon.\nAda',
        until: null,
      },
    });
  });

  it('needs a message only to turn replies on', () => {
    expect(settingsFromFields({ ...on, message: '  \n ' }, TODAY)).toEqual({
      ok: false,
      message: 'An automatic reply needs a message.',
    });
    expect(settingsFromFields({ ...on, enabled: false, message: '' }, TODAY).ok).toBe(true);
  });

  it('refuses a last day that has passed when turning replies on, not when turning them off', () => {
    expect(settingsFromFields({ ...on, until: '2026-11-30' }, TODAY)).toMatchObject({ ok: false });
    expect(settingsFromFields({ ...on, until: TODAY }, TODAY)).toMatchObject({
      ok: true,
      settings: { until: TODAY },
    });
    expect(settingsFromFields({ ...on, enabled: false, until: '2026-11-30' }, TODAY).ok).toBe(true);
  });

  it('refuses a day that does not exist and a subject the protocol would refuse', () => {
    expect(settingsFromFields({ ...on, until: '2027-02-30' }, TODAY).ok).toBe(false);
    const long = settingsFromFields(
      { ...on, subject: 'x'.repeat(MAX_VACATION_SUBJECT + 1) },
      TODAY,
    );
    expect(long.ok).toBe(false);
  });
});

describe('settingsFromFields and the protocol', () => {
  it('agree on what may be sent (the browser checks by hand, without zod)', () => {
    const cases: VacationFields[] = [
      on,
      { ...on, subject: 'x'.repeat(MAX_VACATION_SUBJECT) },
      { ...on, subject: 'x'.repeat(MAX_VACATION_SUBJECT + 1) },
      { ...on, message: 'x'.repeat(MAX_VACATION_MESSAGE) },
      { ...on, message: 'x'.repeat(MAX_VACATION_MESSAGE + 1) },
      { ...on, message: '' },
      { ...on, enabled: false, message: '' },
      { ...on, until: '2099-12-31' },
    ];
    for (const fields of cases) {
      const byHand = settingsFromFields(fields, TODAY);
      const bySchema = vacationSettingsSchema.safeParse({
        ...fields,
        until: fields.until || null,
      });
      expect(byHand.ok, JSON.stringify(fields).slice(0, 80)).toBe(bySchema.success);
    }
  });
});

describe('vacationStatus', () => {
  it('says what the server holds', () => {
    const base = { subject: '', message: 'Away' };
    expect(vacationStatus({ ...base, enabled: false, until: '2026-12-24' }, TODAY)).toBe('Off');
    expect(vacationStatus({ ...base, enabled: true, until: null }, TODAY)).toBe(
      'On: replies go out until you turn them off',
    );
    expect(vacationStatus({ ...base, enabled: true, until: '2026-12-24' }, TODAY)).toBe(
      'On: replies go out until 24 Dec 2026',
    );
    expect(vacationStatus({ ...base, enabled: true, until: '2026-11-30' }, TODAY)).toBe(
      'Off: the last day (30 Nov 2026) has passed',
    );
  });
});

describe('the automatic replies fieldset', () => {
  it('is loading until the first answer, then shows the stored settings', () => {
    expect(statusLine(initialVacationView, TODAY)).toBe('Loading…');
    const view = run({ type: 'loaded', answer: state({ enabled: true, message: 'Away' }) });
    expect(view.fields).toEqual({ enabled: true, subject: '', message: 'Away', until: '' });
    expect(statusLine(view, TODAY)).toBe('On: replies go out until you turn them off');
  });

  it('gives the reason when the server offers none', () => {
    const reason = 'Your mail server does not offer automatic replies (ManageSieve)';
    const view = run({ type: 'loaded', answer: state({}, { available: false, reason }) });
    expect(statusLine(view, TODAY)).toBe(reason);
  });

  it('says a failed read instead of loading forever, and loads again on retry', () => {
    const failed = run({ type: 'loaded', answer: refusal });
    expect(failed.loadError).toBe('The server said no.');
    expect(statusLine(failed, TODAY)).toBe('');
    expect(statusLine(vacationReducer(failed, { type: 'retry' }), TODAY)).toBe('Loading…');
  });

  it('keeps what the user typed through a reload', () => {
    const view = run(
      { type: 'loaded', answer: state() },
      { type: 'edit', patch: { message: 'Gone fishing' } },
      { type: 'loaded', answer: state({ message: 'Old words' }) },
    );
    expect(view.fields.message).toBe('Gone fishing');
    expect(view.stored?.settings.message).toBe('Old words');
  });

  it('keeps what the user typed when the server refuses a save', () => {
    const view = run(
      { type: 'loaded', answer: state() },
      { type: 'edit', patch: { enabled: true, message: 'Gone fishing' } },
      { type: 'saving' },
      { type: 'saved', answer: refusal },
    );
    expect(view.fields).toMatchObject({ enabled: true, message: 'Gone fishing' });
    expect(view.saveError).toBe('The server said no.');
    expect(view.sending).toBeNull();
    expect(statusLine(view, TODAY)).toBe('Off');
  });

  it('shows the stored state after a save, and that it was saved', () => {
    const saving = run(
      { type: 'loaded', answer: state() },
      { type: 'edit', patch: { enabled: true, message: ' Gone fishing ' } },
      { type: 'saving' },
    );
    expect(statusLine(saving, TODAY)).toBe('Saving…');
    const view = vacationReducer(saving, {
      type: 'saved',
      answer: state({ enabled: true, message: 'Gone fishing', until: '2026-12-24' }),
    });
    expect(view.fields).toEqual({
      enabled: true,
      subject: '',
      message: 'Gone fishing',
      until: '2026-12-24',
    });
    expect(statusLine(view, TODAY)).toBe('Saved. On: replies go out until 24 Dec 2026');
    expect(statusLine(vacationReducer(view, { type: 'edit', patch: {} }), TODAY)).toBe(
      'On: replies go out until 24 Dec 2026',
    );
  });

  it('keeps what was typed while a save was on its way', () => {
    const view = run(
      { type: 'loaded', answer: state() },
      { type: 'edit', patch: { enabled: true, message: 'Gone' } },
      { type: 'saving' },
      { type: 'edit', patch: { message: 'Gone fishing' } },
      { type: 'saved', answer: state({ enabled: true, message: 'Gone' }) },
    );
    expect(view.fields.message).toBe('Gone fishing');
    expect(view.edited).toBe(true);
    expect(view.stored?.settings.message).toBe('Gone');
  });
});

describe('vacationBanner', () => {
  const settings: VacationSettings = { enabled: true, subject: '', message: 'Away.', until: null };

  it('shows while the server sends replies, and says until when', () => {
    expect(vacationBanner(settings, TODAY)).toBe(
      'Automatic replies are on until you turn them off.',
    );
    expect(vacationBanner({ ...settings, until: '2026-12-24' }, TODAY)).toBe(
      'Automatic replies are on until 24 Dec 2026.',
    );
    expect(vacationBanner({ ...settings, until: TODAY }, TODAY)).not.toBeNull();
  });

  it('is gone when they are off or their last day has passed', () => {
    expect(vacationBanner({ ...settings, enabled: false }, TODAY)).toBeNull();
    expect(vacationBanner({ ...settings, until: '2026-11-30' }, TODAY)).toBeNull();
  });
});
