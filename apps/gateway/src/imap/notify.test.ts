import { describe, expect, it } from 'vitest';
import { decodeModifiedUtf7 } from './mailbox-name.ts';
import { parseStatusResponse } from './notify.ts';

describe('decodeModifiedUtf7', () => {
  it('decodes RFC 3501 §5.1.3 names', () => {
    expect(decodeModifiedUtf7('INBOX')).toBe('INBOX');
    expect(decodeModifiedUtf7('Entw&APw-rfe')).toBe('Entwürfe');
    expect(decodeModifiedUtf7('&ZeVnLIqe-')).toBe('日本語');
    expect(decodeModifiedUtf7('Tom &- Jerry')).toBe('Tom & Jerry');
  });
});

describe('parseStatusResponse', () => {
  it('reads counts from a NOTIFY STATUS', () => {
    const attributes = [
      { type: 'ATOM', value: 'Sent' },
      [
        { type: 'ATOM', value: 'MESSAGES' },
        { type: 'ATOM', value: '4' },
        { type: 'ATOM', value: 'UIDNEXT' },
        { type: 'ATOM', value: '9' },
        { type: 'ATOM', value: 'UIDVALIDITY' },
        { type: 'ATOM', value: '17' },
        { type: 'ATOM', value: 'UNSEEN' },
        { type: 'ATOM', value: '1' },
      ],
    ];
    expect(parseStatusResponse(attributes)).toEqual({
      path: 'Sent',
      messages: 4,
      unseen: 1,
      uidValidity: 17,
    });
  });

  it('rejects malformed responses', () => {
    expect(parseStatusResponse([])).toBeNull();
    expect(parseStatusResponse([{ type: 'ATOM', value: 'X' }, 'junk'])).toBeNull();
  });
});
