import { describe, expect, it } from 'vitest';
import type { VacationSettings } from '@tidings/protocol';
import { readVacationScript, vacationScript } from './vacation-script.ts';

const on: VacationSettings = {
  enabled: true,
  subject: 'Away',
  message: 'Back on Monday.',
  until: null,
};

describe('vacationScript', () => {
  it('answers once a day per sender with the words given', () => {
    expect(vacationScript({ settings: on, keeps: null })).toBe(
      [
        '# Automatic replies, written by Tidings: change them there (this script is rewritten).',
        `# tidings-vacation ${JSON.stringify({ settings: on, keeps: null })}`,
        'require ["vacation"];',
        'vacation :days 1 :subject "Away" "Back on Monday.";',
        '',
      ].join('\r\n'),
    );
  });

  it('stops after the last day, and runs the user’s own script after the reply', () => {
    const script = vacationScript({ settings: { ...on, until: '2026-12-24' }, keeps: 'mine' });
    expect(script).toContain('require ["vacation", "date", "relational", "include"];');
    expect(script).toContain(
      'if currentdate :value "le" "date" "2026-12-24" {\r\n  vacation :days 1',
    );
    expect(script.trimEnd().split('\r\n').at(-1)).toBe('include :personal :optional "mine";');
  });

  it('leaves the subject to the server when none is given', () => {
    expect(vacationScript({ settings: { ...on, subject: '' }, keeps: null })).toContain(
      'vacation :days 1 "Back on Monday.";',
    );
  });

  it('keeps hostile text inside its strings', () => {
    const message = 'Ends here"; discard; vacation "again\\\nnext line';
    const script = vacationScript({
      settings: { ...on, subject: 'Two\r\nlines "quoted"', message },
      keeps: 'we"ird',
    });
    expect(script).toContain(':subject "Two lines \\"quoted\\""');
    expect(script).toContain('"Ends here\\"; discard; vacation \\"again\\\\\r\nnext line";');
    expect(script).toContain('include :personal :optional "we\\"ird";');
    // Nothing of the text outside a string: every unescaped quote pairs up on its statement.
    expect(script).not.toMatch(/^discard/m);
  });

  it('turned off, holds only the settings', () => {
    const script = vacationScript({ settings: { ...on, enabled: false }, keeps: 'mine' });
    expect(script).not.toContain('require');
    expect(readVacationScript(script)).toEqual({
      settings: { ...on, enabled: false },
      keeps: 'mine',
    });
  });
});

describe('readVacationScript', () => {
  it('reads back what it wrote, line breaks in the message included', () => {
    const stored = { settings: { ...on, message: 'Line one\nLine two' }, keeps: null };
    expect(readVacationScript(vacationScript(stored))).toEqual(stored);
  });

  it('gives null for another script, or damaged or hostile settings', () => {
    expect(readVacationScript('require "fileinto";\r\nfileinto "Archive";\r\n')).toBeNull();
    expect(readVacationScript('# tidings-vacation {not json\r\n')).toBeNull();
    const tampered = JSON.stringify({
      settings: { ...on, message: 'x'.repeat(5000) },
      keeps: null,
    });
    expect(readVacationScript(`# tidings-vacation ${tampered}\r\n`)).toBeNull();
    const badKeeps = JSON.stringify({ settings: on, keeps: 42 });
    expect(readVacationScript(`# tidings-vacation ${badKeeps}\r\n`)).toBeNull();
  });
});
