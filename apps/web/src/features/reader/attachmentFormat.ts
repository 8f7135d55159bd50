import type { AttachmentInfo } from '@tidings/protocol';

/** Shown as a thumbnail: formats every browser decodes as a picture and nothing else. */
const PREVIEWABLE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export function isPreviewable(attachment: AttachmentInfo): boolean {
  return PREVIEWABLE_TYPES.has(attachment.contentType.toLowerCase().split(';')[0]?.trim() ?? '');
}

/** "512 bytes", "14 KB", "3.2 MB". The size is the encoded one, so it is approximate anyway. */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  return `${rounded} ${units[unit]}`;
}

/** A short type label: "PDF", "PNG image", else the MIME type. */
export function typeLabel(contentType: string): string {
  const type = contentType.toLowerCase().split(';')[0]?.trim() ?? '';
  const [major, minor = ''] = type.split('/');
  if (type === 'application/pdf') return 'PDF';
  if (major === 'image')
    return `${minor
      .replace(/^x-/, '')
      .replace(/\+xml$/, '')
      .toUpperCase()} image`;
  if (type === 'message/rfc822') return 'Email message';
  if (type === 'text/calendar') return 'Calendar invitation';
  return type || 'Unknown type';
}

/** Content-IDs compare without their angle brackets. */
export function bareContentId(contentId: string): string {
  return contentId.trim().replace(/^<|>$/g, '');
}

/** The attachments worth listing: not the inline pictures the body already shows. */
export function listedAttachments(
  attachments: readonly AttachmentInfo[],
  shownInline: readonly string[],
): AttachmentInfo[] {
  const shown = new Set(shownInline.map(bareContentId));
  return attachments.filter((a) => !(a.contentId && shown.has(bareContentId(a.contentId))));
}
