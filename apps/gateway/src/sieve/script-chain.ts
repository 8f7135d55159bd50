// Which of the account's Sieve scripts runs, and what each includes. A server runs one active
// script (RFC 5804 §1.3); Tidings chains its two behind it and keeps the user's own script
// running at the end:
//
//   automatic replies (on) ─include→ filter rules (if any) ─include→ the user's own script
//
// Pure: given what the server holds and a change, the scripts to store and the one to activate.
import type { FilterRule, VacationSettings } from '@tidings/protocol';
import { FILTERS_SCRIPT, filterScript, type StoredFilters } from './filter-script.ts';
import { VACATION_SCRIPT, vacationScript, type StoredVacation } from './vacation-script.ts';

const OURS: ReadonlySet<string> = new Set([VACATION_SCRIPT, FILTERS_SCRIPT]);

/** What the server holds, as far as Tidings is concerned. */
export interface OurScripts {
  vacation: StoredVacation;
  filters: StoredFilters;
  /** The active script's name; null when none is. */
  active: string | null;
  /** Every script's name on the server. */
  names: ReadonlySet<string>;
}

/** New automatic-reply settings, or new rules (replacing all of them). */
export interface SieveChange {
  vacation?: VacationSettings;
  rules?: FilterRule[];
}

export interface SievePlan {
  /** Stored in this order: what a script includes exists before it is stored. */
  puts: { name: string; script: string }[];
  /** The script to make active ('' for none); null: leave it as it is. */
  activate: string | null;
}

/**
 * The user's own script, which ours keep running: the active one when it is not ours, else the
 * one ours recorded when they took over (if it still exists). Null when there is none, or when
 * nothing is active (the user turned everything off elsewhere).
 */
export function ownScript(ours: OurScripts): string | null {
  const { active } = ours;
  if (active === null) return null;
  if (!OURS.has(active)) return active;
  const recorded = active === VACATION_SCRIPT ? ours.vacation.keeps : ours.filters.keeps;
  return recorded !== null && !OURS.has(recorded) && ours.names.has(recorded) ? recorded : null;
}

/** Whether the server sends automatic replies: only while their script is the active one. */
export function vacationOn(ours: OurScripts): boolean {
  return ours.active === VACATION_SCRIPT && ours.vacation.settings.enabled;
}

/**
 * Whether the rules run on delivery: their script is active, or included by the automatic
 * replies'. Not when another script was made active elsewhere since they were saved.
 */
export function filtersRunning(ours: OurScripts): boolean {
  if (ours.filters.rules.length === 0) return false;
  return ours.active === FILTERS_SCRIPT || vacationOn(ours);
}

export function planChange(ours: OurScripts, change: SieveChange): SievePlan {
  const keeps = ownScript(ours);
  const settings = change.vacation ?? { ...ours.vacation.settings, enabled: vacationOn(ours) };
  const rules = change.rules ?? ours.filters.rules;
  // Rules saved now run; rules left alone run only if they were running.
  const filtering = change.rules !== undefined ? rules.length > 0 : filtersRunning(ours);
  const puts: SievePlan['puts'] = [];
  if (change.rules !== undefined || ours.names.has(FILTERS_SCRIPT)) {
    puts.push({ name: FILTERS_SCRIPT, script: filterScript({ rules, keeps }) });
  }
  if (change.vacation !== undefined || ours.names.has(VACATION_SCRIPT)) {
    const next = filtering ? FILTERS_SCRIPT : keeps;
    puts.push({ name: VACATION_SCRIPT, script: vacationScript({ settings, keeps }, next) });
  }
  const wanted = settings.enabled ? VACATION_SCRIPT : filtering ? FILTERS_SCRIPT : (keeps ?? '');
  return { puts, activate: wanted === (ours.active ?? '') ? null : wanted };
}
