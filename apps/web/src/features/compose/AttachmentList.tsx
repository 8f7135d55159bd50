import { formatSize } from '../reader/attachmentFormat.ts';

export interface PendingAttachment {
  key: number;
  name: string;
  size: number;
  status: 'uploading' | 'ready' | 'failed';
  /** 0..1 while uploading. */
  progress: number;
  /** The upload id once stored on the gateway. */
  id: string | null;
  error: string | null;
  abort: (() => void) | null;
}

interface AttachmentListProps {
  attachments: readonly PendingAttachment[];
  onRemove: (key: number) => void;
}

export function AttachmentList({ attachments, onRemove }: AttachmentListProps) {
  if (attachments.length === 0) return null;
  return (
    <ul className="composer__attachments" aria-label="Attachments">
      {attachments.map((attachment) => (
        <li
          key={attachment.key}
          className={`composer__attachment composer__attachment--${attachment.status}`}
        >
          <span className="composer__attachment-name">{attachment.name}</span>
          <span className="composer__attachment-size">{formatSize(attachment.size)}</span>
          {attachment.status === 'uploading' && (
            <progress
              max={1}
              value={attachment.progress}
              aria-label={`Uploading ${attachment.name}`}
            />
          )}
          {attachment.status === 'ready' && <span className="visually-hidden">uploaded</span>}
          {attachment.error && (
            <span className="composer__attachment-error" role="alert">
              {attachment.error}
            </span>
          )}
          <button
            type="button"
            className="composer__remove"
            aria-label={`Remove ${attachment.name}`}
            onClick={() => onRemove(attachment.key)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
