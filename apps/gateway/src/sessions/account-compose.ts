import type {
  AttachmentsCopyRequest,
  Correspondent,
  Draft,
  DraftSaveResult,
  MessageRef,
  MessageRsvpRequest,
  OpenedDraft,
  RsvpResult,
  SendResult,
  UnsubscribeResult,
  UploadResult,
} from '@tidings/protocol';
import type { ComposeAccount, OutgoingMail } from '../compose/compose-context.ts';
import { copyAttachments } from '../compose/copy-attachments.ts';
import { sendRsvp } from '../compose/rsvp.ts';
import { saveDraft } from '../compose/drafts.ts';
import { openDraft } from '../compose/open-draft.ts';
import { RecipientSuggester } from '../compose/recipient-suggester.ts';
import { sendMessage } from '../compose/send-message.ts';
import { sendUnsubscribe } from '../compose/unsubscribe.ts';

/**
 * Writing as the account (compose/): sending, drafts, unsubscribe requests and the people
 * suggested for To, Cc and Bcc. The account session is the facade; this holds what writing
 * keeps between requests (the suggestions' index).
 */
export class AccountCompose {
  private readonly recipients: RecipientSuggester;

  constructor(private readonly account: ComposeAccount) {
    this.recipients = new RecipientSuggester({
      commandClient: account.commandClient,
      ownAddress: account.credentials.user,
    });
  }

  /** The suggestions look in Sent at the next request: whom the user just wrote to counts. */
  send(draft: Draft, outgoing: OutgoingMail, sessionId: string): Promise<SendResult> {
    return sendMessage(this.account, draft, outgoing, sessionId).finally(() =>
      this.recipients.markStale(),
    );
  }

  saveDraft(draft: Draft, outgoing: OutgoingMail, sessionId: string): Promise<DraftSaveResult> {
    return saveDraft(this.account, draft, outgoing, sessionId);
  }

  openDraft(ref: MessageRef, outgoing: OutgoingMail, sessionId: string): Promise<OpenedDraft> {
    return openDraft(this.account, ref, outgoing, sessionId);
  }

  copyAttachments(
    request: AttachmentsCopyRequest,
    outgoing: OutgoingMail,
    sessionId: string,
  ): Promise<UploadResult[]> {
    return copyAttachments(this.account, request, outgoing, sessionId);
  }

  /** Uploads the browser is done with, deleted now (they live where the account runs). */
  releaseAttachments(ids: string[], outgoing: OutgoingMail, sessionId: string): Promise<void> {
    return outgoing.uploads.release(sessionId, ids);
  }

  rsvp(request: MessageRsvpRequest, outgoing: OutgoingMail): Promise<RsvpResult> {
    return sendRsvp(this.account, request, outgoing);
  }

  unsubscribe(ref: MessageRef, outgoing: OutgoingMail): Promise<UnsubscribeResult> {
    return sendUnsubscribe(this.account, ref, outgoing);
  }

  suggestRecipients(query: string, limit: number): Promise<Correspondent[]> {
    return this.recipients.suggest(query, limit);
  }

  close(): void {
    this.recipients.close();
  }
}
