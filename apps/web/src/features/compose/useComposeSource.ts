import { useEffect, useState } from 'react';
import type { MessageDetail, MessageRef } from '@tidings/protocol';
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

function refOf(request: ComposeRequest): MessageRef | null {
  if (request.kind === 'new') return null;
  return request.kind === 'draft' ? request.draft : request.original;
}

function fieldsFor(request: ComposeRequest, detail: MessageDetail, me: string): ComposeSource {
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
    default: {
      const html = detail.body.kind === 'html' ? editorSafeHtml(detail.body.html) : null;
      return { status: 'ready', fields: draftFields(detail, text, html), forwardBlock: null };
    }
  }
}

/** The fields the composer starts with: empty, or from the message replied to, forwarded or reopened. */
export function useComposeSource(
  request: ComposeRequest,
  load: LoadMessage,
  me: string,
): ComposeSource {
  const ref = refOf(request);
  const [loaded, setLoaded] = useState<ComposeSource>({ status: 'loading' });

  useEffect(() => {
    if (!ref) return;
    let current = true;
    load(ref).then(
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

  if (!ref) return { status: 'ready', fields: emptyFields, forwardBlock: null };
  return loaded;
}
