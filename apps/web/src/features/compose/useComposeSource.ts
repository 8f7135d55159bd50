import { useEffect, useState } from 'react';
import type { Ack, MessageDetail, MessageRef, OpenedDraft } from '@tidings/protocol';
import type { LoadMessage } from '../reader/useMessageDetail.ts';
import type { ComposeRequest } from './composeRequest.ts';
import { editorSafeHtml } from './editorHtml.ts';
import { htmlToText } from './htmlText.ts';
import {
  bodyText,
  draftFields,
  emptyFields,
  forwardFields,
  forwardedBlock,
  replyFields,
  type ComposeFields,
} from './prefill.ts';

export type ComposeSource =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | {
      status: 'ready';
      fields: ComposeFields;
      /** The forwarded text block, taken out of the body when forwarding as an attachment. */
      forwardBlock: string | null;
    };

/** `draft:open`: a draft with its attachments registered again on the gateway. */
export type OpenDraft = (ref: MessageRef) => Promise<Ack<OpenedDraft>>;

type Loaded = { kind: 'message'; detail: MessageDetail } | { kind: 'draft'; draft: OpenedDraft };

function fieldsFor(request: ComposeRequest, loaded: Loaded, me: string): ComposeSource {
  if (loaded.kind === 'draft') {
    return {
      status: 'ready',
      fields: draftFields(loaded.draft, editorSafeHtml),
      forwardBlock: null,
    };
  }
  const detail = loaded.detail;
  const text = bodyText(detail.body, htmlToText);
  switch (request.kind) {
    case 'reply':
    case 'replyAll':
      return {
        status: 'ready',
        fields: replyFields(detail, request.kind === 'replyAll', me, text),
        forwardBlock: null,
      };
    case 'forward':
      return {
        status: 'ready',
        fields: forwardFields(detail, text),
        forwardBlock: forwardedBlock(detail, text),
      };
    default:
      return { status: 'ready', fields: emptyFields, forwardBlock: null };
  }
}

/** What the composer starts from: the message answered or forwarded, or the draft reopened. */
async function load(
  request: ComposeRequest,
  loadMessage: LoadMessage,
  openDraft: OpenDraft,
): Promise<Ack<Loaded>> {
  if (request.kind === 'draft') {
    const answer = await openDraft(request.draft);
    return answer.ok ? { ok: true, data: { kind: 'draft', draft: answer.data } } : answer;
  }
  if (request.kind === 'new') throw new Error('nothing to load for a new message');
  const answer = await loadMessage(request.original);
  return answer.ok ? { ok: true, data: { kind: 'message', detail: answer.data } } : answer;
}

/** The fields the composer starts with: empty, or from the message replied to, forwarded or reopened. */
export function useComposeSource(
  request: ComposeRequest,
  loadMessage: LoadMessage,
  openDraft: OpenDraft,
  me: string,
): ComposeSource {
  const isNew = request.kind === 'new';
  const [loaded, setLoaded] = useState<ComposeSource>({ status: 'loading' });

  useEffect(() => {
    if (isNew) return;
    let current = true;
    load(request, loadMessage, openDraft).then(
      (answer) => {
        if (!current) return;
        setLoaded(
          answer.ok
            ? fieldsFor(request, answer.data, me)
            : { status: 'failed', message: answer.error.message },
        );
      },
      () => {
        if (current) setLoaded({ status: 'failed', message: 'Could not load the message.' });
      },
    );
    return () => {
      current = false;
    };
    // The request object is fixed for the composer's life (it is keyed by it).
    // eslint-disable-next-line react-hooks/exhaustive-deps -- loaded once per composer
  }, []);

  if (isNew) return { status: 'ready', fields: emptyFields, forwardBlock: null };
  return loaded;
}
