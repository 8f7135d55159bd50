import type { AttachmentInfo } from '@tidings/protocol';

/** Shown as a thumbnail: formats every browser decodes as a picture and nothing else. */
const PREVIEWABLE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export function isPreviewable(attachment: AttachmentInfo): boolean {
  return PREVIEWABLE_TYPES.has(bareType(attachment.contentType));
}

/** "Text/Calendar; method=REQUEST" → "text/calendar". */
function bareType(contentType: string): string {
  return contentType.toLowerCase().split(';')[0]?.trim() ?? '';
}

/** "image/x-png" → ["image", "png"], "image/svg+xml" → ["image", "svg"]. */
function kindOf(type: string): [major: string, subtype: string] {
  const [major = '', minor = ''] = type.split('/');
  return [major, minor.replace(/^x-/, '').replace(/\+xml$/, '')];
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

const OPENXML = 'application/vnd.openxmlformats-officedocument';
/**
 * Names people know for the types mail most often carries, and a badge for the file's icon
 * where such files often come without a telling extension.
 */
const KNOWN_TYPES: Readonly<Record<string, { name: string; badge?: string }>> = {
  'application/pdf': { name: 'PDF', badge: 'PDF' },
  'message/rfc822': { name: 'Email message', badge: 'EML' },
  'message/global': { name: 'Email message', badge: 'EML' },
  'text/calendar': { name: 'Calendar invitation', badge: 'ICS' },
  'text/plain': { name: 'Text', badge: 'TXT' },
  'text/csv': { name: 'CSV table' },
  'text/html': { name: 'Web page', badge: 'HTML' },
  'application/zip': { name: 'ZIP archive', badge: 'ZIP' },
  'application/x-zip-compressed': { name: 'ZIP archive' },
  'application/msword': { name: 'Word document' },
  [`${OPENXML}.wordprocessingml.document`]: { name: 'Word document' },
  'application/vnd.ms-excel': { name: 'Excel spreadsheet' },
  [`${OPENXML}.spreadsheetml.sheet`]: { name: 'Excel spreadsheet' },
  'application/vnd.ms-powerpoint': { name: 'PowerPoint presentation' },
  [`${OPENXML}.presentationml.presentation`]: { name: 'PowerPoint presentation' },
  'application/vnd.oasis.opendocument.text': { name: 'OpenDocument text' },
  'application/vnd.oasis.opendocument.spreadsheet': { name: 'OpenDocument spreadsheet' },
};

/** A short type label: "PDF", "PNG image", "Word document", else the MIME type. */
export function typeLabel(contentType: string): string {
  const type = bareType(contentType);
  const known = KNOWN_TYPES[type];
  if (known) return known.name;
  const [major, subtype] = kindOf(type);
  if (major === 'image' || major === 'audio' || major === 'video') {
    return `${subtype.toUpperCase()} ${major}`;
  }
  return type || 'Unknown type';
}

/**
 * At most four characters for a file's icon: its extension ("DOCX", "ICS"), else one for its
 * type, else "FILE". The name comes from the sender, so only letters and digits make it.
 */
export function badgeLabel(attachment: Pick<AttachmentInfo, 'filename' | 'contentType'>): string {
  const extension = /\.([A-Za-z0-9]{1,4})$/.exec(attachment.filename.trim())?.[1];
  if (extension) return extension.toUpperCase();
  const type = bareType(attachment.contentType);
  const known = KNOWN_TYPES[type]?.badge;
  if (known) return known;
  const [major, subtype] = kindOf(type);
  if (major === 'image' && /^[a-z0-9]{1,4}$/.test(subtype)) return subtype.toUpperCase();
  return 'FILE';
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
