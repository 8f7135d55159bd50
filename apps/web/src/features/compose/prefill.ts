import type {
  Address,
  MessageBody,
  MessageDetail,
  MessageRef,
  OpenedDraft,
  UploadResult,
} from '@tidings/protocol';
import { formatAddress, formatFullDate } from '../messages/format.ts';

/** What the composer's fields start with. */
export interface ComposeFields {
  to: string;
  cc: string;
  bcc: string;
  subject: string;
  text: string;
  /** Rich text to start with (a reopened HTML draft), already made safe for the editor. */
  html: string | null;
  /** A reopened draft's From name; null: the identity's. */
  fromName: string | null;
  /** What a reopened draft answers or forwards (a reply or forward names it in its request). */
  replyTo: MessageRef | null;
  forwardOf: (MessageRef & { asAttachment: boolean }) | null;
  /** A reopened draft's attachments, already on the gateway. */
  attachments: UploadResult[];
}

export const emptyFields: ComposeFields = {
  to: '',
  cc: '',
  bcc: '',
  subject: '',
  text: '',
  html: null,
  fromName: null,
  replyTo: null,
  forwardOf: null,
  attachments: [],
};

/** "Re: " once, however many replies deep (also over "RE:", "Re[2]:"). */
export function replySubject(subject: string): string {
  const trimmed = subject.trim();
  return /^re(\[\d+\])?:/i.test(trimmed) ? trimmed : `Re: ${trimmed}`;
}

export function forwardSubject(subject: string): string {
  const trimmed = subject.trim();
  return /^(fwd?|fw):/i.test(trimmed) ? trimmed : `Fwd: ${trimmed}`;
}

/** The body as text, for quoting: HTML goes through `htmlToText`, passed in (it needs a DOM). */
export function bodyText(body: MessageBody, htmlToText: (html: string) => string): string {
  switch (body.kind) {
    case 'text':
      return body.text;
    case 'html':
      return htmlToText(body.html);
    case 'empty':
      return '';
  }
}

function quote(text: string): string {
  return text
    .replace(/\s+$/, '')
    .split('\n')
    .map((line) => (line.startsWith('>') ? `>${line}` : `> ${line}`))
    .join('\n');
}

const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function addresses(list: readonly Address[]): string {
  return list.map(formatAddress).join(', ');
}

/** RFC 5322 §3.2.3 specials: a name holding one is quoted, so a comma does not split it. */
const SPECIALS = /[()<>[\]:;@\\,."]/;

/** Addresses as a recipient field holds them, to be parsed again (recipients.ts). */
function recipientList(list: readonly Address[]): string {
  return list
    .map(({ name, address }) => {
      const trimmed = name.trim();
      if (!trimmed || trimmed === address) return address;
      const shown = SPECIALS.test(trimmed) ? `"${trimmed.replace(/(["\\])/g, '\\$1')}"` : trimmed;
      return `${shown} <${address}>`;
    })
    .join(', ');
}

/**
 * Reply: to the Reply-To (else the sender). Reply all: also everyone else in To and Cc, except
 * the user and anyone already in To. A message the user sent (from Sent, say) is answered to
 * whom it went, as Gmail and Thunderbird do: To, and for Reply all Cc as well, never the user
 * (a note to self stays one). The original's text is quoted under an attribution line.
 */
export function replyFields(
  original: MessageDetail,
  all: boolean,
  me: string,
  text: string,
): ComposeFields {
  const isMe = (a: Address) => sameAddress(a.address, me);
  const replyTo = original.replyTo.length > 0 ? original.replyTo : original.from;
  const mine = replyTo.length > 0 && replyTo.every(isMe);
  const theirs = original.to.filter((a) => !isMe(a));
  let to: Address[];
  let copied: Address[];
  if (mine && theirs.length > 0) {
    to = dedupe(theirs);
    copied = original.cc;
  } else {
    to = replyTo.filter((a) => !isMe(a) || replyTo.length === 1);
    copied = [...original.to, ...original.cc];
  }
  const cc = all
    ? dedupe(copied).filter((a) => !isMe(a) && !to.some((t) => sameAddress(t.address, a.address)))
    : [];
  const who = original.from[0] ? formatAddress(original.from[0]) : 'someone';
  const when = original.date ? formatFullDate(original.date) : null;
  const attribution = when ? `On ${when}, ${who} wrote:` : `${who} wrote:`;
  return {
    ...emptyFields,
    to: recipientList(to),
    cc: recipientList(cc),
    subject: replySubject(original.subject),
    text: text.trim() ? `\n\n${attribution}\n${quote(text)}\n` : '',
  };
}

/** The forwarded message inline, under a header block naming it. */
export function forwardedBlock(original: MessageDetail, text: string): string {
  const lines = ['---------- Forwarded message ----------'];
  if (original.from.length) lines.push(`From: ${addresses(original.from)}`);
  if (original.date) lines.push(`Date: ${formatFullDate(original.date)}`);
  lines.push(`Subject: ${original.subject}`);
  if (original.to.length) lines.push(`To: ${addresses(original.to)}`);
  if (original.cc.length) lines.push(`Cc: ${addresses(original.cc)}`);
  return `${lines.join('\n')}\n\n${text.trim()}\n`;
}

export function forwardFields(original: MessageDetail, text: string): ComposeFields {
  return {
    ...emptyFields,
    subject: forwardSubject(original.subject),
    text: `\n\n${forwardedBlock(original, text)}`,
  };
}

/**
 * A draft from Drafts, to go on with: every field as saved (less the line end that MIME puts
 * after the last line); `safeHtml` makes its rich text fit for the editor.
 */
export function draftFields(draft: OpenedDraft, safeHtml: (html: string) => string): ComposeFields {
  return {
    to: recipientList(draft.to),
    cc: recipientList(draft.cc),
    bcc: recipientList(draft.bcc),
    subject: draft.subject,
    text: draft.text.replace(/\r?\n$/, ''),
    html: draft.html === null ? null : safeHtml(draft.html),
    fromName: draft.fromName,
    replyTo: draft.replyTo,
    forwardOf: draft.forwardOf,
    attachments: draft.attachments,
  };
}

function dedupe(list: readonly Address[]): Address[] {
  const seen = new Set<string>();
  return list.filter((a) => {
    const key = a.address.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
