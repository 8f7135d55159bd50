// Requests whose answers the store does not keep: each screen that asks holds the answer.
import type {
  Ack,
  FilterApplyResult,
  FilterRule,
  FilterState,
  VacationSettings,
  VacationState,
} from '@tidings/protocol';
import {
  applyFilterRule,
  getFilters,
  getVacation,
  setFilters,
  setVacation,
} from '../../lib/sieveRequests.ts';
import {
  answerInvitation,
  getMessage,
  getQuota,
  notConnected,
  unsubscribe,
  type GatewaySocket,
} from '../../lib/socket.ts';

/** Automatic replies, as the mail server keeps them (features/settings/VacationSettings). */
export interface VacationRequests {
  get(): Promise<Ack<VacationState>>;
  set(settings: VacationSettings): Promise<Ack<VacationState>>;
}

/** Filter rules, as the mail server keeps them (features/settings/FilterSettings). */
export interface FilterRequests {
  get(): Promise<Ack<FilterState>>;
  /** Replaces the whole list: the server keeps no rule by itself, only the list in order. */
  set(rules: FilterRule[]): Promise<Ack<FilterState>>;
  /** Runs one rule over the mail already in the Inbox. */
  apply(rule: FilterRule): Promise<Ack<FilterApplyResult>>;
}

/**
 * The reader's, the quota meter's and the settings' requests, on the account's socket of the
 * moment; without one, each answers "not connected" at once.
 */
export function accountRequests(socket: () => GatewaySocket | null) {
  function onSocket<Args extends unknown[], T>(
    send: (socket: GatewaySocket, ...args: Args) => Promise<Ack<T>>,
  ): (...args: Args) => Promise<Ack<T>> {
    return (...args) => {
      const live = socket();
      return live ? send(live, ...args) : Promise.resolve(notConnected<T>());
    };
  }
  const vacation: VacationRequests = {
    get: onSocket(getVacation),
    set: onSocket(setVacation),
  };
  const filters: FilterRequests = {
    get: onSocket(getFilters),
    set: onSocket(setFilters),
    apply: onSocket(applyFilterRule),
  };
  return {
    /** One message's headers, body and attachment list, for the reader. */
    getMessage: onSocket(getMessage),
    /** The account's storage used and allowed (features/quota). */
    quota: onSocket(getQuota),
    /** Leaves the mailing list a message came from, by the request its header names. */
    unsubscribe: onSocket(unsubscribe),
    /** Answers an invitation: the gateway mails the organizer (features/reader/InvitationCard). */
    rsvp: onSocket(answerInvitation),
    vacation,
    filters,
  };
}
