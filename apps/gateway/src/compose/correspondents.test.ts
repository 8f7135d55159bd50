import { describe, expect, it } from 'vitest';
import {
  CorrespondentIndex,
  isPersonalAddress,
  RECEIVED_WEIGHT,
  SENT_WEIGHT,
  type Sighting,
} from './correspondents.ts';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const DAY = 24 * 3_600_000;

function indexOf(sightings: Partial<Sighting>[], own: string[] = ['me@example.org']) {
  const index = new CorrespondentIndex(own, () => NOW);
  for (const sighting of sightings) {
    index.add({ name: '', address: '', date: NOW, weight: SENT_WEIGHT, ...sighting });
  }
  return index;
}

const addresses = (index: CorrespondentIndex, query: string, limit = 10) =>
  index.suggest(query, limit).map((c) => c.address);

describe('CorrespondentIndex', () => {
  it('finds people by the start of their name, address or any word of either', () => {
    const index = indexOf([
      { name: 'Ada Lovelace', address: 'ada@example.org' },
      { name: 'Charles Babbage', address: 'cbabbage@engine.example' },
      { name: '', address: 'mary.somerville@example.org' },
    ]);
    expect(addresses(index, 'ada')).toEqual(['ada@example.org']);
    expect(addresses(index, 'love')).toEqual(['ada@example.org']);
    expect(addresses(index, 'babb')).toEqual(['cbabbage@engine.example']);
    expect(addresses(index, 'engine')).toEqual(['cbabbage@engine.example']);
    expect(addresses(index, 'somer')).toEqual(['mary.somerville@example.org']);
    expect(addresses(index, 'ada lo')).toEqual(['ada@example.org']);
    expect(addresses(index, 'ada ba')).toEqual([]);
    expect(addresses(index, 'ovelace')).toEqual([]);
    expect(addresses(index, 'example.org')).toEqual([
      'ada@example.org',
      'mary.somerville@example.org',
    ]);
  });

  it('ignores case and accents, and what is typed around an address', () => {
    const index = indexOf([{ name: 'Zoë Ångström', address: 'Zoe@Example.org' }]);
    expect(addresses(index, 'ZOE')).toEqual(['Zoe@Example.org']);
    expect(addresses(index, 'angst')).toEqual(['Zoe@Example.org']);
    expect(addresses(index, '"zoë')).toEqual(['Zoe@Example.org']);
    expect(addresses(index, '<zoe@ex')).toEqual(['Zoe@Example.org']);
  });

  it('puts a match at the start before a match of a later word, then ranks by score', () => {
    const index = indexOf([
      { name: 'Grace Hopper', address: 'grace@navy.example' },
      { name: 'Ann Grace', address: 'ann@example.org', weight: RECEIVED_WEIGHT },
      { name: 'Ann Grace', address: 'ann@example.org' },
      { name: 'Ann Grace', address: 'ann@example.org' },
    ]);
    // Ann scores more, but Grace's name starts with what was typed.
    expect(addresses(index, 'grace')).toEqual(['grace@navy.example', 'ann@example.org']);
    expect(addresses(index, 'a')).toEqual(['ann@example.org']);
  });

  it('ranks whom the user wrote to above who wrote, and recent mail above old', () => {
    const index = indexOf([
      { address: 'sender@example.org', weight: RECEIVED_WEIGHT },
      { address: 'sender@example.org', weight: RECEIVED_WEIGHT },
      { address: 'written@example.org', weight: SENT_WEIGHT },
      { address: 'seldom@example.org', weight: SENT_WEIGHT, date: NOW - 400 * DAY },
      { address: 'seldom@example.org', weight: SENT_WEIGHT, date: NOW - 400 * DAY },
    ]);
    expect(addresses(index, 'example')).toEqual([
      'written@example.org',
      'sender@example.org',
      'seldom@example.org',
    ]);
  });

  it('counts a message dated in the future as now', () => {
    const index = indexOf([
      { address: 'future@example.org', weight: RECEIVED_WEIGHT, date: NOW + 3_650 * DAY },
      { address: 'present@example.org', weight: SENT_WEIGHT },
    ]);
    expect(addresses(index, 'example')).toEqual(['present@example.org', 'future@example.org']);
  });

  it('keeps the newest name an address came with, and no name that is the address again', () => {
    const index = indexOf([
      { name: 'Ada L.', address: 'ada@example.org', date: NOW - 2 * DAY },
      { name: 'Ada Lovelace', address: 'ADA@example.org', date: NOW - DAY },
      { name: '', address: 'ada@example.org', date: NOW },
      { name: 'Ada', address: 'ada@example.org', date: NOW - 3 * DAY },
      { name: 'bob@example.org', address: 'bob@example.org' },
      { name: 'Line\r\nBreak', address: 'lb@example.org' },
    ]);
    expect(index.size).toBe(3);
    expect(index.suggest('ada', 5)).toEqual([{ name: 'Ada Lovelace', address: 'ada@example.org' }]);
    expect(index.suggest('bob', 5)).toEqual([{ name: '', address: 'bob@example.org' }]);
    expect(index.suggest('line', 5)).toEqual([{ name: 'Line  Break', address: 'lb@example.org' }]);
  });

  it('never suggests the user, robots or what is not an address', () => {
    const index = indexOf([
      { address: 'me@example.org' },
      { address: 'ME@EXAMPLE.ORG' },
      { address: 'noreply@example.org' },
      { address: 'no-reply+x@example.org' },
      { address: 'MAILER-DAEMON@example.org' },
      { address: 'undisclosed-recipients' },
      { name: 'Friend', address: '' },
      { address: 'friend@example.org' },
    ]);
    expect(addresses(index, 'e')).toEqual(['friend@example.org']);
    expect(index.size).toBe(1);
  });

  it('answers at most the limit, nothing for blank input, and keeps only the best when pruned', () => {
    const index = indexOf(
      Array.from({ length: 30 }, (_, i) => ({
        address: `person${String(i).padStart(2, '0')}@example.org`,
        date: NOW - i * DAY,
      })),
    );
    expect(addresses(index, 'person', 3)).toEqual([
      'person00@example.org',
      'person01@example.org',
      'person02@example.org',
    ]);
    expect(index.suggest('   ', 5)).toEqual([]);
    expect(index.suggest('@', 5)).toEqual([]);
    index.prune(5);
    expect(index.size).toBe(5);
    expect(addresses(index, 'person')).toEqual([
      'person00@example.org',
      'person01@example.org',
      'person02@example.org',
      'person03@example.org',
      'person04@example.org',
    ]);
  });
});

describe('isPersonalAddress', () => {
  it.each([
    ['ada@example.org', true],
    ['notifications-team@example.org', true],
    ['bounce.handler@example.org', true],
    ['donotreply@example.org', false],
    ['do-not-reply@example.org', false],
    ['bounces+123@lists.example', false],
    ['notification@service.example', false],
    ['postmaster@example.org', false],
    ['@example.org', false],
    ['ada@', false],
    ['a da@example.org', false],
  ])('%s: %s', (address, personal) => {
    expect(isPersonalAddress(address)).toBe(personal);
  });
});
