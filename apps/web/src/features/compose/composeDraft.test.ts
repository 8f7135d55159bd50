import { describe, expect, it } from 'vitest';
import {
  checkForSend,
  draftToSave,
  draftToSend,
  hasErrors,
  type ComposeState,
} from './composeDraft.ts';

const base: ComposeState = {
  fromName: '',
  to: 'Ada <ada@example.test>, bob@example.test',
  cc: '',
  bcc: '',
  subject: 'Hello',
  text: 'Hi',
  html: null,
  replyTo: null,
  forwardOf: null,
  attachments: [],
};
const noUploads = { uploading: 0, failed: 0 };

describe('checkForSend', () => {
  it('passes a good message', () => {
    expect(hasErrors(checkForSend(base, noUploads))).toBe(false);
  });

  it('names each bad recipient in its field', () => {
    const errors = checkForSend({ ...base, to: 'ada@example.test, bob@', cc: 'carol' }, noUploads);
    expect(errors.to).toBe('“bob@” is not an email address.');
    expect(errors.cc).toBe('“carol” is not an email address.');
  });

  it('wants a recipient', () => {
    expect(checkForSend({ ...base, to: ' , ' }, noUploads).to).toBe('Add at least one recipient.');
    expect(
      checkForSend({ ...base, to: '', bcc: 'eve@example.test' }, noUploads).to,
    ).toBeUndefined();
  });

  it('refuses a line break in the subject (header injection)', () => {
    expect(
      checkForSend({ ...base, subject: 'Hi\r\nBcc: eve@example.test' }, noUploads).subject,
    ).toBe('The subject cannot contain line breaks.');
  });

  it('waits for uploads, and refuses failed ones', () => {
    expect(checkForSend(base, { uploading: 1, failed: 0 }).attachments).toMatch(/^Wait/);
    expect(checkForSend(base, { uploading: 0, failed: 1 }).attachments).toMatch(/^Remove/);
  });
});

describe('drafts', () => {
  it('sends what was typed, with threading and uploads', () => {
    const ref = { mailbox: 'INBOX', uidValidity: 3, uid: 9 };
    expect(
      draftToSend({
        ...base,
        html: '<b>Hi</b>',
        replyTo: ref,
        attachments: ['u1'],
        cc: 'c@example.test',
      }),
    ).toEqual({
      to: ['Ada <ada@example.test>', 'bob@example.test'],
      cc: ['c@example.test'],
      subject: 'Hello',
      text: 'Hi',
      html: '<b>Hi</b>',
      replyTo: ref,
      attachments: ['u1'],
    });
  });

  it('stores what the protocol can carry', () => {
    expect(draftToSave({ ...base, to: 'ab, ada@example.test', subject: 'a\r\nb' })).toEqual({
      to: ['ada@example.test'],
      subject: 'a b',
      text: 'Hi',
    });
  });
});
