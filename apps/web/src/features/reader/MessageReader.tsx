import { useMemo, useRef, useState } from 'react';
import {
  Flag,
  hasFlag,
  type Ack,
  type Address,
  type AttachmentInfo,
  type MessageSummary,
  type MessageRsvpRequest,
  type MessageUnsubscribeRequest,
  type RsvpResult,
  type Tag,
  type UnsubscribeResult,
} from '@tidings/protocol';
import { formatAddress, formatFullDate, subjectLabel } from '../messages/format.ts';
import { TagChips } from '../tags/TagChips.tsx';
import {
  badgeLabel,
  formatSize,
  isPreviewable,
  listedAttachments,
  typeLabel,
} from './attachmentFormat.ts';
import { InvitationCard } from './InvitationCard.tsx';
import { ListUnsubscribe } from './ListUnsubscribe.tsx';
import { MessageFrame } from './MessageFrame.tsx';
import { renderBody, type RenderedBody } from './renderBody.ts';
import { attachmentUrl, sourceUrl, type MessageLocator } from './resourceUrls.ts';
import { isTrustedSender, setTrustedSender } from './trustedSenders.ts';
import { useMessageDetail, type LoadMessage } from './useMessageDetail.ts';

export interface MessageReaderProps {
  message: MessageLocator;
  /** The list's row: shown while the message loads. */
  summary: MessageSummary;
  /** The signed-in address: remembered senders are kept per account. */
  account: string;
  load: LoadMessage;
  unsubscribe: SendUnsubscribe;
  rsvp: SendRsvp;
  /**
   * Opens the settings with a filter rule begun for mail like this: from its mailing list
   * (`listId`) when it came through one, else from its sender.
   */
  filterLike?: (like: { from: string; listId: string | null }) => void;
  /** Takes a tag off this message (the × of its chip). */
  removeTag?: (tag: Tag) => void;
}

export type SendUnsubscribe = (
  request: MessageUnsubscribeRequest,
) => Promise<Ack<UnsubscribeResult>>;

export type SendRsvp = (request: MessageRsvpRequest) => Promise<Ack<RsvpResult>>;

/** The reading pane's content: loaded on demand (it brings the sanitizer with it). */
export default function MessageReader({
  message,
  summary,
  account,
  load,
  unsubscribe,
  rsvp,
  filterLike,
  removeTag,
}: MessageReaderProps) {
  const [state, retry] = useMessageDetail(message, load);
  const detail = state.status === 'ready' ? state.detail : null;
  const sender = detail?.from[0]?.address;
  const [shownForThis, setShownForThis] = useState(false);
  const [trustOverride, setTrustOverride] = useState<boolean | null>(null);
  const trusted = trustOverride ?? (sender ? isTrustedSender(account, sender) : false);
  const allowRemote = shownForThis || trusted;

  const origin = window.location.origin;
  const rendered = useMemo(() => {
    if (!detail) return null;
    const options = { origin, message, allowRemote };
    return {
      body: renderBody(detail.body, options),
      attached: detail.attachedMessages.map((attached) => renderBody(attached.body, options)),
    };
  }, [detail, origin, message, allowRemote]);

  const source = sourceUrl(message);
  const all: RenderedBody[] = rendered ? [rendered.body, ...rendered.attached] : [];
  const blocked = all.reduce((sum, body) => sum + body.remoteImages, 0);
  const trackers = all.reduce((sum, body) => sum + body.trackers, 0);
  const inlineCids = all.flatMap((body) => body.inlineCids);
  const frameKey = `${message.uid}:${allowRemote ? 'remote' : 'local'}`;

  function trustSender(next: boolean) {
    if (!sender) return;
    setTrustedSender(account, sender, next);
    setTrustOverride(next);
  }

  return (
    <article
      className="reader__message"
      data-uid={message.uid}
      aria-busy={!detail && state.status === 'loading'}
    >
      <h2 className="reader__subject">
        {detail ? detail.subject.trim() || '(no subject)' : subjectLabel(summary)}
      </h2>
      {/* The list's row has the flags as pushes keep them: a tag set elsewhere shows here too. */}
      <TagChips flags={summary.flags} onRemove={removeTag} />
      <Envelope
        from={detail?.from ?? summary.from}
        to={detail?.to ?? summary.to}
        cc={detail?.cc ?? []}
        date={detail ? detail.date : summary.date}
      />
      <p className="reader__source">
        <a href={source} target="_blank" rel="noopener noreferrer">
          View source
        </a>
        {sender && filterLike && (
          <>
            {' · '}
            <button
              type="button"
              className="link-button"
              onClick={() => filterLike({ from: sender, listId: detail?.listId ?? null })}
            >
              Filter messages like this
            </button>
          </>
        )}
      </p>
      {detail?.unsubscribe && (
        <ListUnsubscribe
          offer={detail.unsubscribe}
          unsubscribe={() =>
            unsubscribe({
              mailbox: message.mailbox,
              uidValidity: message.uidValidity,
              uid: message.uid,
            })
          }
        />
      )}

      {detail?.invitation && (
        <InvitationCard
          invitation={detail.invitation}
          message={message}
          answered={hasFlag(detail.flags, Flag.Answered)}
          answer={(answer) =>
            rsvp({
              mailbox: message.mailbox,
              uidValidity: message.uidValidity,
              uid: message.uid,
              answer,
            })
          }
        />
      )}

      {state.status === 'failed' && (
        <div className="reader__notice reader__notice--error">
          <span role="alert">This message could not be loaded: {state.message}</span>
          <button type="button" className="button button--quiet" onClick={retry}>
            Try again
          </button>
        </div>
      )}

      {detail?.problem && (
        <p className="reader__notice" role="note">
          {detail.problem}{' '}
          <a href={source} target="_blank" rel="noopener noreferrer">
            Open the raw source
          </a>
        </p>
      )}
      {rendered?.body.failed && (
        <p className="reader__notice" role="note">
          This message's formatting could not be displayed safely.{' '}
          <a href={source} target="_blank" rel="noopener noreferrer">
            Open the raw source
          </a>
        </p>
      )}

      {blocked > 0 && !allowRemote && (
        <div className="reader__notice reader__remote" role="status">
          <span>
            {blocked === 1 ? '1 remote image blocked' : `${blocked} remote images blocked`}
            {trackers > 0 &&
              (trackers === 1
                ? ', 1 of them a tracking pixel'
                : `, ${trackers} of them tracking pixels`)}
            .
          </span>
          <span className="reader__remote-actions">
            <button
              type="button"
              className="button button--quiet"
              onClick={() => setShownForThis(true)}
            >
              Show images
            </button>
            {sender && (
              <button
                type="button"
                className="button button--quiet"
                onClick={() => trustSender(true)}
              >
                Always for this sender
              </button>
            )}
          </span>
        </div>
      )}
      {trusted && sender && detail?.body.kind === 'html' && (
        <p className="reader__notice reader__trusted">
          Remote images from {sender} are always shown.{' '}
          <button type="button" className="link-button" onClick={() => trustSender(false)}>
            Stop showing them automatically
          </button>
        </p>
      )}

      <div className="reader__body">
        {!detail && state.status === 'loading' && <BodySkeleton />}
        {rendered?.body.document && (
          <MessageFrame key={frameKey} srcDoc={rendered.body.document} title="Message body" />
        )}
        {detail && !rendered?.body.document && !rendered?.body.failed && (
          <p className="reader__nobody">This message has no text.</p>
        )}
      </div>

      {detail && (
        <Attachments
          message={message}
          attachments={listedAttachments(detail.attachments, inlineCids)}
        />
      )}

      {detail?.attachedMessages.map((attached, index) => {
        const body = rendered?.attached[index];
        return (
          <section
            key={attached.part}
            className="reader__attached"
            aria-label={`Attached message: ${attached.subject.trim() || '(no subject)'}`}
          >
            <h3 className="reader__attached-subject">
              {attached.subject.trim() || '(no subject)'}
            </h3>
            <Envelope from={attached.from} to={attached.to} cc={[]} date={attached.date} />
            {body?.document ? (
              <MessageFrame
                key={`${frameKey}:${attached.part}`}
                srcDoc={body.document}
                title="Attached message body"
              />
            ) : (
              <p className="reader__nobody">This message has no text.</p>
            )}
          </section>
        );
      })}
    </article>
  );
}

