import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../lib/memoryStorage.ts';
import { NEWEST_FIRST } from '@tidings/protocol';
import { SORT_KEY, loadSortOrder, saveSortOrder } from './sortSetting.ts';

describe('sort setting', () => {
  it('is newest first until chosen, and remembered', () => {
    const store = memoryStorage();
    expect(loadSortOrder(store)).toEqual(NEWEST_FIRST);
    saveSortOrder({ by: 'from', reverse: false }, store);
    expect(JSON.parse(store.values.get(SORT_KEY)!)).toEqual({ by: 'from', reverse: false });
    expect(loadSortOrder(store)).toEqual({ by: 'from', reverse: false });
    saveSortOrder({ by: 'size', reverse: true }, store);
    expect(loadSortOrder(store)).toEqual({ by: 'size', reverse: true });
  });

  it.each([
    ['not JSON', '{by:'],
    ['null', 'null'],
    ['a string', '"from"'],
    ['an unknown key', '{"by":"colour","reverse":false}'],
    ['a reverse that is not a boolean', '{"by":"from","reverse":"yes"}'],
    ['an order the menu does not offer', '{"by":"date","reverse":false}'],
  ])('falls back to newest first for %s', (_, stored) => {
    const store = memoryStorage();
    store.values.set(SORT_KEY, stored);
    expect(loadSortOrder(store)).toEqual(NEWEST_FIRST);
  });

  it('survives storage that refuses', () => {
    const refusing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(loadSortOrder(refusing)).toEqual(NEWEST_FIRST);
    expect(() => saveSortOrder({ by: 'from', reverse: false }, refusing)).not.toThrow();
    expect(loadSortOrder(null)).toEqual(NEWEST_FIRST);
  });
});
