import { useState } from 'react';
import type { Ack, ListUnsubscribe as Offer, UnsubscribeResult } from '@tidings/protocol';

export type Unsubscribe = () => Promise<Ack<UnsubscribeResult>>;

type Step =
  | { kind: 'offered' }
  | { kind: 'confirming' }
  | { kind: 'sending' }
  | { kind: 'sent'; to: string }
  | { kind: 'failed'; message: string };

/**
 * The mailing list a message came from, and a way to leave it (List-Unsubscribe, RFC 2369).
 * By mail, the gateway sends the request once the user confirmed where it goes; a list that
 * only offers a web page gets a link to it, opened without a referrer.
 */
export function ListUnsubscribe({
  offer,
  unsubscribe,
}: {
  offer: Offer;
  unsubscribe: Unsubscribe;
}) {
  const [step, setStep] = useState<Step>({ kind: 'offered' });
  const list = offer.list || 'this mailing list';

  async function send() {
    setStep({ kind: 'sending' });
    const answer = await unsubscribe();
    setStep(
      answer.ok
        ? { kind: 'sent', to: answer.data.sentTo }
        : { kind: 'failed', message: answer.error.message },
    );
  }

  if (!offer.mailto) {
    return (
      <p className="reader__list">
        From the mailing list {list}.{' '}
        {offer.url && (
          <a
            href={offer.url}
            target="_blank"
            rel="noopener noreferrer"
            title={`Opens the list's page on ${hostOf(offer.url)}`}
          >
            Unsubscribe
          </a>
        )}
      </p>
    );
  }

  switch (step.kind) {
    case 'offered':
      return (
        <p className="reader__list">
          From the mailing list {list}.{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => setStep({ kind: 'confirming' })}
          >
            Unsubscribe
          </button>
        </p>
      );
    case 'confirming':
    case 'sending':
      return (
        <div className="reader__list reader__list--confirm" role="group" aria-label="Unsubscribe">
          <span>
            Leave {list}? Tidings sends an unsubscribe request from your address to{' '}
            <strong>{offer.mailto}</strong>.
          </span>
          <span className="reader__list-actions">
            <button
              type="button"
              className="button button--primary"
              disabled={step.kind === 'sending'}
              onClick={() => void send()}
            >
              {step.kind === 'sending' ? 'Sending…' : 'Send unsubscribe request'}
            </button>
            <button
              type="button"
              className="button button--quiet"
              disabled={step.kind === 'sending'}
              onClick={() => setStep({ kind: 'offered' })}
            >
              Cancel
            </button>
          </span>
        </div>
      );
    case 'sent':
      return (
        <p className="reader__list" role="status">
          Unsubscribe request sent to {step.to}. The list may take a few days to stop.
        </p>
      );
    case 'failed':
      return (
        <div className="reader__list reader__list--confirm">
          <span role="alert">The unsubscribe request was not sent: {step.message}</span>
          <button type="button" className="button button--quiet" onClick={() => void send()}>
            Try again
          </button>
        </div>
      );
  }
}

/** The page's host, for the link's title; the gateway sends only URLs it parsed. */
function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return 'the web';
  }
}
