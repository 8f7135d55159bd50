import type { MessageBody } from '@tidings/protocol';
import { bodyDocument } from './bodyDocument.ts';
import { plainTextToHtml } from './plainText.ts';
import { sanitizeMessageHtml, type SanitizeOptions } from './sanitizeHtml.ts';

/** A message body ready for its frame, with what was held back. */
export interface RenderedBody {
  /** The frame's document; null when there is nothing to show. */
  document: string | null;
  remoteImages: number;
  trackers: number;
  inlineCids: string[];
  /** The sanitizer failed: nothing is shown rather than something unsanitised. */
  failed: boolean;
}

const NOTHING: RenderedBody = {
  document: null,
  remoteImages: 0,
  trackers: 0,
  inlineCids: [],
  failed: false,
};

export function renderBody(body: MessageBody, options: SanitizeOptions): RenderedBody {
  const frame = { origin: options.origin, allowRemote: options.allowRemote };
  switch (body.kind) {
    case 'html': {
      let sanitized;
      try {
        sanitized = sanitizeMessageHtml(body.html, options);
      } catch {
        return { ...NOTHING, failed: true };
      }
      return {
        document: bodyDocument({ ...frame, kind: 'html', body: sanitized.html }),
        remoteImages: sanitized.remoteImages,
        trackers: sanitized.trackers,
        inlineCids: sanitized.inlineCids,
        failed: false,
      };
    }
    case 'text':
      return {
        ...NOTHING,
        document: bodyDocument({ ...frame, kind: 'text', body: plainTextToHtml(body.text) }),
      };
    case 'empty':
      return NOTHING;
  }
}
