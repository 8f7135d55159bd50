import { describe, expect, it } from 'vitest';
import {
  findContentId,
  findSection,
  MAX_MIME_DEPTH,
  MimeStructureError,
  planMessage,
  type StructureNode,
} from './body-structure.ts';

// Synthetic trees in imapflow's shape (its parseBodystructure output): the root multipart has
// no part number, and a single-part message inside message/rfc822 repeats its parent's number.

const text = (charset = 'utf-8', extra: Partial<StructureNode> = {}): StructureNode => ({
  type: 'text/plain',
  parameters: { charset },
  encoding: 'quoted-printable',
  size: 100,
  ...extra,
});
const html = (extra: Partial<StructureNode> = {}): StructureNode => ({
  type: 'text/html',
  parameters: { charset: 'utf-8' },
  encoding: 'base64',
  size: 200,
  ...extra,
});
const image = (id: string, extra: Partial<StructureNode> = {}): StructureNode => ({
  type: 'image/png',
  id: `<${id}>`,
  encoding: 'base64',
  size: 300,
  ...extra,
});
const multipart = (subtype: string, ...childNodes: StructureNode[]): StructureNode => ({
  type: `multipart/${subtype}`,
  parameters: { boundary: `b-${subtype}` },
  childNodes,
});
const sectionsOf = (node: StructureNode) =>
  planMessage(node).body?.sections.map((s) => s.section) ?? null;

describe('planMessage: which part is the body', () => {
  it('reads a single-part message as part 1', () => {
    const plan = planMessage(
      text('iso-8859-1', { parameters: { charset: 'iso-8859-1', format: 'Flowed', delsp: 'yes' } }),
    );
    expect(plan.body).toEqual({
      type: 'text/plain',
      sections: [
        {
          section: '1',
          header: 'HEADER',
          type: 'text/plain',
          charset: 'iso-8859-1',
          encoding: 'quoted-printable',
          flowed: true,
          delSp: true,
          size: 100,
        },
      ],
    });
    expect(plan.attachments).toEqual([]);
  });

  it('prefers the HTML alternative, whatever its position', () => {
    expect(sectionsOf(multipart('alternative', text(), html()))).toEqual(['2']);
    expect(sectionsOf(multipart('alternative', html(), text()))).toEqual(['1']);
  });

  it('takes the last plain alternative when there is no HTML', () => {
    expect(sectionsOf(multipart('alternative', text(), { type: 'text/enriched' }, text()))).toEqual(
      ['3'],
    );
  });

  it('finds HTML through mixed → related → alternative, and lists the rest', () => {
    const tree = multipart(
      'mixed',
      multipart('related', multipart('alternative', text(), html()), image('logo@x')),
      {
        type: 'application/pdf',
        disposition: 'attachment',
        dispositionParameters: { filename: 'a.pdf' },
        size: 9,
      },
    );
    const plan = planMessage(tree);
    expect(plan.body?.sections.map((s) => s.section)).toEqual(['1.1.2']);
    expect(plan.attachments).toEqual([
      {
        part: '1.2',
        filename: 'attachment.png',
        contentType: 'image/png',
        size: 300,
        contentId: 'logo@x',
        inline: true,
      },
      { part: '2', filename: 'a.pdf', contentType: 'application/pdf', size: 9, inline: false },
    ]);
  });

  it('uses the related part named by `start` as the root', () => {
    const tree = multipart('related', image('img@x'), html({ id: '<root@x>' }));
    tree.parameters = { boundary: 'b', start: '<root@x>' };
    expect(sectionsOf(tree)).toEqual(['2']);
    expect(planMessage(tree).attachments.map((a) => a.part)).toEqual(['1']);
  });

  it('finds a related root placed second by its `type` when there is no `start`', () => {
    const tree = multipart('related', image('img@x'), html());
    tree.parameters = { boundary: 'b', type: 'text/html' };
    expect(sectionsOf(tree)).toEqual(['2']);
  });

  it('keeps a calendar invitation offered as an alternative', () => {
    const tree = multipart('alternative', text(), html(), {
      type: 'text/calendar',
      parameters: { method: 'REQUEST' },
      size: 50,
    });
    const plan = planMessage(tree);
    expect(plan.body?.sections.map((s) => s.section)).toEqual(['2']);
    expect(plan.attachments).toMatchObject([
      { part: '3', contentType: 'text/calendar', filename: 'attachment.ics' },
    ]);
  });

  it('never shows a text part marked as an attachment or named as a file', () => {
    const tree = multipart(
      'mixed',
      text('utf-8', { disposition: 'attachment' }),
      text('utf-8', { parameters: { charset: 'utf-8', name: 'notes.txt' } }),
    );
    const plan = planMessage(tree);
    expect(plan.body).toBeNull();
    expect(plan.attachments.map((a) => a.filename)).toEqual(['attachment.txt', 'notes.txt']);
  });

  it('joins a footer of the same type to the body and lists one of another type', () => {
    const tree = multipart(
      'mixed',
      text(),
      image('x@y', { disposition: 'attachment' }),
      text(),
      html(),
    );
    const plan = planMessage(tree);
    expect(plan.body?.sections.map((s) => s.section)).toEqual(['1', '3']);
    expect(plan.attachments.map((a) => a.part)).toEqual(['2', '4']);
  });

  it('shows the signed content of multipart/signed and lists the signature', () => {
    const tree = multipart('signed', text(), { type: 'application/pgp-signature', size: 10 });
    expect(sectionsOf(tree)).toEqual(['1']);
    expect(planMessage(tree).attachments).toMatchObject([{ part: '2', filename: 'attachment' }]);
  });

  it('has no body when the message is only an attachment', () => {
    const plan = planMessage({
      type: 'image/png',
      encoding: 'base64',
      size: 5,
      disposition: 'attachment',
      dispositionParameters: { filename: '../../x.png' },
    });
    expect(plan.body).toBeNull();
    expect(plan.attachments).toEqual([
      { part: '1', filename: 'x.png', contentType: 'image/png', size: 5, inline: false },
    ]);
  });
});

