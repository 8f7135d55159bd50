import { describe, expect, it } from 'vitest';
import { TAGS, type MessageSummary } from '@tidings/protocol';
import { parseSearch } from '../search/searchQuery.ts';
import { tagAfterChoosing, tagClass, tagCoverage, tagNamed, tagSearchText } from './tagState.ts';

const row = (uid: number, flags: string[]): MessageSummary => ({
  uid,
  from: [],
  to: [],
  subject: `Message ${uid}`,
  date: '2026-12-01T10:00:00.000Z',
  flags,
  size: 100,
});

describe('tagCoverage and tagAfterChoosing', () => {
  const work = '$label2';
  it('ticks a tag all carry, half-ticks one some carry, and leaves the rest', () => {
    const both = [row(1, ['\\Seen', work]), row(2, ['$LABEL2'])];
    const one = [row(1, [work]), row(2, [])];
    const none = [row(1, ['$label1']), row(2, [])];
    expect(tagCoverage(both, work)).toBe(true);
    expect(tagCoverage(one, work)).toBe('mixed');
    expect(tagCoverage(none, work)).toBe(false);
    expect(tagCoverage([], work)).toBe(false);
    // Choosing it takes it off only where every message has it; else it goes on all.
    expect(tagAfterChoosing(both, work)).toBe(false);
    expect(tagAfterChoosing(one, work)).toBe(true);
    expect(tagAfterChoosing(none, work)).toBe(true);
  });

  it('with messages acted on past the loaded rows, a tag all loaded carry is only on some', () => {
    const both = [row(1, [work]), row(2, [work])];
    expect(tagCoverage(both, work, 10)).toBe('mixed');
    expect(tagCoverage([row(1, [])], work, 10)).toBe(false);
    // So choosing it puts it on all of them, rather than taking it off thousands unseen.
    expect(tagAfterChoosing(both, work, 10)).toBe(true);
  });
});

describe('tagNamed', () => {
  it('finds a tag by name or keyword, ignoring case, spaces, dashes and underscores', () => {
    expect(tagNamed('Important')?.keyword).toBe('$label1');
    expect(tagNamed('PERSONAL')?.keyword).toBe('$label3');
    expect(tagNamed('to_do')?.keyword).toBe('$label4');
    expect(tagNamed(' later ')?.keyword).toBe('$label5');
    expect(tagNamed('$LABEL2')?.name).toBe('Work');
    expect(tagNamed('')).toBeNull();
    expect(tagNamed('work stuff')).toBeNull();
    expect(tagNamed('$label6')).toBeNull();
  });
});

describe('tagClass', () => {
  it('names one class per tag, as styles/tags.css colours them', () => {
    expect(TAGS.map(tagClass)).toEqual([
      'tag--label1',
      'tag--label2',
      'tag--label3',
      'tag--label4',
      'tag--label5',
    ]);
  });
});

describe('tagSearchText', () => {
  it('is what the search box reads back as that tag alone', () => {
    expect(tagSearchText(TAGS[1])).toBe('tag:work');
    expect(tagSearchText(TAGS[3])).toBe('tag:"to do"');
    for (const tag of TAGS) {
      expect(parseSearch(tagSearchText(tag))).toEqual({
        query: { keyword: tag.keyword },
        problems: [],
      });
    }
  });
});
