import type { MessageRef } from '@tidings/protocol';

/** Why the composer opens: a new message, an answer to one, or a draft to go on with. */
export type ComposeRequest =
  | { kind: 'new' }
  | { kind: 'reply' | 'replyAll' | 'forward'; original: MessageRef }
  | { kind: 'draft'; draft: MessageRef };

export type ComposeKind = ComposeRequest['kind'];

/** The composer's accessible name: "New message", "Reply", "Reply all", "Forward", "Draft". */
export function composeTitle(kind: ComposeKind): string {
  switch (kind) {
    case 'new':
      return 'New message';
    case 'reply':
      return 'Reply';
    case 'replyAll':
      return 'Reply all';
    case 'forward':
      return 'Forward';
    case 'draft':
      return 'Draft';
  }
}
