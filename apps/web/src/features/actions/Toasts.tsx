import type { ActionOutcome } from '../messages/moveActions.ts';

interface ToastsProps {
  /** An error to show (`role="alert"`). */
  notice: string | null;
  onDismissNotice: () => void;
  /** What the latest action did, with Undo while it can be taken back. */
  outcome: ActionOutcome | null;
  onUndo: () => void;
  onDismissOutcome: () => void;
}

/** The bottom of the window: what just happened, and what went wrong. */
export function Toasts({
  notice,
  onDismissNotice,
  outcome,
  onUndo,
  onDismissOutcome,
}: ToastsProps) {
  return (
    <div className="toasts">
      {outcome && (
        <div className="toast">
          <span role="status">{outcome.label}</span>
          {outcome.token && (
            <button type="button" className="toast__action" onClick={onUndo}>
              Undo
            </button>
          )}
          <button
            type="button"
            className="toast__close"
            aria-label="Dismiss message"
            onClick={onDismissOutcome}
          >
            ×
          </button>
        </div>
      )}
      {notice && (
        <div className="toast toast--error">
          <span role="alert">{notice}</span>
          <button
            type="button"
            className="toast__close"
            aria-label="Dismiss"
            onClick={onDismissNotice}
          >
            ×
          </button>
        </div>
      )}
    </div>
  );
}
