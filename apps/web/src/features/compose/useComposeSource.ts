import { useEffect, useState } from 'react';
import type { Ack, MessageDetail, MessageRef, OpenedDraft } from '@tidings/protocol';
import type { LoadMessage } from '../reader/useMessageDetail.ts';
import type { ComposeRequest } from './composeRequest.ts';
import { editorSafeHtml } from './editorHtml.ts';
import {
  copyForForward,
  type CopyAttachments,
  type ForwardedAttachments,
} from './forwardAttachments.ts';
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
      /** Something the user should know as the composer opens (attachments left behind). */
      notice: string | null;
    };

/** `draft:open`: a draft with its attachments registered again on the gateway. */
export type OpenDraft = (ref: MessageRef) => Promise<Ack<OpenedDraft>>;

type Loaded =
  | { kind: 'message'; detail: MessageDetail; forwarded: ForwardedAttachments | null }
  | { kind: 'draft'; draft: OpenedDraft };

const nothingMore = { forwardBlock: null, notice: null };

function fieldsFor(request: ComposeRequest, loaded: Loaded, me: string): ComposeSource {
  if (loaded.kind === 'draft') {
    return { status: 'ready', fields: draftFields(loaded.draft, editorSafeHtml), ...nothingMore };
  }
  const detail = loaded.detail;
  const text = bodyText(detail.body, htmlToText);
  switch (request.kind) {
    case 'reply':
    case 'replyAll':
      return {
        status: 'ready',
        fields: replyFields(detail, request.kind === 'replyAll', me, text),
        ...nothingMore,
      };
    case 'forward':
      return {
        status: 'ready',
        fields: {
          ...forwardFields(detail, text),
          attachments: loaded.forwarded?.attachments ?? [],
        },
        forwardBlock: forwardedBlock(detail, text),
        notice: loaded.forwarded?.notice ?? null,
      };
    default:
      return { status: 'ready', fields: emptyFields, ...nothingMore };
  }
}

/** What the composer asks the gateway for as it opens. */
export interface ComposeLoaders {
  loadMessage: LoadMessage;
  openDraft: OpenDraft;
  copyAttachments: CopyAttachments;
}

/**
 * What the composer starts from: the message answered or forwarded (a forward's attachments
 * copied as uploads), or the draft reopened.
 */
async function load(request: ComposeRequest, loaders: ComposeLoaders): Promise<Ack<Loaded>> {
  if (request.kind === 'draft') {
    const answer = await loaders.openDraft(request.draft);
    return answer.ok ? { ok: true, data: { kind: 'draft', draft: answer.data } } : answer;
  }
  if (request.kind === 'new') throw new Error('nothing to load for a new message');
  const answer = await loaders.loadMessage(request.original);
  if (!answer.ok) return answer;
  const forwarded =
    request.kind === 'forward' ? await copyForForward(answer.data, loaders.copyAttachments) : null;
  return { ok: true, data: { kind: 'message', detail: answer.data, forwarded } };
}

/** The fields the composer starts with: empty, or from the message replied to, forwarded or reopened. */
export function useComposeSource(
  request: ComposeRequest,
  loaders: ComposeLoaders,
  me: string,
): ComposeSource {
  const isNew = request.kind === 'new';
  const [loaded, setLoaded] = useState<ComposeSource>({ status: 'loading' });

  useEffect(() => {
    if (isNew) return;
    let current = true;
    load(request, loaders).then(
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

  if (isNew) return { status: 'ready', fields: emptyFields, ...nothingMore };
  return loaded;
}
