import { useId, useState } from 'react';
import type {
  Ack,
  Draft,
  DraftSaveResult,
  MessageRef,
  MoveResult,
  RecipientSuggestions,
  SendResult,
} from '@tidings/protocol';
import type { LoadMessage } from '../reader/useMessageDetail.ts';
import { ComposeForm } from './ComposeForm.tsx';
import { composeTitle, type ComposeRequest } from './composeRequest.ts';
import { loadIdentity } from '../settings/identity.ts';
import type { CopyAttachments } from './forwardAttachments.ts';
import { useComposeSource, type OpenDraft } from './useComposeSource.ts';

/** What the composer needs of the account (AccountStore provides it). */
export interface ComposeGateway {
  getMessage: LoadMessage;
  openDraft: OpenDraft;
  copyAttachments: CopyAttachments;
  /** Uploads the composer is done with (fire and forget: the session's end deletes them too). */
  releaseAttachments(ids: string[]): void;
  send(draft: Draft): Promise<Ack<SendResult>>;
  saveDraft(draft: Draft): Promise<Ack<DraftSaveResult>>;
  discardDraft(draft: MessageRef): Promise<Ack<MoveResult>>;
  /** People to offer for what was typed of one recipient (To, Cc, Bcc). */
  suggestRecipients(query: string): Promise<Ack<RecipientSuggestions>>;
}

export interface ComposerProps {
  request: ComposeRequest;
  /** The signed-in address (left out of a reply all; whose identity signs the message). */
  account: string;
  csrfToken: string;
  gateway: ComposeGateway;
  /** The composer is done; `message` says what happened ("Message sent"). */
  onClose: (message: string | null) => void;
}

/** Writing a message: loaded on demand (see MailApp). */
export default function Composer(props: ComposerProps) {
  const { request, account, gateway, onClose } = props;
  const source = useComposeSource(
    request,
    {
      loadMessage: gateway.getMessage,
      openDraft: gateway.openDraft,
      copyAttachments: gateway.copyAttachments,
    },
    account,
  );
  // Read when the composer opens: a change in the settings applies to the next message.
  const [identity] = useState(() => loadIdentity(account));
  const titleId = useId();
  if (source.status !== 'ready') {
    return (
      <section className="composer" role="dialog" aria-labelledby={titleId}>
        <div className="composer__header">
          <h2 id={titleId}>{composeTitle(request.kind)}</h2>
          <button
            type="button"
            className="composer__close"
            aria-label="Close"
            onClick={() => onClose(null)}
          >
            ×
          </button>
        </div>
        {source.status === 'loading' ? (
          <p className="composer__note" aria-busy="true">
            Loading the message…
          </p>
        ) : (
          <p className="composer__note" role="alert">
            The message could not be loaded: {source.message}
          </p>
        )}
      </section>
    );
  }
  return (
    <ComposeForm
      {...props}
      initial={source.fields}
      forwardBlock={source.forwardBlock}
      notice={source.notice}
      identity={identity}
    />
  );
}
