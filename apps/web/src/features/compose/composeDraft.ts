import type { Draft, MessageRef } from '@tidings/protocol';
import { cleanDisplayName } from '../settings/identity.ts';
import { describeProblems, parseRecipients, splitRecipients } from './recipients.ts';

/** The protocol's limits (compose.ts): a draft past them would be refused as malformed. */
const MAX_SUBJECT_CHARS = 998;
const MIN_RECIPIENT_CHARS = 3;
// eslint-disable-next-line no-control-regex -- control characters cannot go into a header
const CONTROL = /[\u0000-\u001f\u007f]/;

export interface ComposeState {
  /** The From name (settings/identity.ts); the address is always the signed-in one. */
  fromName: string;
  to: string;
  cc: string;
  bcc: string;
  subject: string;
  /** The plain text, or the text alternative of the rich text. */
  text: string;
  /** The rich text's HTML, when the user writes in rich text. */
  html: string | null;
  replyTo: MessageRef | null;
  forwardOf: (MessageRef & { asAttachment: boolean }) | null;
  /** Upload ids of the attachments that finished uploading. */
  attachments: string[];
}

export interface FieldErrors {
  to?: string;
  cc?: string;
  bcc?: string;
  subject?: string;
  attachments?: string;
}

export interface AttachmentProgress {
  uploading: number;
  failed: number;
}

/**
 * What must be fixed before the message can go: each bad recipient named in its field, no
 * recipient at all, a line break in the subject (header injection), unfinished uploads.
 */
export function checkForSend(state: ComposeState, uploads: AttachmentProgress): FieldErrors {
  const errors: FieldErrors = {};
  let recipients = 0;
  for (const field of ['to', 'cc', 'bcc'] as const) {
    const parsed = parseRecipients(state[field]);
    recipients += parsed.entries.length;
    if (parsed.problems.length) errors[field] = describeProblems(parsed.problems);
  }
  if (recipients === 0 && !errors.to) errors.to = 'Add at least one recipient.';
  if (/[\r\n]/.test(state.subject)) errors.subject = 'The subject cannot contain line breaks.';
  else if (state.subject.length > MAX_SUBJECT_CHARS) errors.subject = 'The subject is too long.';
  if (uploads.uploading > 0) {
    errors.attachments = 'Wait until the attachments have finished uploading.';
  } else if (uploads.failed > 0) {
    errors.attachments = 'Remove the attachments that could not be uploaded.';
  }
  return errors;
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some(Boolean);
}

/** The message to send, once `checkForSend` found nothing. */
export function draftToSend(state: ComposeState): Draft {
  return build(state, splitRecipients, state.subject);
}

/**
 * The draft to store: everything as typed, except what the protocol cannot carry (a
 * recipient fragment under three characters, a line break in the subject, which is a space).
 */
export function draftToSave(state: ComposeState): Draft {
  const entries = (text: string) =>
    splitRecipients(text).filter((e) => e.length >= MIN_RECIPIENT_CHARS && !CONTROL.test(e));
  const subject = state.subject.replace(/[\r\n]+/g, ' ').slice(0, MAX_SUBJECT_CHARS);
  return build(state, entries, subject);
}

function build(state: ComposeState, entries: (text: string) => string[], subject: string): Draft {
  const cc = entries(state.cc);
  const bcc = entries(state.bcc);
  const fromName = cleanDisplayName(state.fromName);
  return {
    ...(fromName && { fromName }),
    to: entries(state.to),
    ...(cc.length && { cc }),
    ...(bcc.length && { bcc }),
    subject,
    text: state.text,
    ...(state.html !== null && { html: state.html }),
    ...(state.replyTo && { replyTo: state.replyTo }),
    ...(state.forwardOf && { forwardOf: state.forwardOf }),
    ...(state.attachments.length && { attachments: state.attachments }),
  };
}
