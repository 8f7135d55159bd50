import { z } from 'zod';
import {
  mailboxPathSchema,
  uidSchema,
  uidValiditySchema,
  type Address,
  type MessageRef,
} from './mail.ts';

/** Largest attachment upload, and the largest total per message, in bytes. */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
export const MAX_MESSAGE_BYTES = 35 * 1024 * 1024;
/** Attachments one message may carry (upload ids in a draft, parts copied for a forward). */
export const MAX_ATTACHMENTS = 20;

/** No CR or LF: a header value with one could start a header of its own (header injection). */
const headerSafe = (max: number) =>
  z
    .string()
    .max(max)
    .refine((v) => !/[\r\n]/.test(v), 'line breaks are not allowed here');

/**
 * One recipient as typed: `ada@example.org` or `Ada Lovelace <ada@example.org>`. The gateway
 * parses and validates it (RFC 5322 addr-spec) and answers BAD_REQUEST naming the bad one.
 */
export const recipientSchema = /* @__PURE__ */ headerSafe(320 + 256).pipe(z.string().min(3));

/** A display name for From: at most this many characters (nodemailer quotes or encodes it). */
export const MAX_DISPLAY_NAME_CHARS = 256;

const messageRef = z
  .object({ mailbox: mailboxPathSchema, uidValidity: uidValiditySchema, uid: uidSchema })
  .strict();

export const draftSchema = z
  .object({
    /**
     * The sender's display name. The From address is always the signed-in login (the only one
     * the submission server lets the user send as), so only the name is the user's to choose.
     */
    fromName: z
      .string()
      .max(MAX_DISPLAY_NAME_CHARS)
      .refine(
        // eslint-disable-next-line no-control-regex -- control characters (CR/LF above all) could start a header of their own
        (v) => !/[\u0000-\u001f\u007f]/.test(v),
        'line breaks and control characters are not allowed in the name',
      )
      .optional(),
    to: z.array(recipientSchema).max(100),
    cc: z.array(recipientSchema).max(100).optional(),
    bcc: z.array(recipientSchema).max(100).optional(),
    subject: /* @__PURE__ */ headerSafe(998),
    /** The plain-text body (always sent, as the text/plain alternative). */
    text: z.string().max(5 * 1024 * 1024),
    /** The rich-text body, when the user wrote one; sanitized by the gateway before sending. */
    html: z
      .string()
      .max(10 * 1024 * 1024)
      .optional(),
    /** A reply: In-Reply-To and References come from this message, which gets \Answered. */
    replyTo: messageRef.optional(),
    /** A forward: the original gets $Forwarded; as an attachment, its source goes along as message/rfc822. */
    forwardOf: /* @__PURE__ */ messageRef.extend({ asAttachment: z.boolean() }).strict().optional(),
    /** Upload ids from POST /api/upload. */
    attachments: z.array(z.string().min(1).max(64)).max(MAX_ATTACHMENTS).optional(),
    /** The draft this replaces in Drafts (autosave), deleted once the new one is stored or sent. */
    replacesDraft: messageRef.optional(),
  })
  .strict();
export type Draft = z.infer<typeof draftSchema>;

export const messageSendRequestSchema = z.object({ draft: draftSchema }).strict();
export type MessageSendRequest = z.infer<typeof messageSendRequestSchema>;

export const draftSaveRequestSchema = z.object({ draft: draftSchema }).strict();
export type DraftSaveRequest = z.infer<typeof draftSaveRequestSchema>;

/** `draft:open`: a draft from Drafts, to go on writing it. */
export const draftOpenRequestSchema = z
  .object({ mailbox: mailboxPathSchema, uidValidity: uidValiditySchema, uid: uidSchema })
  .strict();
export type DraftOpenRequest = z.infer<typeof draftOpenRequestSchema>;

/**
 * A reopened draft, everything the composer had when it was saved: its attachments are
 * registered again as uploads (their ids go into the next save or the send), and the message
 * it answers or forwards is named again so that sending marks it.
 */
export interface OpenedDraft {
  /** The draft itself: the next save replaces it, the send removes it. */
  draft: MessageRef;
  fromName: string;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  subject: string;
  text: string;
  /** The rich text as saved (not sanitized: the browser makes it safe for its editor). */
  html: string | null;
  replyTo: MessageRef | null;
  forwardOf: (MessageRef & { asAttachment: boolean }) | null;
  attachments: UploadResult[];
}

export interface SendResult {
  messageId: string;
  /** Where the copy went (the special-use Sent folder), or null when the server keeps its own. */
  sentCopy: { mailbox: string; uidValidity: number; uid: number } | null;
}

export interface DraftSaveResult {
  mailbox: string;
  uidValidity: number;
  uid: number;
}

/**
 * `attachments:copy`: attachments of a message the user reads (parts its reader lists, by IMAP
 * part number) copied into the upload store for this browser session, so that a forward takes
 * them along like files the user attached, each of which can still be left out.
 */
export const attachmentsCopyRequestSchema = z
  .object({
    mailbox: mailboxPathSchema,
    uidValidity: uidValiditySchema,
    uid: uidSchema,
    parts: z
      .array(z.string().regex(/^[1-9][0-9]{0,5}(\.[1-9][0-9]{0,5}){0,31}$/, 'an IMAP part number'))
      .min(1)
      .max(MAX_ATTACHMENTS),
  })
  .strict();
export type AttachmentsCopyRequest = z.infer<typeof attachmentsCopyRequestSchema>;

export interface AttachmentsCopyResult {
  /** In the order of `parts`. */
  attachments: UploadResult[];
}

/**
 * `attachments:release`: uploads the browser is done with (removed from the message, or the
 * composer closed; a saved draft holds its own copy), deleted now rather than at the session's
 * end. Ids already used up by a send are passed over.
 */
export const attachmentsReleaseRequestSchema = z
  .object({ ids: z.array(z.string().min(1).max(64)).min(1).max(100) })
  .strict();
export type AttachmentsReleaseRequest = z.infer<typeof attachmentsReleaseRequestSchema>;

/** POST /api/upload: the raw file as the body, its name in `x-filename` (URI-encoded). */
export const UPLOAD_PATH = '/api/upload';
export const UPLOAD_FILENAME_HEADER = 'x-filename';

export interface UploadResult {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}
