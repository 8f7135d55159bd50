import { Flag, hasFlag, type FolderMatch } from '@tidings/protocol';
import {
  formatFullDate,
  formatListDate,
  partyLabel,
  subjectLabel,
  type RowParty,
} from '../messages/format.ts';
import { TagChips } from '../tags/TagChips.tsx';
import type { EverywhereView } from './searchResults.ts';

interface EverywhereResultsProps {
  everywhere: EverywhereView;
  /** Where a folder sits, as the folder list nests it ("Clients / Acme"). */
  folderName: (path: string) => string;
  /** Whom a row names: the recipients for a match in Sent or Drafts. */
  partyFor: (path: string) => RowParty;
  /** Opens the match where it is: its folder, then the message. */
  onOpen: (match: FolderMatch) => void;
}

/**
 * A search's matches in all folders, newest first, each naming its folder. A list of links to
 * the messages rather than the folder grid: acting on one happens where it is, once opened.
 */
export function EverywhereResults({
  everywhere,
  folderName,
  partyFor,
  onOpen,
}: EverywhereResultsProps) {
  if (everywhere.status === 'searching') {
    return (
      <p className="list-pane__empty" aria-busy="true">
        Searching all folders…
      </p>
    );
  }
  if (everywhere.status === 'failed') {
    return (
      <p className="list-pane__empty" role="alert">
        The search in all folders failed: {everywhere.message}
      </p>
    );
  }
  const now = new Date();
  return (
    <>
      {everywhere.matches.length === 0 ? (
        <p className="list-pane__empty">No messages match in any folder</p>
      ) : (
        <ul className="everywhere" aria-label="Matches in all folders">
          {everywhere.matches.map((match) => {
            const { message } = match;
            const unread = !hasFlag(message.flags, Flag.Seen);
            return (
              <li key={`${match.mailbox}\u0000${match.uidValidity}\u0000${message.uid}`}>
                <button
                  type="button"
                  className={`everywhere__match${unread ? ' everywhere__match--unread' : ''}`}
                  onClick={() => onOpen(match)}
                >
                  <span className="everywhere__from">
                    {partyLabel(message, partyFor(match.mailbox))}
                  </span>
                  <time
                    className="everywhere__date"
                    dateTime={message.date}
                    title={formatFullDate(message.date)}
                  >
                    {formatListDate(message.date, now)}
                  </time>
                  <span className="everywhere__subject">
                    <TagChips flags={message.flags} />
                    {subjectLabel(message)}
                  </span>
                  <span className="everywhere__folder">{folderName(match.mailbox)}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {everywhere.failed.length > 0 && (
        <p className="everywhere__note" role="alert">
          Not searched (the server refused): {everywhere.failed.map(folderName).join(', ')}
        </p>
      )}
    </>
  );
}
