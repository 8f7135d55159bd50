import { describe, expect, it } from 'vitest';
import { listDisagreements } from './folder-list-lag.ts';

const entries = ['INBOX', 'Work', 'Work/2026'].map((path) => ({
  path,
  delimiter: '/',
  flags: new Set<string>(),
}));

describe('listDisagreements', () => {
  it('names folders that should be listed and are not, and gone ones still listed', () => {
    expect(
      listDisagreements(entries, { listed: ['Work/2026', 'Clients'], unlisted: ['Work', 'Old'] }),
    ).toEqual(['Clients', 'Work']);
  });

  it('agrees when LIST shows what was expected, INBOX in any case', () => {
    expect(listDisagreements(entries, { listed: ['inbox', 'Work'], unlisted: ['Old'] })).toEqual(
      [],
    );
    expect(listDisagreements(entries, {})).toEqual([]);
  });
});
