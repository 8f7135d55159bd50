import { describe, expect, it } from 'vitest';
import { formatDraftOrigin, parseDraftOrigin, type DraftOrigin } from './draft-origin.ts';

describe('a draft origin', () => {
  it('round-trips replies and forwards, whatever the folder is called', () => {
    const origins: DraftOrigin[] = [
      { kind: 'reply', ref: { mailbox: 'INBOX', uidValidity: 17, uid: 4 } },
      {
        kind: 'forward',
        ref: { mailbox: 'Projekte/Übersicht; 2024=x', uidValidity: 0xffff_ffff, uid: 1 },
        asAttachment: true,
      },
      { kind: 'forward', ref: { mailbox: 'Work', uidValidity: 3, uid: 9 }, asAttachment: false },
    ];
    for (const origin of origins) {
      const value = formatDraftOrigin(origin);
      expect(value).toMatch(/^[\x20-\x7e]+$/);
      expect(parseDraftOrigin(value)).toEqual(origin);
    }
    expect(formatDraftOrigin(origins[0]!)).toBe('reply; mailbox=INBOX; uidvalidity=17; uid=4');
  });

  it('ignores what another client may have put there', () => {
    for (const value of [
      undefined,
      '',
      'reply',
      'answer; mailbox=INBOX; uidvalidity=1; uid=1',
      'reply; mailbox=INBOX; uidvalidity=1; uid=0',
      'reply; mailbox=INBOX; uidvalidity=-1; uid=2',
      'reply; mailbox=; uidvalidity=1; uid=2',
      'reply; mailbox=%E0%A4%A; uidvalidity=1; uid=2',
      'reply; mailbox=INBOX; uidvalidity=99999999999; uid=2',
      'reply; mailbox=INBOX; uidvalidity=1e3; uid=2',
    ]) {
      expect(parseDraftOrigin(value)).toBeNull();
    }
  });
});
