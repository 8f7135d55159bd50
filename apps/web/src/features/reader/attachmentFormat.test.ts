import type { AttachmentInfo } from '@tidings/protocol';
import { describe, expect, it } from 'vitest';
import {
  badgeLabel,
  formatSize,
  isPreviewable,
  listedAttachments,
  typeLabel,
} from './attachmentFormat.ts';

const attachment = (over: Partial<AttachmentInfo>): AttachmentInfo => ({
  part: '2',
  filename: 'a.bin',
  contentType: 'application/octet-stream',
  size: 10,
  inline: false,
  ...over,
});

describe('attachments', () => {
  it('formats sizes', () => {
    expect(formatSize(1)).toBe('1 byte');
    expect(formatSize(512)).toBe('512 bytes');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(14 * 1024)).toBe('14 KB');
    expect(formatSize(3.24 * 1024 * 1024)).toBe('3.2 MB');
  });

  it('previews only formats that are pictures and nothing else', () => {
    expect(isPreviewable(attachment({ contentType: 'image/PNG' }))).toBe(true);
    expect(isPreviewable(attachment({ contentType: 'image/jpeg; name=x.jpg' }))).toBe(true);
    expect(isPreviewable(attachment({ contentType: 'image/svg+xml' }))).toBe(false);
    expect(isPreviewable(attachment({ contentType: 'text/html' }))).toBe(false);
  });

  it('labels types', () => {
    expect(typeLabel('application/pdf')).toBe('PDF');
    expect(typeLabel('image/png')).toBe('PNG image');
    expect(typeLabel('message/rfc822')).toBe('Email message');
    expect(typeLabel('Text/Calendar; method=REQUEST')).toBe('Calendar invitation');
    expect(typeLabel('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe(
      'Excel spreadsheet',
    );
    expect(typeLabel('audio/mpeg')).toBe('MPEG audio');
    expect(typeLabel('application/x-7z-compressed')).toBe('application/x-7z-compressed');
    expect(typeLabel('')).toBe('Unknown type');
  });

  it('badges a file by its extension, else by its type, in at most four characters', () => {
    const badge = (filename: string, contentType = 'application/octet-stream') =>
      badgeLabel({ filename, contentType });
    expect(badge('invite.ics', 'text/calendar')).toBe('ICS');
    expect(badge('Report Q3.docx')).toBe('DOCX');
    expect(badge('archive.tar.gz')).toBe('GZ');
    expect(badge('invite', 'text/calendar; method=REQUEST')).toBe('ICS');
    expect(badge('forwarded', 'message/rfc822')).toBe('EML');
    expect(badge('scan', 'image/x-png')).toBe('PNG');
    expect(badge('notes.markdown', 'text/markdown')).toBe('FILE');
    expect(badge('README', 'application/vnd.ms-excel')).toBe('FILE');
    expect(badge('x.<b>', 'image/svg+xml')).toBe('SVG');
  });

  it('leaves out the inline pictures the body shows', () => {
    const logo = attachment({ part: '1.2', contentId: '<logo@x>', inline: true });
    const unused = attachment({ part: '1.3', contentId: '<other@x>', inline: true });
    const pdf = attachment({ part: '2' });
    expect(listedAttachments([logo, unused, pdf], ['logo@x'])).toEqual([unused, pdf]);
  });
});
