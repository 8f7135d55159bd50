import { Suspense, useEffect, type ReactNode } from 'react';
import type { MessageSummary } from '@tidings/protocol';
import { PartBoundary, useLazyPart } from '../../lib/PartBoundary.tsx';
import { formatAddress, formatFullDate, subjectLabel } from '../messages/format.ts';
import type { MessageLocator } from './resourceUrls.ts';
import type { MessageReaderProps, SendRsvp, SendUnsubscribe } from './MessageReader.tsx';
import type { LoadMessage } from './useMessageDetail.ts';

// The reader brings DOMPurify and the CSS sanitizer: kept out of the first load.
const loadReader = () => import('./MessageReader.tsx');
/** Fetched once the app has settled, so the first message opens without waiting for it. */
const PRELOAD_DELAY_MS = 1_500;

interface ReaderPaneProps {
  /** The selected message, or null for the empty pane. */
  message: MessageLocator | null;
  summary: MessageSummary | null;
  account: string;
  load: LoadMessage;
  unsubscribe: SendUnsubscribe;
  rsvp: SendRsvp;
  /** "Filter messages like this": a rule for its list or sender, begun in the settings. */
  filterLike?: MessageReaderProps['filterLike'];
  removeTag?: MessageReaderProps['removeTag'];
  /** The open message's actions (reply, archive, ...). */
  toolbar: ReactNode;
  /** Several messages are selected: how many, instead of a message. */
  selectedCount: number;
}

export function ReaderPane({
  message,
  summary,
  account,
  load,
  unsubscribe,
  rsvp,
  filterLike,
  removeTag,
  toolbar,
  selectedCount,
}: ReaderPaneProps) {
  const { Part: MessageReader, attempt, retry } = useLazyPart(loadReader);
  useEffect(() => {
    const timer = window.setTimeout(() => void loadReader().catch(() => {}), PRELOAD_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, []);
  const messageKey = message && `${message.mailbox}\n${message.uidValidity}\n${message.uid}`;

  return (
    <section className="reader" role="region" aria-label="Message">
      {message && summary ? (
        <>
          <div className="reader__toolbar" role="toolbar" aria-label="Message actions">
            {toolbar}
          </div>
          {/* Another message, or another attempt, starts afresh. */}
          <PartBoundary key={`${messageKey}\n${attempt}`} what="The message" onRetry={retry}>
            <Suspense fallback={<EnvelopeOnly summary={summary} />}>
              <MessageReader
                message={message}
                summary={summary}
                account={account}
                load={load}
                unsubscribe={unsubscribe}
                rsvp={rsvp}
                filterLike={filterLike}
                removeTag={removeTag}
              />
            </Suspense>
          </PartBoundary>
        </>
      ) : selectedCount > 1 ? (
        <div className="reader__empty">
          <p>{selectedCount.toLocaleString()} messages selected</p>
        </div>
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

/** What the list already knows, while the reader's code arrives. */
function EnvelopeOnly({ summary }: { summary: MessageSummary }) {
  return (
    <article className="reader__message" aria-busy="true">
      <h2 className="reader__subject">{subjectLabel(summary)}</h2>
      <dl className="reader__envelope">
        <dt>From</dt>
        <dd>{summary.from.map(formatAddress).join(', ') || '(no sender)'}</dd>
        <dt>Date</dt>
        <dd>
          <time dateTime={summary.date}>{formatFullDate(summary.date)}</time>
        </dd>
      </dl>
    </article>
  );
}
