// Requests whose answers the store does not keep: each screen that asks holds the answer.
import type { Ack, VacationSettings, VacationState } from '@tidings/protocol';
import {
  answerInvitation,
  getMessage,
  getQuota,
  getVacation,
  notConnected,
  setVacation,
  unsubscribe,
  type GatewaySocket,
} from '../../lib/socket.ts';

/** Automatic replies, as the mail server keeps them (features/settings/VacationSettings). */
export interface VacationRequests {
  get(): Promise<Ack<VacationState>>;
  set(settings: VacationSettings): Promise<Ack<VacationState>>;
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
  };
}
