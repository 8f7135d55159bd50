import type { MessageSummary } from '@tidings/protocol';
import { formatAddress, formatFullDate, subjectLabel } from './format.ts';

/** The reading pane until message bodies arrive: the selected message's envelope. */
export function ReaderPlaceholder({ message }: { message: MessageSummary | null }) {
  return (
    <section className="reader" role="region" aria-label="Message">
      {message ? (
        <article className="reader__message">
          <h2 className="reader__subject">{subjectLabel(message)}</h2>
          <dl className="reader__envelope">
            <dt>From</dt>
            <dd>{message.from.map(formatAddress).join(', ') || '(no sender)'}</dd>
            {message.to.length > 0 && (
              <>
                <dt>To</dt>
                <dd>{message.to.map(formatAddress).join(', ')}</dd>
              </>
            )}
            <dt>Date</dt>
            <dd>
              <time dateTime={message.date}>{formatFullDate(message.date)}</time>
            </dd>
          </dl>
          {message.preview && <p className="reader__preview">{message.preview}</p>}
        </article>
      ) : (
        <div className="reader__empty">
          <svg viewBox="0 0 24 24" width="48" height="48" aria-hidden="true" focusable="false">
            <path d="M3 6h18v12H3zM3 7l9 6 9-6" />
          </svg>
          <p>Select a message to read it</p>
        </div>
      )}
    </section>
  );
}
