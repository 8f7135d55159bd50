import { useState } from 'react';
import type { Ack, Invitation, MessageRsvpRequest, RsvpResult } from '@tidings/protocol';
import { formatAddress } from '../messages/format.ts';
import { eventWhen, invitationTitle, repeatsText } from './invitationFormat.ts';
import { attachmentUrl, type MessageLocator } from './resourceUrls.ts';

type Answer = MessageRsvpRequest['answer'];

const ANSWERS: { answer: Answer; label: string; done: string }[] = [
  { answer: 'ACCEPTED', label: 'Yes', done: 'You accepted' },
  { answer: 'TENTATIVE', label: 'Maybe', done: 'You answered maybe' },
  { answer: 'DECLINED', label: 'No', done: 'You declined' },
];

type Step =
  | { kind: 'open' }
  | { kind: 'sending'; answer: Answer }
  | { kind: 'sent'; answer: Answer; to: string }
  | { kind: 'failed'; message: string };

/**
 * The event a message invites to (or cancels), read from its calendar part: what, when in the
 * reader's own time, where, who invites; the calendar file to add it with; and, for an
 * invitation with an organizer, Yes / Maybe / No, mailed to the organizer by the gateway
 * (the card says where the answer goes before it is given).
 */
export function InvitationCard({
  invitation,
  message,
  answered,
  answer,
}: {
  invitation: Invitation;
  message: MessageLocator;
  /** The message is \Answered: an answer went before (which one, the organizer knows). */
  answered: boolean;
  answer: (answer: Answer) => Promise<Ack<RsvpResult>>;
}) {
  const [step, setStep] = useState<Step>({ kind: 'open' });
  const title = invitationTitle(invitation);
  const when = eventWhen(invitation.start, invitation.end);
  const organizer = invitation.organizer;
  const answerable =
    invitation.method === 'REQUEST' && !invitation.cancelled && Boolean(organizer?.address);

  async function send(choice: Answer) {
    setStep({ kind: 'sending', answer: choice });
    const result = await answer(choice);
    setStep(
      result.ok
        ? { kind: 'sent', answer: choice, to: result.data.sentTo }
        : { kind: 'failed', message: result.error.message },
    );
  }

  return (
    <section
      className={`invitation${invitation.cancelled ? ' invitation--cancelled' : ''}`}
      aria-label={title}
    >
      <p className="invitation__title">{title}</p>
      <p className="invitation__summary">{invitation.summary.trim() || '(no title)'}</p>
      <dl className="invitation__facts">
        {when && (
          <>
            <dt>When</dt>
            <dd>{when}</dd>
          </>
        )}
        {invitation.repeats && (
          <>
            <dt>Repeats</dt>
            <dd>{repeatsText(invitation.repeats)}</dd>
          </>
        )}
        {invitation.location && (
          <>
            <dt>Where</dt>
            <dd>{invitation.location}</dd>
          </>
        )}
        {organizer && (organizer.name || organizer.address) && (
          <>
            <dt>Organizer</dt>
            <dd>{organizer.address ? formatAddress(organizer) : organizer.name}</dd>
          </>
        )}
      </dl>
      <div className="invitation__actions">
        {answerable && step.kind !== 'sent' && (
          <>
            <span className="invitation__going">Going?</span>
            {ANSWERS.map(({ answer: choice, label }) => (
              <button
                key={choice}
                type="button"
                className="button button--quiet"
                disabled={step.kind === 'sending'}
                onClick={() => void send(choice)}
              >
                {label}
              </button>
            ))}
          </>
        )}
        {!invitation.cancelled && (
          <a
            className="button button--quiet"
            href={attachmentUrl(message, invitation.part)}
            download
          >
            Add to calendar (.ics)
          </a>
        )}
      </div>
      <p className="invitation__note" role="status">
        {step.kind === 'open' &&
          answerable &&
          `${answered ? 'You answered before; a new answer replaces it. ' : ''}Your answer is mailed to ${organizer?.address}.`}
        {step.kind === 'sending' && 'Sending your answer…'}
        {step.kind === 'sent' &&
          `${ANSWERS.find((a) => a.answer === step.answer)?.done}: your answer went to ${step.to}.`}
      </p>
      {step.kind === 'failed' && (
        <p className="invitation__note" role="alert">
          Your answer was not sent: {step.message}
        </p>
      )}
    </section>
  );
}
