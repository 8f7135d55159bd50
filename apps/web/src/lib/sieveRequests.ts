import {
  Events,
  type Ack,
  type FilterApplyResult,
  type FilterRule,
  type FilterState,
  type VacationSettings,
  type VacationState,
} from '@tidings/protocol';
import { REQUEST_TIMEOUT_MS, SEND_TIMEOUT_MS, timedOut, type GatewaySocket } from './socket.ts';

/** What the mail server keeps for the account (ManageSieve): automatic replies, filter rules. */

/** Automatic replies as the mail server holds them, or why it offers none (ManageSieve). */
export function getVacation(socket: GatewaySocket): Promise<Ack<VacationState>> {
  return socket
    .timeout(REQUEST_TIMEOUT_MS)
    .emitWithAck(Events.VacationGet, {})
    .catch(() => timedOut());
}

/** Turns automatic replies on (with these words) or off; answers with the state as stored. */
export function setVacation(
  socket: GatewaySocket,
  settings: VacationSettings,
): Promise<Ack<VacationState>> {
  return socket
    .timeout(REQUEST_TIMEOUT_MS)
    .emitWithAck(Events.VacationSet, { settings })
    .catch(() => timedOut());
}

/** The filter rules as the mail server keeps them, or why it offers none (ManageSieve). */
export function getFilters(socket: GatewaySocket): Promise<Ack<FilterState>> {
  return socket
    .timeout(REQUEST_TIMEOUT_MS)
    .emitWithAck(Events.FiltersGet, {})
    .catch(() => timedOut());
}

/** Replaces all the filter rules with `rules`, in order; answers with the state as stored. */
export function setFilters(socket: GatewaySocket, rules: FilterRule[]): Promise<Ack<FilterState>> {
  return socket
    .timeout(REQUEST_TIMEOUT_MS)
    .emitWithAck(Events.FiltersSet, { rules })
    .catch(() => timedOut());
}

/** Runs one rule over the Inbox now (a whole Inbox may take a while, as sending may). */
export function applyFilterRule(
  socket: GatewaySocket,
  rule: FilterRule,
): Promise<Ack<FilterApplyResult>> {
  return socket
    .timeout(SEND_TIMEOUT_MS)
    .emitWithAck(Events.FiltersApply, { rule })
    .catch(() => timedOut());
}
