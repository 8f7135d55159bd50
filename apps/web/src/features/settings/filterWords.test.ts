import { describe, expect, it } from 'vitest';
import type { FilterRule } from '@tidings/protocol';
import { describeApplied, describeRule, valuePlaceholder } from './filterWords.ts';
import { news } from './filterFixtures.ts';

describe('describeRule', () => {
  const label = (path: string) => path.split('/').join(' / ');

  it('says what a rule looks for and what it does, in the folder list’s words', () => {
    expect(describeRule(news, label)).toBe(
      'From contains “news@shop.example” → move to Newsletters, mark as read',
    );
    expect(
      describeRule(
        { ...news, field: 'to', test: 'is', moveTo: 'Work/2026', markRead: false },
        label,
      ),
    ).toBe('To or Cc is “news@shop.example” → move to Work / 2026');
    expect(describeRule({ ...news, field: 'list', moveTo: null }, label)).toBe(
      'Mailing list contains “news@shop.example” → mark as read',
    );
    expect(describeRule({ ...news, tag: '$label1' }, label)).toBe(
      'From contains “news@shop.example” → move to Newsletters, mark as read, tag Important',
    );
  });
});

describe('describeApplied', () => {
  const label = (path: string) => path.split('/').join(' / ');
  const moved = (count: number) => ({ moved: count, destination: 'Shop/Receipts', undo: 't' });

  it('says what a new rule did to the Inbox', () => {
    const rule = (more: Partial<FilterRule>): FilterRule => ({ ...news, moveTo: null, ...more });
    const result = (matched: number, marked: number, tagged: number) => ({
      matched,
      marked,
      tagged,
      moved: null,
    });
    expect(describeApplied(result(0, 0, 0), news, label)).toBe(
      'No message in the Inbox matches the new rule',
    );
    expect(
      describeApplied({ ...result(3, 1, 0), moved: moved(3) }, rule({ moveTo: 'x' }), label),
    ).toBe('Moved 3 messages from the Inbox to Shop / Receipts');
    expect(describeApplied(result(2, 1, 0), rule({}), label)).toBe(
      'Marked 1 message in the Inbox as read',
    );
    expect(describeApplied(result(1, 0, 0), rule({}), label)).toBe(
      '1 message in the Inbox matches the new rule, read already',
    );
    const work = rule({ markRead: false, tag: '$label2' });
    expect(describeApplied(result(3, 0, 2), work, label)).toBe(
      'Tagged 2 messages in the Inbox as Work',
    );
    expect(describeApplied(result(3, 0, 0), work, label)).toBe(
      '3 messages in the Inbox match the new rule, tagged already',
    );
    const both = rule({ tag: '$label2' });
    expect(describeApplied(result(3, 1, 2), both, label)).toBe(
      'Marked 1 message in the Inbox as read and tagged 2 as Work',
    );
    expect(describeApplied(result(3, 0, 0), both, label)).toBe(
      '3 messages in the Inbox match the new rule, read and tagged already',
    );
  });
});

describe('valuePlaceholder', () => {
  it('asks for one address when "is" compares addresses', () => {
    expect(valuePlaceholder({ field: 'from', test: 'is' })).toBe('name@example.com');
    expect(valuePlaceholder({ field: 'from', test: 'contains' })).toBe('Text to look for');
    expect(valuePlaceholder({ field: 'list', test: 'is' })).toMatch(/List id/);
  });
});
