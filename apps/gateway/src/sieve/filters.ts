import type { FilterRule, FilterState } from '@tidings/protocol';
import type { Credentials } from '../imap/imap-server.ts';
import type { SieveServer } from './managesieve.ts';
import { filtersRunning, ownScript, type OurScripts } from './script-chain.ts';
import { changeSieve, readSieve } from './sieve-settings.ts';

/** The filter rules as the server has them, and whether they run on delivery. */
export function readFilters(
  server: SieveServer | null,
  credentials: Credentials,
): Promise<FilterState> {
  return readSieve(server, credentials, filterState, unavailable);
}

/** Replaces the rules; saved, they run (after automatic replies, before the user's own script). */
export function writeFilters(
  server: SieveServer | null,
  credentials: Credentials,
  rules: FilterRule[],
): Promise<FilterState> {
  return changeSieve(server, credentials, { rules }, filterState, 'the filter rules');
}

function filterState(ours: OurScripts): FilterState {
  return {
    available: true,
    reason: null,
    rules: ours.filters.rules,
    running: filtersRunning(ours),
    keeps: ownScript(ours),
  };
}

function unavailable(reason: string): FilterState {
  return { available: false, reason, rules: [], running: false, keeps: null };
}
