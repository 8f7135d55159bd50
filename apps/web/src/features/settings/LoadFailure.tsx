/** Settings the server keeps could not be read: why, and a way to ask again. */
export function LoadFailure({
  what,
  reason,
  onRetry,
}: {
  /** "Filters", "Automatic replies". */
  what: string;
  reason: string;
  onRetry: () => void;
}) {
  return (
    <>
      <p className="error-box" role="alert">
        {what} could not be read. {reason}
      </p>
      <button type="button" className="button button--quiet settings__action" onClick={onRetry}>
        Retry
      </button>
    </>
  );
}
