import { useId, useRef } from 'react';
import { useModalDialog } from '../../lib/useModalDialog.ts';

interface ConfirmDialogProps {
  title: string;
  message: string;
  confirmLabel: string;
  /** Absent: there is nothing to confirm (the message says why); only a Close button. */
  onConfirm?: () => void;
  onCancel: () => void;
}

/** A modal question (native <dialog>: focus trapped, Escape cancels). */
export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const messageId = useId();

  useModalDialog(ref);

  return (
    <dialog
      ref={ref}
      className="confirm"
      aria-labelledby={titleId}
      aria-describedby={messageId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId} className="confirm__title">
        {title}
      </h2>
      <p id={messageId} className="confirm__message">
        {message}
      </p>
      <div className="confirm__buttons">
        <button type="button" className="button button--quiet" onClick={onCancel}>
          {onConfirm ? 'Cancel' : 'Close'}
        </button>
        {onConfirm && (
          <button type="button" className="button button--danger" onClick={onConfirm}>
            {confirmLabel}
          </button>
        )}
      </div>
    </dialog>
  );
}
