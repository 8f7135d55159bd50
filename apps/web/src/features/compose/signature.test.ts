// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { MessageDetail } from '@tidings/protocol';
import { editorSafeHtml } from './editorHtml.ts';
import { htmlToText } from './htmlText.ts';
import { replyFields } from './prefill.ts';
import { richWithSignature, signatureBlock, withSignature } from './signature.ts';

const signature = 'Ada Lovelace\r\nAnalytical Engines Ltd\n\n';

describe('the plain signature', () => {
  it('goes under the sig dash, below where a new message is written', () => {
    expect(signatureBlock(signature)).toBe('-- \nAda Lovelace\nAnalytical Engines Ltd');
    expect(withSignature('', signature, 'new')).toBe(
      '\n\n-- \nAda Lovelace\nAnalytical Engines Ltd',
    );
  });

  it('goes above the quoted text in a reply, and above the forwarded message', () => {
    const quoted = '\n\nBob wrote:\n> Lunch?\n';
    const text = withSignature(quoted, signature, 'reply');
    expect(text).toBe('\n\n-- \nAda Lovelace\nAnalytical Engines Ltd\n\nBob wrote:\n> Lunch?\n');
    expect(text.indexOf('-- \n')).toBeLessThan(text.indexOf('> Lunch?'));
    const forward = '\n\n---------- Forwarded message ----------\nSubject: x\n\nbody\n';
    expect(withSignature(forward, signature, 'forward')).toMatch(
      /^\n\n-- \nAda Lovelace\nAnalytical Engines Ltd\n\n---------- Forwarded message/,
    );
    // A reply to an empty message has nothing to quote.
    expect(withSignature('', signature, 'replyAll')).toBe(
      '\n\n-- \nAda Lovelace\nAnalytical Engines Ltd',
    );
  });

  it('fits the body a reply really starts with', () => {
    const original: MessageDetail = {
      mailbox: 'INBOX',
      uidValidity: 1,
      uid: 7,
      subject: 'Lunch?',
      from: [{ name: 'Bob', address: 'bob@example.test' }],
      to: [{ name: '', address: 'ada@example.test' }],
      cc: [],
      replyTo: [],
      date: null,
      messageId: '<1@example.test>',
      inReplyTo: null,
      references: [],
      flags: [],
      size: 1,
      body: { kind: 'text', text: 'Lunch?', flowed: false },
      attachments: [],
      attachedMessages: [],
      unsubscribe: null,
      listId: null,
      invitation: null,
      problem: null,
    };
    const fields = replyFields(original, false, 'ada@example.test', 'Lunch?');
    expect(withSignature(fields.text, 'Ada', 'reply')).toBe(
      '\n\n-- \nAda\n\nBob <bob@example.test> wrote:\n> Lunch?\n',
    );
  });

  it('is left out of a reopened draft (it has its own) and when there is none', () => {
    expect(withSignature('Hi\n\n-- \nAda', signature, 'draft')).toBe('Hi\n\n-- \nAda');
    expect(withSignature('\n\nBob wrote:\n> x\n', '  \n', 'reply')).toBe('\n\nBob wrote:\n> x\n');
  });
});

describe('the rich-text signature', () => {
  const identity = {
    signature: 'Ada Lovelace',
    signatureHtml:
      '<b>Ada</b> Lovelace<img src="https://tracker.example/x.png"><script>x()</script>',
  };

  it('replaces the plain one when the composer switches to rich text, made safe', () => {
    const text = withSignature('\n\nBob wrote:\n> Lunch?\n', identity.signature, 'reply');
    const html = richWithSignature(text, identity, editorSafeHtml);
    expect(html).toContain('<div>-- </div><div><b>Ada</b> Lovelace</div>');
    expect(html).not.toMatch(/img|script/);
    // Above the quote, as in plain text; the text alternative keeps the sig dash.
    expect(html.indexOf('Lovelace')).toBeLessThan(html.indexOf('Bob wrote:'));
    expect(htmlToText(html)).toBe('-- \nAda Lovelace\n\nBob wrote:\n> Lunch?');
    // A new message: two empty lines to write in, then the signature.
    expect(
      richWithSignature(withSignature('', identity.signature, 'new'), identity, editorSafeHtml),
    ).toBe('<div><br></div><div><br></div><div>-- </div><div><b>Ada</b> Lovelace</div>');
  });

  it('falls back to the plain text when there is no HTML form or the user edited it', () => {
    const text = withSignature('', identity.signature, 'new');
    expect(richWithSignature(text, { ...identity, signatureHtml: '' }, editorSafeHtml)).toBe(
      '<div><br></div><div><br></div><div>-- </div><div>Ada Lovelace</div>',
    );
    expect(richWithSignature('Hi\n-- \nAda L.', identity, editorSafeHtml)).not.toContain('<b>');
  });
});
