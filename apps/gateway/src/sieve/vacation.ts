import { ErrorCode, type VacationSettings, type VacationState } from '@tidings/protocol';
import type { Credentials } from '../imap/imap-server.ts';
import { AccountError } from '../sessions/account-error.ts';
import {
  ManageSieveClient,
  SieveCommandError,
  SieveUnavailableError,
  type ScriptListing,
  type SieveServer,
} from './managesieve.ts';
import { SieveProtocolError } from './sieve-response.ts';
import {
  readVacationScript,
  VACATION_OFF,
  VACATION_SCRIPT,
  vacationScript,
  type StoredVacation,
} from './vacation-script.ts';

const NOT_CONFIGURED = 'Automatic replies are not set up on this gateway (no ManageSieve server).';

/**
 * Automatic replies as the server has them: our script's settings, on only while it is the
 * active script. Unavailable (with the reason) when there is no ManageSieve server or it
 * cannot be reached: the settings then say nothing, rather than something untrue.
 */
export async function readVacation(
  server: SieveServer | null,
  credentials: Credentials,
): Promise<VacationState> {
  if (!server) return unavailable(NOT_CONFIGURED);
  let client: ManageSieveClient;
  try {
    client = await ManageSieveClient.connect(server, credentials);
  } catch (error) {
    return unavailable(reasonFor(error));
  }
  try {
    return stateOf(await readStored(client));
  } catch (error) {
    throw toAccountError(error);
  } finally {
    await client.logout();
  }
}

/**
 * Stores `settings`. On: our script (the reply, then the user's own active script, included)
 * becomes the active one. Off: the settings are kept for next time and the user's own script,
 * if there was one, is active again.
 */
export async function writeVacation(
  server: SieveServer | null,
  credentials: Credentials,
  settings: VacationSettings,
): Promise<VacationState> {
  if (!server) throw new AccountError(ErrorCode.Unsupported, NOT_CONFIGURED);
  let client: ManageSieveClient;
  try {
    client = await ManageSieveClient.connect(server, credentials);
  } catch (error) {
    throw toAccountError(error);
  }
  try {
    const current = await readStored(client);
    const keeps = current.active ? current.stored.keeps : current.otherActive;
    const stored: StoredVacation = { settings, keeps };
    await client.putScript(VACATION_SCRIPT, vacationScript(stored));
    if (settings.enabled) {
      await client.setActive(VACATION_SCRIPT);
    } else if (current.active) {
      // Back to the user's own filters, if they still exist; else none.
      const names = new Set((await client.listScripts()).map((s) => s.name));
      await client.setActive(keeps && names.has(keeps) ? keeps : '');
    }
    return stateOf(await readStored(client));
  } catch (error) {
    throw toAccountError(error);
  } finally {
    await client.logout();
  }
}

interface Read {
  stored: StoredVacation;
  /** Whether our script is the active one. */
  active: boolean;
  /** Another script that is active (what turning replies on keeps running); else null. */
  otherActive: string | null;
}

async function readStored(client: ManageSieveClient): Promise<Read> {
  const scripts: ScriptListing[] = await client.listScripts();
  const ours = scripts.find((s) => s.name === VACATION_SCRIPT);
  const otherActive = scripts.find((s) => s.active && s.name !== VACATION_SCRIPT)?.name ?? null;
  const stored = ours
    ? (readVacationScript(await client.getScript(VACATION_SCRIPT)) ?? {
        settings: VACATION_OFF,
        keeps: null,
      })
    : { settings: VACATION_OFF, keeps: null };
  return { stored, active: ours?.active ?? false, otherActive };
}

function stateOf({ stored, active, otherActive }: Read): VacationState {
  return {
    available: true,
    reason: null,
    settings: { ...stored.settings, enabled: active && stored.settings.enabled },
    keeps: active ? stored.keeps : otherActive,
  };
}

function unavailable(reason: string): VacationState {
  return { available: false, reason, settings: VACATION_OFF, keeps: null };
}

function reasonFor(error: unknown): string {
  if (error instanceof SieveCommandError && error.command === 'AUTHENTICATE') {
    return `The filter server refused your sign-in: ${error.message}`;
  }
  if (error instanceof SieveUnavailableError || error instanceof SieveProtocolError) {
    return `Your mail server’s filter service (ManageSieve) cannot be reached: ${error.message}.`;
  }
  return 'Your mail server’s filter service (ManageSieve) is not available.';
}

function toAccountError(error: unknown): Error {
  if (error instanceof AccountError) return error;
  if (error instanceof SieveCommandError && error.command === 'AUTHENTICATE') {
    return new AccountError(ErrorCode.CommandFailed, reasonFor(error));
  }
  if (error instanceof SieveCommandError) {
    // NO to PUTSCRIPT carries the server's reason: a quota, a script it cannot compile.
    return new AccountError(
      ErrorCode.CommandFailed,
      `The mail server refused the automatic reply: ${error.message}`,
    );
  }
  if (error instanceof SieveUnavailableError || error instanceof SieveProtocolError) {
    return new AccountError(ErrorCode.ImapUnavailable, reasonFor(error));
  }
  return error instanceof Error ? error : new Error(String(error));
}
