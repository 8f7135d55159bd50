import { describe, expect, it } from 'vitest';
import type { FilterRule, VacationSettings } from '@tidings/protocol';
import { FILTERS_SCRIPT, readFilterScript } from './filter-script.ts';
import {
  filtersRunning,
  ownScript,
  planChange,
  vacationOn,
  type OurScripts,
  type SievePlan,
} from './script-chain.ts';
import { readVacationScript, VACATION_OFF, VACATION_SCRIPT } from './vacation-script.ts';

const away: VacationSettings = { enabled: true, subject: '', message: 'Away.', until: null };
const rule: FilterRule = {
  field: 'from',
  test: 'contains',
  value: 'news',
  moveTo: 'Newsletters',
  markRead: false,
};

/** A server holding `names`, with `active` active, and our scripts as given. */
function server(
  active: string | null,
  names: string[],
  ours: Partial<Pick<OurScripts, 'vacation' | 'filters'>> = {},
): OurScripts {
  return {
    vacation: { settings: VACATION_OFF, keeps: null },
    filters: { rules: [], keeps: null },
    ...ours,
    active,
    names: new Set(names),
  };
}

interface ReadBack {
  includes: string | null;
  keeps?: string | null;
  rules?: FilterRule[];
  settings?: VacationSettings;
}

/** What the plan stores, read back: each script's include target and settings. */
function stored(plan: SievePlan): Record<string, ReadBack> {
  return Object.fromEntries(
    plan.puts.map(({ name, script }) => [
      name,
      {
        includes: /include :personal :optional "([^"]+)"/.exec(script)?.[1] ?? null,
        ...(name === VACATION_SCRIPT ? readVacationScript(script) : readFilterScript(script)),
      },
    ]),
  );
}

describe('planChange', () => {
  it('turning replies on keeps the user’s active script running after the reply', () => {
    const plan = planChange(server('roundcube', ['roundcube']), { vacation: away });
    expect(plan.activate).toBe(VACATION_SCRIPT);
    expect(stored(plan)).toEqual({
      [VACATION_SCRIPT]: { includes: 'roundcube', settings: away, keeps: 'roundcube' },
    });
  });

  it('rules saved run before the user’s script; replies turned on run before both', () => {
    const first = planChange(server('roundcube', ['roundcube']), { rules: [rule] });
    expect(first.activate).toBe(FILTERS_SCRIPT);
    expect(stored(first)[FILTERS_SCRIPT]).toEqual({
      includes: 'roundcube',
      rules: [rule],
      keeps: 'roundcube',
    });

    const filtering = server(FILTERS_SCRIPT, ['roundcube', FILTERS_SCRIPT], {
      filters: { rules: [rule], keeps: 'roundcube' },
    });
    expect(ownScript(filtering)).toBe('roundcube');
    const replies = planChange(filtering, { vacation: away });
    expect(replies.activate).toBe(VACATION_SCRIPT);
    expect(stored(replies)[VACATION_SCRIPT]).toEqual({
      includes: FILTERS_SCRIPT,
      settings: away,
      keeps: 'roundcube',
    });
  });

  it('turning replies off goes back to the rules, or to the user’s script, or to none', () => {
    const both = server(VACATION_SCRIPT, ['roundcube', FILTERS_SCRIPT, VACATION_SCRIPT], {
      vacation: { settings: away, keeps: 'roundcube' },
      filters: { rules: [rule], keeps: 'roundcube' },
    });
    expect(planChange(both, { vacation: { ...away, enabled: false } }).activate).toBe(
      FILTERS_SCRIPT,
    );
    const noRules = { ...both, filters: { rules: [], keeps: 'roundcube' } };
    expect(planChange(noRules, { vacation: { ...away, enabled: false } }).activate).toBe(
      'roundcube',
    );
    // The user's script was deleted elsewhere meanwhile: nothing is left to run.
    const gone = { ...noRules, names: new Set([FILTERS_SCRIPT, VACATION_SCRIPT]) };
    expect(planChange(gone, { vacation: { ...away, enabled: false } }).activate).toBe('');
  });

  it('removing the last rule hands back to the user’s script, replies still first', () => {
    const both = server(VACATION_SCRIPT, ['roundcube', FILTERS_SCRIPT, VACATION_SCRIPT], {
      vacation: { settings: away, keeps: 'roundcube' },
      filters: { rules: [rule], keeps: 'roundcube' },
    });
    const plan = planChange(both, { rules: [] });
    expect(plan.activate).toBeNull();
    expect(stored(plan)[VACATION_SCRIPT]?.includes).toBe('roundcube');
    expect(stored(plan)[FILTERS_SCRIPT]?.rules).toEqual([]);
  });

  it('rules set aside by another client stay aside until saved again', () => {
    // Another client made its own script active: ours are no longer running.
    const aside = server('sogo', ['sogo', FILTERS_SCRIPT, VACATION_SCRIPT], {
      vacation: { settings: { ...away, enabled: false }, keeps: null },
      filters: { rules: [rule], keeps: null },
    });
    expect(filtersRunning(aside)).toBe(false);
    expect(vacationOn(aside)).toBe(false);
    const replies = planChange(aside, { vacation: away });
    expect(stored(replies)[VACATION_SCRIPT]?.includes).toBe('sogo');
    expect(stored(replies)[FILTERS_SCRIPT]?.keeps).toBe('sogo');

    const saved = planChange(aside, { rules: [rule] });
    expect(saved.activate).toBe(FILTERS_SCRIPT);
    expect(stored(saved)[FILTERS_SCRIPT]?.includes).toBe('sogo');
  });

  it('saving rules leaves replies as they run, and changes nothing it need not', () => {
    const replying = server(VACATION_SCRIPT, [VACATION_SCRIPT], {
      vacation: { settings: away, keeps: null },
    });
    const plan = planChange(replying, { rules: [rule] });
    expect(plan.activate).toBeNull();
    expect(plan.puts.map((p) => p.name)).toEqual([FILTERS_SCRIPT, VACATION_SCRIPT]);
    expect(stored(plan)[VACATION_SCRIPT]).toMatchObject({ includes: FILTERS_SCRIPT });

    expect(planChange(server(null, []), { vacation: { ...away, enabled: false } })).toEqual({
      puts: [expect.objectContaining({ name: VACATION_SCRIPT })],
      activate: null,
    });
  });
});