describe('planMessage: attached messages', () => {
  const forwarded = (inner: StructureNode): StructureNode => ({
    part: '2',
    type: 'message/rfc822',
    size: 500,
    envelope: {
      subject: 'Inner subject',
      from: [{ name: 'Inner', address: 'inner@example.test' }],
    },
    childNodes: [inner],
  });

  it('reads a single-part forwarded message at section n.1', () => {
    const plan = planMessage(multipart('mixed', text(), forwarded(html({ part: '2' }))));
    expect(plan.body?.sections.map((s) => s.section)).toEqual(['1']);
    expect(plan.attachedMessages).toHaveLength(1);
    expect(plan.attachedMessages[0]).toMatchObject({
      part: '2',
      envelope: { subject: 'Inner subject' },
    });
    expect(plan.attachedMessages[0]!.body?.sections.map((s) => s.section)).toEqual(['2.1']);
    // Where each part's Content-Transfer-Encoding is written: a part's MIME header, or the
    // header of the message whose sole body it is.
    expect(plan.body?.sections.map((s) => s.header)).toEqual(['1.MIME']);
    expect(plan.attachedMessages[0]!.body?.sections.map((s) => s.header)).toEqual(['2.HEADER']);
    expect(plan.attachments).toMatchObject([
      { part: '2', contentType: 'message/rfc822', filename: 'Inner subject.eml' },
    ]);
  });

  it('keeps a message/global the server did not parse, to be read from its bytes', () => {
    const global: StructureNode = {
      part: '2',
      type: 'message/global',
      encoding: 'base64',
      size: 900,
    };
    const plan = planMessage(multipart('mixed', text(), global));
    expect(plan.attachedMessages).toEqual([
      { part: '2', envelope: undefined, body: null, unparsed: { encoding: 'base64', size: 900 } },
    ]);
    expect(plan.attachments).toMatchObject([
      { part: '2', contentType: 'message/global', filename: 'message.eml' },
    ]);
  });

  it('chooses HTML inside a multipart forwarded message and lists its attachments', () => {
    const inner = multipart(
      'mixed',
      multipart('alternative', text(), html()),
      image('a@b', { disposition: 'attachment' }),
    );
    const plan = planMessage(multipart('mixed', text(), forwarded(inner)));
    expect(plan.attachedMessages[0]!.body?.sections.map((s) => s.section)).toEqual(['2.1.2']);
    expect(plan.attachments.map((a) => a.part)).toEqual(['2', '2.2']);
  });

  it('never takes a forwarded message as the body of its parent', () => {
    const plan = planMessage(multipart('mixed', forwarded(text())));
    expect(plan.body).toBeNull();
    expect(plan.attachedMessages[0]!.body?.sections.map((s) => s.section)).toEqual(['1.1']);
  });
});

describe('planMessage: hostile structures', () => {
  it('refuses a tree nested deeper than the limit', () => {
    let node: StructureNode = text();
    for (let i = 0; i <= MAX_MIME_DEPTH + 1; i++) node = multipart('mixed', node);
    expect(() => planMessage(node)).toThrow(MimeStructureError);
  });

  it('refuses a multipart the server could not split for want of a boundary', () => {
    const tree: StructureNode = {
      type: 'multipart/mixed',
      childNodes: [{ type: 'text/plain', size: 0 }],
    };
    expect(() => planMessage(tree)).toThrow(MimeStructureError);
  });

  it('copes with an empty multipart and a part without a type', () => {
    expect(planMessage(multipart('mixed')).body).toBeNull();
    // RFC 2045 §5.2: no (or an unreadable) Content-Type is text/plain.
    expect(sectionsOf(multipart('mixed', { type: '' }, { type: 'application-x-gzip/' }))).toEqual([
      '1',
      '2',
    ]);
  });
});

describe('lookups for downloads', () => {
  const tree = multipart('mixed', multipart('related', html(), image('logo@x')), {
    type: 'message/rfc822',
    childNodes: [text()],
    envelope: {},
    size: 10,
  });

  it('finds leaves by section, never a multipart', () => {
    expect(findSection(tree, '1.2')?.type).toBe('image/png');
    expect(findSection(tree, '2')?.type).toBe('message/rfc822');
    expect(findSection(tree, '2.1')?.type).toBe('text/plain');
    expect(findSection(tree, '1')).toBeUndefined();
    expect(findSection(tree, '3')).toBeUndefined();
  });

  it('finds a part by Content-ID with or without angle brackets', () => {
    expect(findContentId(tree, 'logo@x')?.section).toBe('1.2');
    expect(findContentId(tree, '<logo@x>')?.section).toBe('1.2');
    expect(findContentId(tree, 'other@x')).toBeUndefined();
  });
});
