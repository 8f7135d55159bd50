import {
  copyAttachments,
  deleteMessages,
  getMessage,
  notConnected,
  openDraft,
  releaseAttachments,
  saveDraft,
  sendMessage,
  suggestRecipients,
  type GatewaySocket,
} from '../../lib/socket.ts';
import type { ComposeGateway } from '../compose/Composer.tsx';

/** What the composer asks of the account, over the account's socket of the moment. */
export function composeGateway(socket: () => GatewaySocket | null): ComposeGateway {
  const connected = () => {
    const current = socket();
    return current?.connected ? current : null;
  };
  return {
    getMessage(request) {
      const current = socket();
      return current ? getMessage(current, request) : Promise.resolve(notConnected());
    },
    openDraft(draft) {
      const current = connected();
      return current ? openDraft(current, draft) : Promise.resolve(notConnected());
    },
    copyAttachments(request) {
      const current = connected();
      return current ? copyAttachments(current, request) : Promise.resolve(notConnected());
    },
    releaseAttachments(ids) {
      const current = connected();
      if (!current || ids.length === 0) return;
      // Nothing to tell the user if it fails: the gateway deletes them with the session anyway.
      void releaseAttachments(current, { ids });
    },
    send(draft) {
      const current = connected();
      return current ? sendMessage(current, { draft }) : Promise.resolve(notConnected());
    },
    saveDraft(draft) {
      const current = connected();
      return current ? saveDraft(current, { draft }) : Promise.resolve(notConnected());
    },
    suggestRecipients(query) {
      const current = connected();
      return current ? suggestRecipients(current, { query }) : Promise.resolve(notConnected());
    },
    // A discarded draft goes for good: it is only a copy of what the user typed.
    discardDraft(draft) {
      const current = connected();
      if (!current) return Promise.resolve(notConnected());
      return deleteMessages(current, {
        mailbox: draft.mailbox,
        uidValidity: draft.uidValidity,
        uids: [draft.uid],
        permanently: true,
      });
    },
  };
}
