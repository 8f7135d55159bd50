import { describe, expect, it } from 'vitest';
import {
  capReferences,
  headerValue,
  MAX_REFERENCES,
  normalizeMessageId,
  parseMessageIds,
  replyHeaders,
} from './threading.ts';

describe('parseMessageIds', () => {
  it('finds each <id> once, in order, skipping comments and junk', () => {
    expect(parseMessageIds('<a@x> (comment) <b@y>\t<a@x> junk <c@z>')).toEqual([
      '<a@x>',
      '<b@y>',
      '<c@z>',
    ]);
    expect(parseMessageIds(undefined)).toEqual([]);
    expect(parseMessageIds('no ids here')).toEqual([]);
  });
});

describe('normalizeMessageId', () => {
  it('brackets an envelope id and rejects empty ones', () => {
    expect(normalizeMessageId('abc@example.org')).toBe('<abc@example.org>');
    expect(normalizeMessageId(' <abc@example.org> ')).toBe('<abc@example.org>');
    expect(normalizeMessageId('')).toBeNull();
    expect(normalizeMessageId(null)).toBeNull();
  });
});

describe('headerValue', () => {
  it('unfolds a folded header from a raw header block', () => {
    const block = 'References: <a@x>\r\n <b@y>\r\n\t<c@z>\r\nSubject: hi\r\n\r\n';
    expect(parseMessageIds(headerValue(block, 'references'))).toEqual(['<a@x>', '<b@y>', '<c@z>']);
    expect(headerValue(block, 'In-Reply-To')).toBeUndefined();
  });
});

describe('replyHeaders (RFC 5322 §3.6.4)', () => {
  it("appends the original's Message-ID to its References", () => {
    expect(
      replyHeaders({ messageId: '<c@x>', references: ['<a@x>', '<b@x>'], inReplyTo: ['<b@x>'] }),
    ).toEqual({ inReplyTo: '<c@x>', references: ['<a@x>', '<b@x>', '<c@x>'] });
  });

  it('falls back to In-Reply-To when the original has no References', () => {
    expect(replyHeaders({ messageId: '<c@x>', references: [], inReplyTo: ['<b@x>'] })).toEqual({
      inReplyTo: '<c@x>',
      references: ['<b@x>', '<c@x>'],
    });
  });

  it('has nothing to point at when the original has no Message-ID', () => {
    expect(replyHeaders({ messageId: null, references: ['<a@x>'], inReplyTo: [] })).toEqual({
      inReplyTo: null,
      references: ['<a@x>'],
    });
  });

  it('caps a long thread, keeping its root and the newest ids', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `<m${i}@x>`);
    const capped = capReferences(ids);
    expect(capped).toHaveLength(MAX_REFERENCES);
    expect(capped[0]).toBe('<m0@x>');
    expect(capped.at(-1)).toBe('<m49@x>');
    expect(capped[1]).toBe(`<m${50 - (MAX_REFERENCES - 1)}@x>`);
    const reply = replyHeaders({ messageId: '<new@x>', references: ids, inReplyTo: [] });
    expect(reply.references).toHaveLength(MAX_REFERENCES);
    expect(reply.references.at(-1)).toBe('<new@x>');
  });
});
