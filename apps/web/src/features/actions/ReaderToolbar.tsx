import type { ReactNode } from 'react';

interface ReaderToolbarProps {
  onBack: () => void;
  onReply: (kind: 'reply' | 'replyAll' | 'forward') => void;
  /** Archive, Delete, Move to, read and flag (ActionButtons), unless the list bar has them. */
  actions: ReactNode;
}

/** The open message's buttons: back (narrow windows), answer, act on it, and print it. */
export function ReaderToolbar({ onBack, onReply, actions }: ReaderToolbarProps) {
  return (
    <>
      {/* Named "Back", no "to": `getByLabel('To')` must find the composer's To field alone. */}
      <button type="button" className="button button--quiet reader__back" onClick={onBack}>
        <span aria-hidden="true">←</span> Back
      </button>
      <div className="reader__actions">
        <button type="button" className="button button--quiet" onClick={() => onReply('reply')}>
          Reply
        </button>
        <button type="button" className="button button--quiet" onClick={() => onReply('replyAll')}>
          Reply all
        </button>
        <button type="button" className="button button--quiet" onClick={() => onReply('forward')}>
          Forward
        </button>
        <span className="reader__divider" aria-hidden="true" />
        {actions}
        <span className="reader__divider" aria-hidden="true" />
        {/* The print style sheet leaves the open message alone on the page (styles/print.css). */}
        <button type="button" className="button button--quiet" onClick={() => window.print()}>
          Print
        </button>
      </div>
    </>
  );
}
