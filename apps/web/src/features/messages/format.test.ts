import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '@tidings/protocol';
import { formatAddress, formatListDate, senderLabel, subjectLabel } from './format.ts';

// Local-time constructors, so the test holds in any time zone.
const now = new Date(2025, 2, 10, 15, 30);

describe('formatListDate', () => {
  it('shows the time for a message from today', () => {
    const text = formatListDate(new Date(2025, 2, 10, 9, 5).toISOString(), now, 'en-US');
    expect(text).toBe('9:05 AM');
  });

  it('shows month and day for a message from this year', () => {
    expect(formatListDate(new Date(2025, 2, 4, 23, 0).toISOString(), now, 'en-US')).toBe('Mar 4');
  });

  it('shows the ISO day for an older message', () => {
    expect(formatListDate(new Date(2024, 2, 4, 12, 0).toISOString(), now, 'en-US')).toBe(
      '2024-03-04',
    );
  });

  it('shows nothing for an unparsable date', () => {
    expect(formatListDate('not a date', now)).toBe('');
  });
});

function message(partial: Partial<MessageSummary>): MessageSummary {
  return { uid: 1, from: [], to: [], subject: '', date: '', flags: [], size: 0, ...partial };
}

describe('labels', () => {
  it('prefers the sender name and falls back to the address', () => {
    expect(senderLabel(message({ from: [{ name: 'Ada', address: 'ada@x.test' }] }))).toBe('Ada');
    expect(senderLabel(message({ from: [{ name: ' ', address: 'ada@x.test' }] }))).toBe(
      'ada@x.test',
    );
    expect(senderLabel(message({}))).toBe('(no sender)');
  });

  it('names a message without subject', () => {
    expect(subjectLabel(message({ subject: '  ' }))).toBe('(no subject)');
    expect(subjectLabel(message({ subject: 'Hi' }))).toBe('Hi');
  });

  it('formats an address with and without a name', () => {
    expect(formatAddress({ name: 'Ada', address: 'ada@x.test' })).toBe('Ada <ada@x.test>');
    expect(formatAddress({ name: '', address: 'ada@x.test' })).toBe('ada@x.test');
  });
});
