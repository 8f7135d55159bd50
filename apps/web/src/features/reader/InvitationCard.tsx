import type { Invitation } from '@tidings/protocol';
import { formatAddress } from '../messages/format.ts';
import { eventWhen, invitationTitle } from './invitationFormat.ts';
import { attachmentUrl, type MessageLocator } from './resourceUrls.ts';

/**
 * The event a message invites to (or cancels), read from its calendar part: what, when in the
 * reader's own time, where, who invites; the calendar file to add it with. Answering is left to
 * the user's calendar, which holds the event.
 */
export function InvitationCard({
  invitation,
  message,
}: {
  invitation: Invitation;
  message: MessageLocator;
}) {
  const title = invitationTitle(invitation);
  const when = eventWhen(invitation.start, invitation.end);
  const organizer = invitation.organizer;
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
      {!invitation.cancelled && (
        <a className="button button--quiet" href={attachmentUrl(message, invitation.part)} download>
          Add to calendar (.ics)
        </a>
      )}
    </section>
  );
}
