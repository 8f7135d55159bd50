import { describe, expect, it } from 'vitest';
import { isEmptyQuery, parseSearch } from './searchQuery.ts';

describe('parseSearch', () => {
  it('takes plain words as text', () => {
    expect(parseSearch('  quarterly   report ')).toEqual({
      query: { text: 'quarterly report' },
      problems: [],
    });
  });

  it('reads every operator', () => {
    const { query, problems } = parseSearch(
      'from:ada to:bob@example.test subject:engine body:mill is:unread is:flagged has:attachment after:2026-01-01 before:2026-02-28 notes',
    );
    expect(problems).toEqual([]);
    expect(query).toEqual({
      from: 'ada',
      to: 'bob@example.test',
      subject: 'engine',
      body: 'mill',
      unread: true,
      flagged: true,
      hasAttachment: true,
      since: '2026-01-01',
      before: '2026-02-28',
      text: 'notes',
    });
  });

  it('is case-insensitive in operator names and reads the negations', () => {
    expect(parseSearch('FROM:Ada IS:read is:unflagged').query).toEqual({
      from: 'Ada',
      unread: false,
      flagged: false,
    });
  });

  it('takes quoted values and quoted phrases', () => {
    expect(parseSearch('from:"Ada Lovelace" "analytical engine"').query).toEqual({
      from: 'Ada Lovelace',
      text: 'analytical engine',
    });
  });

  it('keeps words with a colon that are not operators as text', () => {
    expect(parseSearch('meet at 10:30 re: lunch "from:x"').query).toEqual({
      text: 'meet at 10:30 re: lunch from:x',
    });
  });

  it('keeps the last value of a repeated operator', () => {
    expect(parseSearch('from:ada from:bob').query).toEqual({ from: 'bob' });
  });

  it('names what it cannot understand', () => {
    expect(parseSearch('after:2026-02-30').problems).toEqual([
      '“after:2026-02-30” needs a date written as YYYY-MM-DD.',
    ]);
    expect(parseSearch('before:yesterday').problems).toHaveLength(1);
    expect(parseSearch('is:important').problems).toHaveLength(1);
    expect(parseSearch('has:pdf').problems).toHaveLength(1);
    expect(parseSearch('from:').problems).toEqual(['Say what to look for after “from:”.']);
    expect(parseSearch('after:2026-03-01 before:2026-02-01').problems).toHaveLength(1);
    expect(parseSearch(`subject:${'x'.repeat(257)}`).problems).toEqual([
      'The subject is too long.',
    ]);
  });

  it('reads a tag by its name, however it is spelled, or says which tags there are', () => {
    expect(parseSearch('tag:work budget').query).toEqual({ keyword: '$label2', text: 'budget' });
    expect(parseSearch('tag:"To do"').query).toEqual({ keyword: '$label4' });
    expect(parseSearch('TAG:to-do').query).toEqual({ keyword: '$label4' });
    expect(parseSearch('tag:todo').query).toEqual({ keyword: '$label4' });
    expect(parseSearch('tag:$label5').query).toEqual({ keyword: '$label5' });
    expect(parseSearch('tag:urgent').problems).toEqual([
      'There is no tag “urgent”; the tags are Important, Work, Personal, To do, Later.',
    ]);
    expect(parseSearch('tag:').problems).toHaveLength(1);
  });

  it('tells an empty query', () => {
    expect(isEmptyQuery(parseSearch('   ').query)).toBe(true);
    expect(isEmptyQuery(parseSearch('is:unread').query)).toBe(false);
  });
});
