import { useEffect, useId, useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { takePastedFiles } from '../../lib/fileTransfer.ts';
import { useNow } from '../../lib/useNow.ts';
import type { Identity } from '../settings/identity.ts';
import { AttachmentList } from './AttachmentList.tsx';
import { checkForSend, draftToSend, hasErrors, type FieldErrors } from './composeDraft.ts';
import type { ComposerProps } from './Composer.tsx';
import { composeTitle } from './composeRequest.ts';
import type { ComposeFields } from './prefill.ts';
import { RecipientField } from './RecipientField.tsx';
import { RichEditor } from './RichEditor.tsx';
import { loadSendDelay, secondsLeft } from './sendDelay.ts';
import { useAttachmentUploads } from './useAttachmentUploads.ts';
import { useComposeState } from './useComposeState.ts';
import { useDraftStatus } from './useDraftStatus.ts';
import { useDraftStore } from './useDraftStore.ts';
import { useFileDropZone } from './useFileDropZone.ts';
import { useSendHold } from './useSendHold.ts';

interface ComposeFormProps extends ComposerProps {
  initial: ComposeFields;
  forwardBlock: string | null;
  notice: string | null;
  identity: Identity;
}

/** The composer once it has what it starts from: the fields, sending, and the draft kept. */
export function ComposeForm({
  request,
  csrfToken,
  gateway,
  onClose,
  initial,
  forwardBlock,
  notice,
  identity,
}: ComposeFormProps) {
  const ids = { title: useId(), to: useId(), cc: useId(), bcc: useId(), subject: useId() };
  const errorId = (field: string) => `${ids.title}-${field}-error`;
  const [showBcc, setShowBcc] = useState(initial.bcc !== '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [sendError, setSendError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const hold = useSendHold();
  const now = useNow(250, hold.endsAt !== null);
  const formRef = useRef<HTMLFormElement>(null);
  const uploads = useAttachmentUploads(csrfToken, initial.attachments, gateway.releaseAttachments);
  const dropZone = useFileDropZone(attach);
  const message = useComposeState(request, initial, forwardBlock, identity, uploads.ready);
  const { current } = message;

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

  // The gateway reads whom the account writes with now, not at the first letter typed.
  useEffect(() => {
    void gateway.suggestRecipients('');
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when opened
  }, []);

  const draftStatus = useDraftStatus(saveState, message);

  async function send(event?: { preventDefault(): void }) {
    event?.preventDefault();
    if (sending || hold.endsAt !== null) return;
    const problems = checkForSend(current(), {
      uploading: uploads.uploading,
      failed: uploads.failed,
    });
    setErrors(problems);
    setSendError(null);
    if (hasErrors(problems)) {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const delay = loadSendDelay();
    if (delay === 0) return deliver();
    // Undo send. Stored first: a tab closed while the message waits leaves it in Drafts.
    setSending(true);
    await drafts.save();
    drafts.pause(true);
    setSending(false);
    hold.start(delay, () => void deliver());
  }

  function undoSend() {
    hold.undo();
    drafts.pause(false);
    formRef.current?.querySelector<HTMLElement>('.composer__body, [contenteditable]')?.focus();
  }

  async function deliver() {
    const now = current();
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
    if (answer.ok) {
      // The send used up what it carried; what it left out (a forward's copies) goes too.
      uploads.releaseAll();
      return onClose('Message sent');
    }
    drafts.pause(false);
    setSendError(answer.error.message);
  }

  /**
   * Closing keeps the draft: stored now if it changed (the composer stays if that fails). The
   * draft in Drafts holds its attachments, so their uploads go.
   */
  async function close() {
    if (!(await drafts.save())) return;
    uploads.releaseAll();
    onClose(drafts.stored() && drafts.changedSinceOpen() ? 'Draft saved' : null);
  }

  async function discard() {
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
    uploads.releaseAll();
    onClose(stored ? 'Draft discarded' : null);
  }

  /** Chosen, dropped or pasted: all go the same way, with the same limits. */
  function attach(files: readonly File[]) {
    uploads.add(files);
    setErrors((e) => ({ ...e, attachments: undefined }));
  }

  function addFiles(event: ChangeEvent<HTMLInputElement>) {
    const files = [...(event.target.files ?? [])];
    event.target.value = '';
    attach(files);
  }

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (hold.endsAt !== null) {
      // Held: Escape takes the send back, as Undo send does; nothing else applies.
      if (event.key === 'Escape') undoSend();
      return;
    }
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
    <RecipientField
      id={ids[field]}
      label={label}
      value={value}
      error={errors[field]}
      errorId={errorId(field)}
      suggest={(query) => gateway.suggestRecipients(query)}
      onChange={(next) => {
        setValue(next);
        if (errors[field]) setErrors({ ...errors, [field]: undefined });
      }}
    />
  );

  return (
    <section
      className={`composer${dropZone.over ? ' composer--dropping' : ''}${hold.endsAt !== null ? ' composer--held' : ''}`}
      role="dialog"
      aria-labelledby={ids.title}
      onKeyDown={onKeyDown}
      {...dropZone.handlers}
    >
      <div className="composer__header">
        <h2 id={ids.title}>{composeTitle(request.kind)}</h2>
        {/* Held, the message is dealt with by Undo send or Send now, not put away. */}
        {hold.endsAt === null && (
          <button
            type="button"
            className="composer__close"
            aria-label="Close"
            title="Close (the draft is kept)"
            onClick={() => void close()}
          >
            ×
          </button>
        )}
      </div>
      {hold.endsAt !== null && (
        <div className="composer__held">
          <span role="status">Sending in {secondsLeft(hold.endsAt, now)} s…</span>
          {/* The Send button it replaces had the focus: keyboard users land here. */}
          <button type="button" className="button button--primary" autoFocus onClick={undoSend}>
            Undo send
          </button>
          <button type="button" className="button button--quiet" onClick={hold.now}>
            Send now
          </button>
        </div>
      )}
      {/* Hidden, not unmounted, while a send is held: Undo send brings it back as it was. */}
      <form ref={formRef} className="composer__form" onSubmit={send}>
        {recipientField('to', 'To', message.to, message.setTo)}
        {recipientField('cc', 'Cc', message.cc, message.setCc)}
        {showBcc ? (
          recipientField('bcc', 'Bcc', message.bcc, message.setBcc)
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
            value={message.subject}
            maxLength={998}
            aria-invalid={errors.subject ? true : undefined}
            aria-describedby={errors.subject ? errorId('subject') : undefined}
            onChange={(event) => message.setSubject(event.target.value)}
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
              checked={message.rich}
              onChange={(event) => message.toggleRich(event.target.checked)}
            />{' '}
            Rich text
          </label>
          {message.forwarded && (
            <label>
              <input
                type="checkbox"
                checked={message.asAttachment}
                onChange={(event) => message.toggleAsAttachment(event.target.checked)}
              />{' '}
              Forward as attachment
            </label>
          )}
        </div>

        {message.rich ? (
          <RichEditor
            key={message.editorVersion}
            editorRef={message.editorRef}
            initialHtml={message.editorStart}
            onInput={message.countEditorEdit}
            onFiles={attach}
          />
        ) : (
          <textarea
            className="composer__body"
            aria-label="Message"
            value={message.text}
            onChange={(event) => message.setText(event.target.value)}
            onPaste={(event) => takePastedFiles(event, attach)}
          />
        )}

        <AttachmentList
          attachments={uploads.attachments.filter((a) => !(a.id && message.leftOut(a.id)))}
          onRemove={uploads.remove}
        />
        {notice && (
          <p className="composer__error composer__notice" role="alert">
            {notice}
          </p>
        )}
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
            {draftStatus}
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
      {dropZone.over && <div className="composer__drop">Drop files to attach</div>}
    </section>
  );
}
