import type { ReactNode } from 'react';
import { Command, withShortcut } from '../keyboard/shortcuts.ts';
import { ToolButton } from './ToolButton.tsx';

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
      <button
        type="button"
        className="button button--quiet reader__back"
        title="Back (Esc)"
        onClick={onBack}
      >
        <span aria-hidden="true">←</span>
        <span className="reader__back-label">Back</span>
      </button>
      <div className="reader__actions">
        <ToolButton
          icon="reply"
          label="Reply"
          title={withShortcut('Reply', Command.Reply)}
          onClick={() => onReply('reply')}
        />
        <ToolButton
          icon="replyAll"
          label="Reply all"
          title={withShortcut('Reply all', Command.ReplyAll)}
          onClick={() => onReply('replyAll')}
        />
        <ToolButton
          icon="forward"
          label="Forward"
          title={withShortcut('Forward', Command.Forward)}
          onClick={() => onReply('forward')}
        />
        <span className="reader__divider" aria-hidden="true" />
        {actions}
        <span className="reader__divider reader__print" aria-hidden="true" />
        {/* The print style sheet leaves the open message alone on the page (styles/print.css). */}
        <ToolButton
          icon="print"
          label="Print"
          className="reader__print"
          onClick={() => window.print()}
        />
      </div>
    </>
  );
}
