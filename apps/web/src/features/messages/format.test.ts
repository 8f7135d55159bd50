import { describe, expect, it } from 'vitest';
import { MailboxRole, MAX_ROW_ADDRESSES, type MessageSummary } from '@tidings/protocol';
import {
  formatAddress,
  formatListDate,
  partyAddresses,
  partyLabel,
  rowPartyFor,
  RowParty,
  senderLabel,
  subjectLabel,
} from './format.ts';

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

describe('whom a row names', () => {
  const person = (i: number) => ({ name: `P${i}`, address: `p${i}@x.test` });
  const me = { name: 'Me', address: 'me@x.test' };

  it('names the recipients in Sent and Drafts, the sender everywhere else', () => {
    expect(rowPartyFor(MailboxRole.Sent)).toBe(RowParty.Recipients);
    expect(rowPartyFor(MailboxRole.Drafts)).toBe(RowParty.Recipients);
    for (const role of [MailboxRole.Inbox, MailboxRole.Archive, MailboxRole.Trash, null, undefined])
      expect(rowPartyFor(role)).toBe(RowParty.Sender);
  });

  it('shows "To:" and up to three names, then how many more', () => {
    const sent = (to: ReturnType<typeof person>[]) => message({ from: [me], to });
    expect(partyLabel(sent([person(1)]), RowParty.Recipients)).toBe('To: P1');
    expect(partyLabel(sent([1, 2, 3].map(person)), RowParty.Recipients)).toBe('To: P1, P2, P3');
    expect(partyLabel(sent([1, 2, 3, 4, 5].map(person)), RowParty.Recipients)).toBe(
      'To: P1, P2, P3 +2',
    );
    // A row carries at most MAX_ROW_ADDRESSES: a full list may stand for many more.
    const full = Array.from({ length: MAX_ROW_ADDRESSES }, (_, i) => person(i + 1));
    expect(partyLabel(sent(full), RowParty.Recipients)).toBe('To: P1, P2, P3 and more');
    expect(partyLabel(sent([{ name: '', address: 'bare@x.test' }]), RowParty.Recipients)).toBe(
      'To: bare@x.test',
    );
    expect(partyLabel(sent([]), RowParty.Recipients)).toBe('(no recipients)');
    expect(partyLabel(sent([person(1)]), RowParty.Sender)).toBe('Me');
  });

  it('puts the addresses behind the names in the tooltip', () => {
    const sent = message({ from: [me], to: [person(1), person(2)] });
    expect(partyAddresses(sent, RowParty.Recipients)).toBe('p1@x.test, p2@x.test');
    expect(partyAddresses(sent, RowParty.Sender)).toBe('me@x.test');
    expect(partyAddresses(message({}), RowParty.Recipients)).toBeUndefined();
  });
});
