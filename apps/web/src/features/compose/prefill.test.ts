import { describe, expect, it } from 'vitest';
import type { MessageDetail, OpenedDraft } from '@tidings/protocol';
import {
  draftFields,
  forwardFields,
  forwardSubject,
  replyFields,
  replySubject,
} from './prefill.ts';
import { splitRecipients } from './recipients.ts';

const original: MessageDetail = {
  mailbox: 'INBOX',
  uidValidity: 1,
  uid: 7,
  subject: 'Engine notes',
  from: [{ name: 'Ada', address: 'ada@example.test' }],
  to: [
    { name: '', address: 'me@example.test' },
    { name: 'Bob', address: 'bob@example.test' },
  ],
  cc: [
    { name: '', address: 'carol@example.test' },
    { name: 'Ada', address: 'ada@example.test' },
  ],
  replyTo: [],
  date: null,
  messageId: '<1@example.test>',
  inReplyTo: null,
  references: [],
  flags: [],
  size: 1,
  body: { kind: 'text', text: 'Line one\n> earlier', flowed: false },
  attachments: [],
  attachedMessages: [],
  unsubscribe: null,
  listId: null,
  invitation: null,
  problem: null,
};

describe('subjects', () => {
  it('prefix once', () => {
    expect(replySubject('Hello')).toBe('Re: Hello');
    expect(replySubject('RE: Hello')).toBe('RE: Hello');
    expect(replySubject('Re[2]: Hello')).toBe('Re[2]: Hello');
    expect(forwardSubject('Hello')).toBe('Fwd: Hello');
    expect(forwardSubject('Fw: Hello')).toBe('Fw: Hello');
  });
});

describe('replyFields', () => {
  it('answers the sender and quotes the text', () => {
    const fields = replyFields(original, false, 'me@example.test', 'Line one\n> earlier');
    expect(fields.to).toBe('Ada <ada@example.test>');
    expect(fields.cc).toBe('');
    expect(fields.subject).toBe('Re: Engine notes');
    expect(fields.text).toBe('\n\nAda <ada@example.test> wrote:\n> Line one\n>> earlier\n');
  });

  it('prefers Reply-To', () => {
    const fields = replyFields(
      { ...original, replyTo: [{ name: '', address: 'list@example.test' }] },
      false,
      'me@example.test',
      '',
    );
    expect(fields.to).toBe('list@example.test');
    expect(fields.text).toBe('');
  });

  it('reply all copies everyone else once, never me', () => {
    const fields = replyFields(original, true, 'ME@example.test', 'x');
    expect(fields.to).toBe('Ada <ada@example.test>');
    expect(fields.cc).toBe('Bob <bob@example.test>, carol@example.test');
  });

  it('answers a message I sent to whom it went, never to me', () => {
    const sent: MessageDetail = {
      ...original,
      from: [{ name: 'Me', address: 'me@example.test' }],
      to: [
        { name: 'Nora', address: 'nora@example.test' },
        { name: 'Me', address: 'ME@example.test' },
        { name: 'Bo', address: 'bo@example.test' },
      ],
      cc: [
        { name: 'Cy', address: 'cy@example.test' },
        { name: 'Nora', address: 'nora@example.test' },
      ],
    };
    const reply = replyFields(sent, false, 'me@example.test', 'x');
    expect(reply.to).toBe('Nora <nora@example.test>, Bo <bo@example.test>');
    expect(reply.cc).toBe('');
    const all = replyFields(sent, true, 'me@example.test', 'x');
    expect(all.to).toBe('Nora <nora@example.test>, Bo <bo@example.test>');
    expect(all.cc).toBe('Cy <cy@example.test>');
    // A note to myself stays one; a Reply-To elsewhere still wins.
    const note = { ...sent, to: [{ name: 'Me', address: 'me@example.test' }], cc: [] };
    expect(replyFields(note, false, 'me@example.test', 'x').to).toBe('Me <me@example.test>');
    const viaList = { ...sent, replyTo: [{ name: '', address: 'list@example.test' }] };
    expect(replyFields(viaList, false, 'me@example.test', 'x').to).toBe('list@example.test');
  });
});

describe('forwardFields and draftFields', () => {
  it('forwards inline under a header block', () => {
    const fields = forwardFields(original, 'Line one');
    expect(fields.to).toBe('');
    expect(fields.subject).toBe('Fwd: Engine notes');
    expect(fields.text).toContain(
      '---------- Forwarded message ----------\nFrom: Ada <ada@example.test>',
    );
    expect(fields.text).toContain(
      'Subject: Engine notes\nTo: me@example.test, Bob <bob@example.test>',
    );
    expect(fields.text.endsWith('\n\nLine one\n')).toBe(true);
  });

  it('reopens a draft with every field as it was saved', () => {
    const replyTo = { mailbox: 'INBOX', uidValidity: 1, uid: 7 };
    const attachment = { id: 'u1', filename: 'a.pdf', contentType: 'application/pdf', size: 3 };
    const opened: OpenedDraft = {
      draft: { mailbox: 'Drafts', uidValidity: 2, uid: 5 },
      fromName: 'Me',
      to: original.to,
      cc: [{ name: 'Lovelace, Ada', address: 'ada@example.test' }],
      bcc: [{ name: '', address: 'eve@example.test' }],
      subject: 'Re: Engine notes',
      text: 'body\n',
      html: '<p>body</p>',
      replyTo,
      forwardOf: null,
      attachments: [attachment],
    };
    expect(draftFields(opened, (html) => `safe:${html}`)).toEqual({
      to: 'me@example.test, Bob <bob@example.test>',
      // Quoted, so that the comma does not split the name into two recipients.
      cc: '"Lovelace, Ada" <ada@example.test>',
      bcc: 'eve@example.test',
      subject: 'Re: Engine notes',
      text: 'body',
      html: 'safe:<p>body</p>',
      fromName: 'Me',
      replyTo,
      forwardOf: null,
      attachments: [attachment],
    });
    expect(splitRecipients(draftFields(opened, (h) => h).cc)).toEqual([
      '"Lovelace, Ada" <ada@example.test>',
    ]);
  });
});
