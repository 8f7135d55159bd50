import { ErrorCode } from '@tidings/protocol';
import type { Credentials } from '../imap/imap-server.ts';
import { AccountError } from '../sessions/account-error.ts';
import { NO_FILTERS, FILTERS_SCRIPT, readFilterScript } from './filter-script.ts';
import {
  ManageSieveClient,
  SieveCommandError,
  SieveUnavailableError,
  type SieveServer,
} from './managesieve.ts';
import { planChange, type OurScripts, type SieveChange } from './script-chain.ts';
import { SieveProtocolError } from './sieve-response.ts';
import { SieveWork } from './sieve-work.ts';
import { readVacationScript, VACATION_OFF, VACATION_SCRIPT } from './vacation-script.ts';

/**
 * The settings the mail server keeps for the user (automatic replies, filter rules), read and
 * changed in short ManageSieve sessions: the protocol has no push, and no IMAP session is
 * involved, so any gateway process can serve them. In this process, one account's changes
 * take turns and its tabs share reads (sieve-work).
 */

const NOT_CONFIGURED = 'This gateway has no filter server (ManageSieve) set up.';

type ReadOutcome = { ours: OurScripts } | { unavailable: string };
const work = new SieveWork<ReadOutcome>();

/** One account as this server knows it: a changed password is another key. */
function accountKey(server: SieveServer, { user, password }: Credentials): string {
  return JSON.stringify([server.host, server.port, user, password]);
}

/**
 * `view` of what the server holds; `unavailable(reason)` when there is no ManageSieve server or
 * it cannot be reached: the settings then say nothing, rather than something untrue.
 */
export async function readSieve<T>(
  server: SieveServer | null,
  credentials: Credentials,
  view: (ours: OurScripts) => T,
  unavailable: (reason: string) => T,
): Promise<T> {
  if (!server) return unavailable(NOT_CONFIGURED);
  const outcome = await work.read(accountKey(server, credentials), () =>
    readSession(server, credentials),
  );
  return 'ours' in outcome ? view(outcome.ours) : unavailable(outcome.unavailable);
}

async function readSession(server: SieveServer, credentials: Credentials): Promise<ReadOutcome> {
  let client: ManageSieveClient;
  try {
    client = await ManageSieveClient.connect(server, credentials);
  } catch (error) {
    return { unavailable: reasonFor(error) };
  }
  try {
    return { ours: await readOurScripts(client) };
  } catch (error) {
    throw toAccountError(error, 'the settings');
  } finally {
    await client.logout();
  }
}

/** Stores `change` and answers with `view` of what the server then holds. */
export async function changeSieve<T>(
  server: SieveServer | null,
  credentials: Credentials,
  change: SieveChange,
  view: (ours: OurScripts) => T,
  /** What the server refused, for the message: "the automatic reply". */
  what: string,
): Promise<T> {
  if (!server) throw new AccountError(ErrorCode.Unsupported, NOT_CONFIGURED);
  const ours = await work.change(accountKey(server, credentials), () =>
    changeSession(server, credentials, change, what),
  );
  return view(ours);
}

async function changeSession(
  server: SieveServer,
  credentials: Credentials,
  change: SieveChange,
  what: string,
): Promise<OurScripts> {
  let client: ManageSieveClient;
  try {
    client = await ManageSieveClient.connect(server, credentials);
  } catch (error) {
    throw toAccountError(error, what);
  }
  try {
    const plan = planChange(await readOurScripts(client), change);
    for (const { name, script } of plan.puts) await client.putScript(name, script);
    if (plan.activate !== null) await client.setActive(plan.activate);
    return await readOurScripts(client);
  } catch (error) {
    throw toAccountError(error, what);
  } finally {
    await client.logout();
  }
}

async function readOurScripts(client: ManageSieveClient): Promise<OurScripts> {
  const scripts = await client.listScripts();
  const names = new Set(scripts.map((s) => s.name));
  const active = scripts.find((s) => s.active)?.name ?? null;
  // A script of ours that is damaged, or was edited by hand, reads as nothing set.
  const vacation = names.has(VACATION_SCRIPT)
    ? readVacationScript(await client.getScript(VACATION_SCRIPT))
    : null;
  const filters = names.has(FILTERS_SCRIPT)
    ? readFilterScript(await client.getScript(FILTERS_SCRIPT))
    : null;
  return {
    vacation: vacation ?? { settings: VACATION_OFF, keeps: null },
    filters: filters ?? NO_FILTERS,
    active,
    names,
  };
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

function toAccountError(error: unknown, what: string): Error {
  if (error instanceof AccountError) return error;
  if (error instanceof SieveCommandError && error.command === 'AUTHENTICATE') {
    return new AccountError(ErrorCode.CommandFailed, reasonFor(error));
  }
  if (error instanceof SieveCommandError) {
    // NO to PUTSCRIPT carries the server's reason: a quota, a script it cannot compile.
    return new AccountError(
      ErrorCode.CommandFailed,
      `The mail server refused ${what}: ${error.message}`,
    );
  }
  if (error instanceof SieveUnavailableError || error instanceof SieveProtocolError) {
    return new AccountError(ErrorCode.ImapUnavailable, reasonFor(error));
  }
  return error instanceof Error ? error : new Error(String(error));
}
