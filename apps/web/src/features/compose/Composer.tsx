import { useEffect, useId, useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import type {
  Ack,
  Draft,
  DraftSaveResult,
  MessageRef,
  MoveResult,
  SendResult,
} from '@tidings/protocol';
import type { LoadMessage } from '../reader/useMessageDetail.ts';
import { AttachmentList } from './AttachmentList.tsx';
import {
  checkForSend,
  draftToSave,
  draftToSend,
  hasErrors,
  type ComposeState,
  type FieldErrors,
} from './composeDraft.ts';
import { composeTitle, type ComposeRequest } from './composeRequest.ts';
import { loadIdentity, type Identity } from '../settings/identity.ts';
import { editorSafeHtml } from './editorHtml.ts';
import { htmlToText } from './htmlText.ts';
import type { ComposeFields } from './prefill.ts';
import { RichEditor } from './RichEditor.tsx';
import { richWithSignature, withSignature } from './signature.ts';
import { useAttachmentUploads } from './useAttachmentUploads.ts';
import { useComposeSource, type OpenDraft } from './useComposeSource.ts';
import { useDraftStore, type SaveState } from './useDraftStore.ts';

/** What the composer needs of the account (AccountStore provides it). */
export interface ComposeGateway {
  getMessage: LoadMessage;
  openDraft: OpenDraft;
  send(draft: Draft): Promise<Ack<SendResult>>;
  saveDraft(draft: Draft): Promise<Ack<DraftSaveResult>>;
  discardDraft(draft: MessageRef): Promise<Ack<MoveResult>>;
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
  const source = useComposeSource(request, gateway.getMessage, gateway.openDraft, account);
  // Read when the composer opens: a change in the settings applies to the next message.
  const [identity] = useState(() => loadIdentity(account));
  const titleId = useId();
  if (source.status !== 'ready') {
    return (
      <section className="composer" role="dialog" aria-labelledby={titleId}>
        <header className="composer__header">
          <h2 id={titleId}>{composeTitle(request.kind)}</h2>
          <button
            type="button"
            className="composer__close"
            aria-label="Close"
            onClick={() => onClose(null)}
          >
            ×
          </button>
        </header>
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
      identity={identity}
    />
  );
}

interface ComposeFormProps extends ComposerProps {
  initial: ComposeFields;
  forwardBlock: string | null;
  identity: Identity;
}

function ComposeForm({
  request,
  csrfToken,
  gateway,
  onClose,
  initial,
  forwardBlock,
  identity,
}: ComposeFormProps) {
  const ids = { title: useId(), to: useId(), cc: useId(), bcc: useId(), subject: useId() };
  const errorId = (field: string) => `${ids.title}-${field}-error`;
  const [to, setTo] = useState(initial.to);
  const [cc, setCc] = useState(initial.cc);
  const [bcc, setBcc] = useState(initial.bcc);
  const [showBcc, setShowBcc] = useState(initial.bcc !== '');
  const [subject, setSubject] = useState(initial.subject);
  const [text, setText] = useState(() =>
    withSignature(initial.text, identity.signature, request.kind),
  );
  const [rich, setRich] = useState(initial.html !== null);
  const [editorStart, setEditorStart] = useState(initial.html ?? '');
  const [editorVersion, setEditorVersion] = useState(0);
  const [editorEdits, setEditorEdits] = useState(0);
  const [asAttachment, setAsAttachment] = useState(initial.forwardOf?.asAttachment ?? false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [sendError, setSendError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const editorRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const uploads = useAttachmentUploads(csrfToken, initial.attachments);

  const original = request.kind === 'draft' || request.kind === 'new' ? null : request.original;
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
    attachments: uploads.ready,
  };

  /** The state with the rich editor's content read now (the editor is not React state). */
  function current(): ComposeState {
    const html = rich && editorRef.current ? editorRef.current.innerHTML : null;
    return html === null ? state : { ...state, html, text: htmlToText(html) };
  }

  const [drafts, saveState] = useDraftStore(
    gateway.saveDraft,
    request.kind === 'draft' ? request.draft : null,
    current,
  );

  useEffect(() => {
    const form = formRef.current;
    const first = initial.to ? form?.querySelector<HTMLElement>('.composer__body') : null;
    (first ?? form?.querySelector<HTMLElement>('input'))?.focus();
    if (first instanceof HTMLTextAreaElement) first.setSelectionRange(0, 0);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- focus once, when opened
  }, []);

  // Rich-text edits since the latest save (the editor's content is not state; its inputs are counted).
  const [seenSave, setSeenSave] = useState(saveState);
  const [editsAtSave, setEditsAtSave] = useState(0);
  if (saveState !== seenSave) {
    setSeenSave(saveState);
    setEditsAtSave(editorEdits);
  }
  // "Draft saved" only while it is true: a change since takes it away until the next save.
  const edited =
    saveState.kind === 'saved' &&
    (rich ? editorEdits > editsAtSave : JSON.stringify(draftToSave(state)) !== saveState.json);
  const shownSaveState = edited ? { kind: 'idle' as const } : saveState;

  async function send(event?: { preventDefault(): void }) {
    event?.preventDefault();
    if (sending) return;
    const now = current();
    const problems = checkForSend(now, { uploading: uploads.uploading, failed: uploads.failed });
    setErrors(problems);
    setSendError(null);
    if (hasErrors(problems)) {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setSending(true);
    drafts.pause(true);
    // A save under way finishes first, so that the draft it stores is the one the send removes.
    await drafts.settled();
    const stored = drafts.stored();
    const answer = await gateway.send({
      ...draftToSend(now),
      ...(stored && { replacesDraft: stored }),
    });
    setSending(false);
    if (answer.ok) return onClose('Message sent');
    drafts.pause(false);
    setSendError(answer.error.message);
  }

  /** Closing keeps the draft: stored now if it changed (the composer stays if that fails). */
  async function close() {
    if (!(await drafts.save())) return;
    onClose(drafts.stored() && drafts.changedSinceOpen() ? 'Draft saved' : null);
  }

  async function discard() {
    uploads.abortAll();
    drafts.pause(true);
    await drafts.settled();
    const stored = drafts.stored();
    if (stored) {
      const answer = await gateway.discardDraft(stored);
      if (!answer.ok) {
        drafts.pause(false);
        setSendError(`The draft could not be deleted: ${answer.error.message}`);
        return;
      }
    }
    onClose(stored ? 'Draft discarded' : null);
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

  function addFiles(event: ChangeEvent<HTMLInputElement>) {
    const files = [...(event.target.files ?? [])];
    event.target.value = '';
    uploads.add(files);
    setErrors((e) => ({ ...e, attachments: undefined }));
  }

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void send(event);
    // Escape closes, keeping the draft (as the × does).
    if (event.key === 'Escape' && !event.defaultPrevented) {
      event.preventDefault();
      void close();
    }
  }

  const recipientField = (
    field: 'to' | 'cc' | 'bcc',
    label: string,
    value: string,
    setValue: (v: string) => void,
  ) => (
    <div className="composer__field">
      <label htmlFor={ids[field]}>{label}</label>
      <input
        id={ids[field]}
        type="text"
        autoComplete="email"
        spellCheck={false}
        value={value}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={errors[field] ? errorId(field) : undefined}
        onChange={(event) => {
          setValue(event.target.value);
          if (errors[field]) setErrors({ ...errors, [field]: undefined });
        }}
      />
      {errors[field] && (
        <p id={errorId(field)} className="composer__error" role="alert">
          {errors[field]}
        </p>
      )}
    </div>
  );

  return (
    <section className="composer" role="dialog" aria-labelledby={ids.title} onKeyDown={onKeyDown}>
      <header className="composer__header">
        <h2 id={ids.title}>{composeTitle(request.kind)}</h2>
        <button
          type="button"
          className="composer__close"
          aria-label="Close"
          title="Close (the draft is kept)"
          onClick={() => void close()}
        >
          ×
        </button>
      </header>
      <form ref={formRef} className="composer__form" onSubmit={send}>
        {recipientField('to', 'To', to, setTo)}
        {recipientField('cc', 'Cc', cc, setCc)}
        {showBcc ? (
          recipientField('bcc', 'Bcc', bcc, setBcc)
        ) : (
          <button
            type="button"
            className="link-button composer__bcc-toggle"
            aria-expanded={false}
            onClick={() => setShowBcc(true)}
          >
            Show Bcc
          </button>
        )}
        <div className="composer__field">
          <label htmlFor={ids.subject}>Subject</label>
          <input
            id={ids.subject}
            type="text"
            value={subject}
            maxLength={998}
            aria-invalid={errors.subject ? true : undefined}
            aria-describedby={errors.subject ? errorId('subject') : undefined}
            onChange={(event) => setSubject(event.target.value)}
          />
          {errors.subject && (
            <p id={errorId('subject')} className="composer__error" role="alert">
              {errors.subject}
            </p>
          )}
        </div>

        <div className="composer__options">
          <label>
            <input
              type="checkbox"
              checked={rich}
              onChange={(event) => toggleRich(event.target.checked)}
            />{' '}
            Rich text
          </label>
          {forwarded && (
            <label>
              <input
                type="checkbox"
                checked={asAttachment}
                onChange={(event) => toggleAsAttachment(event.target.checked)}
              />{' '}
              Forward as attachment
            </label>
          )}
        </div>

        {rich ? (
          <RichEditor
            key={editorVersion}
            editorRef={editorRef}
            initialHtml={editorStart}
            onInput={() => setEditorEdits((n) => n + 1)}
          />
        ) : (
          <textarea
            className="composer__body"
            aria-label="Message"
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        )}

        <AttachmentList attachments={uploads.attachments} onRemove={uploads.remove} />
        {errors.attachments && (
          <p className="composer__error" role="alert">
            {errors.attachments}
          </p>
        )}
        {sendError && (
          <p className="composer__error composer__error--send" role="alert">
            The message was not sent: {sendError}
          </p>
        )}

        <footer className="composer__footer">
          <button type="submit" className="button button--primary" disabled={sending}>
            {sending ? 'Sending…' : 'Send'}
          </button>
          <label className="button button--quiet composer__attach">
            Attach files
            <input type="file" multiple className="visually-hidden" onChange={addFiles} />
          </label>
          <span className="composer__status" role="status">
            {saveLabel(shownSaveState)}
          </span>
          <button
            type="button"
            className="button button--quiet composer__discard"
            disabled={sending}
            onClick={() => void discard()}
          >
            Discard
          </button>
        </footer>
      </form>
    </section>
  );
}

function saveLabel(state: SaveState): string {
  switch (state.kind) {
    case 'idle':
      return '';
    case 'saving':
      return 'Saving draft…';
    case 'saved':
      return 'Draft saved';
    case 'failed':
      return `Draft not saved: ${state.message}`;
  }
}
