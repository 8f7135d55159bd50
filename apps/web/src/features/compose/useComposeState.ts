import { useRef, useState, type RefObject } from 'react';
import type { MessageRef } from '@tidings/protocol';
import type { Identity } from '../settings/identity.ts';
import type { ComposeState } from './composeDraft.ts';
import type { ComposeRequest } from './composeRequest.ts';
import { editorSafeHtml } from './editorHtml.ts';
import { htmlToText } from './htmlText.ts';
import type { ComposeFields } from './prefill.ts';
import { richWithSignature, withSignature } from './signature.ts';

/** The message being written, field by field, with what the form changes them through. */
export interface ComposeEdits {
  to: string;
  setTo: (to: string) => void;
  cc: string;
  setCc: (cc: string) => void;
  bcc: string;
  setBcc: (bcc: string) => void;
  subject: string;
  setSubject: (subject: string) => void;
  /** The plain-text body (the rich editor's content is read by `current`). */
  text: string;
  setText: (text: string) => void;
  rich: boolean;
  toggleRich: (next: boolean) => void;
  editorRef: RefObject<HTMLDivElement | null>;
  /** What the rich editor starts from, and a key that starts it again when that changes. */
  editorStart: string;
  editorVersion: number;
  /** Inputs in the rich editor so far. */
  editorEdits: number;
  countEditorEdit: () => void;
  /** The message forwarded, if any (a reopened draft's too). */
  forwarded: MessageRef | null;
  asAttachment: boolean;
  toggleAsAttachment: (next: boolean) => void;
  /**
   * An attachment copied from the message forwarded, left out while that message goes as an
   * attachment itself (it holds them), back when it does not.
   */
  leftOut: (uploadId: string) => boolean;
  /** The state as of this render, with the plain-text body. */
  state: ComposeState;
  current: () => ComposeState;
}

/**
 * The fields of the message being written, starting from `initial` with the identity's
 * signature (see signature.ts), and the state they make for sending and saving.
 */
export function useComposeState(
  request: ComposeRequest,
  initial: ComposeFields,
  forwardBlock: string | null,
  identity: Identity,
  /** Upload ids of the attachments stored on the gateway. */
  attachments: string[],
): ComposeEdits {
  const [to, setTo] = useState(initial.to);
  const [cc, setCc] = useState(initial.cc);
  const [bcc, setBcc] = useState(initial.bcc);
  const [subject, setSubject] = useState(initial.subject);
  const [text, setText] = useState(() =>
    withSignature(initial.text, identity.signature, request.kind),
  );
  const [rich, setRich] = useState(initial.html !== null);
  const [editorStart, setEditorStart] = useState(initial.html ?? '');
  const [editorVersion, setEditorVersion] = useState(0);
  const [editorEdits, setEditorEdits] = useState(0);
  const [asAttachment, setAsAttachment] = useState(initial.forwardOf?.asAttachment ?? false);
  const editorRef = useRef<HTMLDivElement>(null);

  const original = request.kind === 'draft' || request.kind === 'new' ? null : request.original;
  // A forward starts with the original's attachments (forwardAttachments.ts).
  const [copied] = useState(
    () => new Set(request.kind === 'forward' ? initial.attachments.map((a) => a.id) : []),
  );
  const leftOut = (uploadId: string) => asAttachment && copied.has(uploadId);
  // A reopened draft answers or forwards what it did when it was saved.
  const forwarded = request.kind === 'forward' ? original : initial.forwardOf;
  const state: ComposeState = {
    fromName: initial.fromName || identity.name,
    to,
    cc,
    bcc,
    subject,
    text,
    html: null,
    replyTo: request.kind === 'reply' || request.kind === 'replyAll' ? original : initial.replyTo,
    forwardOf: forwarded
      ? {
          mailbox: forwarded.mailbox,
          uidValidity: forwarded.uidValidity,
          uid: forwarded.uid,
          asAttachment,
        }
      : null,
    attachments: attachments.filter((id) => !leftOut(id)),
  };

  /** The state with the rich editor's content read now (the editor is not React state). */
  function current(): ComposeState {
    const html = rich && editorRef.current ? editorRef.current.innerHTML : null;
    return html === null ? state : { ...state, html, text: htmlToText(html) };
  }

  function toggleRich(next: boolean) {
    if (next) {
      // The signature in its rich form, where the user gave one.
      setEditorStart(richWithSignature(text, identity, editorSafeHtml));
      setEditorVersion((v) => v + 1);
    } else if (editorRef.current) {
      setText(htmlToText(editorRef.current.innerHTML));
    }
    setRich(next);
  }

  function toggleAsAttachment(next: boolean) {
    setAsAttachment(next);
    if (!forwardBlock || rich) return;
    // The inline copy goes when the original travels as an attachment, and comes back after.
    if (next && text.includes(forwardBlock)) setText(text.replace(forwardBlock, '').trimEnd());
    else if (!next && !text.includes(forwardBlock)) setText(`${text}\n\n${forwardBlock}`);
  }

  return {
    to,
    setTo,
    cc,
    setCc,
    bcc,
    setBcc,
    subject,
    setSubject,
    text,
    setText,
    rich,
    toggleRich,
    editorRef,
    editorStart,
    editorVersion,
    editorEdits,
    countEditorEdit: () => setEditorEdits((n) => n + 1),
    forwarded,
    asAttachment,
    toggleAsAttachment,
    leftOut,
    state,
    current,
  };
}
