import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { folderNameProblem, MAX_FOLDER_NAME } from '@tidings/protocol';
import { useModalDialog } from '../../lib/useModalDialog.ts';

interface FolderNameDialogProps {
  title: string;
  /** A line under the title saying which folder, if any. */
  description?: string;
  initialName: string;
  submitLabel: string;
  /** Whether the name (without spaces at either end) is worth sending: not empty, not unchanged. */
  canSubmit: (name: string) => boolean;
  /** Sends the request; resolves to the gateway's refusal, or null once the folder is done. */
  onSubmit: (name: string) => Promise<string | null>;
  onClose: () => void;
  /** More fields, between the name and the buttons. */
  children?: ReactNode;
}

/**
 * A modal form asking for a folder name (native <dialog>: focus trapped, Escape cancels). A
 * refusal is shown in the dialog, with the name as typed kept for another try.
 */
export function FolderNameDialog({
  title,
  description,
  initialName,
  submitLabel,
  canSubmit,
  onSubmit,
  onClose,
  children,
}: FolderNameDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState(initialName);
  const [pending, setPending] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const titleId = useId();
  const descriptionId = useId();
  const inputId = useId();
  const refusalId = useId();

  useModalDialog(ref);
  useEffect(() => {
    // showModal() may focus the dialog itself (no autofocus attribute): start in the name.
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const wanted = name.trim();
    if (pending || !canSubmit(wanted)) return;
    // What the protocol refuses anyway (a pasted tab, say) is said here, in the same words.
    const problem = folderNameProblem(wanted);
    if (problem) {
      setRefusal(problem);
      inputRef.current?.focus();
      return;
    }
    setPending(true);
    setRefusal(null);
    // Spaces at either end are invisible in a folder list and nobody means them (the protocol
    // refuses such names): they are left out. Everything else goes as typed, and the gateway
    // says what it refuses and why.
    const answer = await onSubmit(wanted);
    if (answer === null) return onClose();
    setRefusal(answer);
    setPending(false);
    inputRef.current?.focus();
  }

  return (
    <dialog
      ref={ref}
      className="confirm folder-dialog"
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form className="folder-dialog__form" onSubmit={(event) => void submit(event)}>
        <h2 id={titleId} className="confirm__title">
          {title}
        </h2>
        {description && (
          <p id={descriptionId} className="confirm__message">
            {description}
          </p>
        )}
        <div className="field">
          <label htmlFor={inputId}>Folder name</label>
          <input
            ref={inputRef}
            id={inputId}
            type="text"
            value={name}
            maxLength={MAX_FOLDER_NAME}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={refusal ? true : undefined}
            aria-describedby={refusal ? refusalId : undefined}
            onChange={(event) => setName(event.target.value)}
          />
        </div>
        {children}
        {refusal && (
          <p id={refusalId} role="alert" className="error-box">
            {refusal}
          </p>
        )}
        <div className="confirm__buttons">
          <button type="button" className="button button--quiet" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button--primary"
            disabled={pending || !canSubmit(name.trim())}
            aria-busy={pending || undefined}
          >
            {submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
