import type { VacationSettings, VacationState } from '@tidings/protocol';
import type { Credentials } from '../imap/imap-server.ts';
import type { SieveServer } from './managesieve.ts';
import { ownScript, vacationOn, type OurScripts } from './script-chain.ts';
import { changeSieve, readSieve } from './sieve-settings.ts';
import { VACATION_OFF } from './vacation-script.ts';

/** Automatic replies as the server has them: our script's settings, on only while it runs. */
export function readVacation(
  server: SieveServer | null,
  credentials: Credentials,
): Promise<VacationState> {
  return readSieve(server, credentials, vacationState, unavailable);
}

/**
 * Stores `settings`. On: the reply runs first, then the filter rules and the user's own script
 * (sieve/script-chain). Off: the settings are kept for next time and what ran before runs again.
 */
export function writeVacation(
  server: SieveServer | null,
  credentials: Credentials,
  settings: VacationSettings,
): Promise<VacationState> {
  return changeSieve(
    server,
    credentials,
    { vacation: settings },
    vacationState,
    'the automatic reply',
  );
}

function vacationState(ours: OurScripts): VacationState {
  return {
    available: true,
    reason: null,
    settings: { ...ours.vacation.settings, enabled: vacationOn(ours) },
    keeps: ownScript(ours),
  };
}

function unavailable(reason: string): VacationState {
  return { available: false, reason, settings: VACATION_OFF, keeps: null };
}