function Envelope({
  from,
  to,
  cc,
  date,
}: {
  from: Address[];
  to: Address[];
  cc: Address[];
  date: string | null;
}) {
  return (
    <dl className="reader__envelope">
      <dt>From</dt>
      <dd>{from.map(formatAddress).join(', ') || '(no sender)'}</dd>
      {to.length > 0 && (
        <>
          <dt>To</dt>
          <dd>{to.map(formatAddress).join(', ')}</dd>
        </>
      )}
      {cc.length > 0 && (
        <>
          <dt>Cc</dt>
          <dd>{cc.map(formatAddress).join(', ')}</dd>
        </>
      )}
      {date && (
        <>
          <dt>Date</dt>
          <dd>
            <time dateTime={date}>{formatFullDate(date)}</time>
          </dd>
        </>
      )}
    </dl>
  );
}

function BodySkeleton() {
  return (
    <div className="reader__skeleton" aria-hidden="true">
      <span className="skeleton skeleton--long" />
      <span className="skeleton skeleton--long" />
      <span className="skeleton skeleton--short" />
    </div>
  );
}

function Attachments({
  message,
  attachments,
}: {
  message: MessageLocator;
  attachments: AttachmentInfo[];
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [preview, setPreview] = useState<AttachmentInfo | null>(null);
  if (attachments.length === 0) return null;

  function openPreview(attachment: AttachmentInfo) {
    setPreview(attachment);
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }

  return (
    <section className="attachments" aria-label="Attachments">
      <h3 className="attachments__title">
        {attachments.length === 1 ? '1 attachment' : `${attachments.length} attachments`}
      </h3>
      <ul className="attachments__list">
        {attachments.map((attachment) => {
          const url = attachmentUrl(message, attachment.part);
          return (
            <li key={attachment.part} className="attachment">
              {isPreviewable(attachment) ? (
                <button
                  type="button"
                  className="attachment__thumb"
                  aria-label={`Preview ${attachment.filename}`}
                  onClick={() => openPreview(attachment)}
                >
                  <img src={url} alt="" loading="lazy" decoding="async" />
                </button>
              ) : (
                <span className="attachment__icon" aria-hidden="true">
                  {badgeLabel(attachment)}
                </span>
              )}
              <span className="attachment__text">
                <a className="attachment__name" href={url} download={attachment.filename}>
                  {attachment.filename}
                </a>
                <span className="attachment__meta">
                  {typeLabel(attachment.contentType)} · {formatSize(attachment.size)}
                </span>
              </span>
            </li>
          );
        })}
      </ul>
      <dialog
        ref={dialogRef}
        className="preview"
        aria-label={preview ? `Preview of ${preview.filename}` : 'Preview'}
        onClose={() => setPreview(null)}
      >
        {preview && (
          <>
            <img
              className="preview__image"
              src={attachmentUrl(message, preview.part)}
              alt={preview.filename}
            />
            <form method="dialog" className="preview__bar">
              <span className="preview__name">{preview.filename}</span>
              <button type="submit" className="button button--quiet">
                Close
              </button>
            </form>
          </>
        )}
      </dialog>
    </section>
  );
}
