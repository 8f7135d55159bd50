import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../lib/memoryStorage.ts';
import { isTrustedSender, setTrustedSender, trustedSenders } from './trustedSenders.ts';

describe('trusted senders', () => {
  it('are remembered per account, case-insensitively', () => {
    const storage = memoryStorage();
    setTrustedSender('Me@Example.test', 'News@Shop.test', true, storage);
    expect(isTrustedSender('me@example.test', 'news@shop.test', storage)).toBe(true);
    expect(isTrustedSender('other@example.test', 'news@shop.test', storage)).toBe(false);
    expect([...storage.values.keys()]).toEqual(['tidings:trusted-senders:me@example.test']);
  });

  it('can be forgotten', () => {
    const storage = memoryStorage();
    setTrustedSender('me@example.test', 'a@x.test', true, storage);
    setTrustedSender('me@example.test', 'a@x.test', false, storage);
    expect(trustedSenders('me@example.test', storage)).toEqual([]);
  });

  it('survive a damaged value', () => {
    const storage = memoryStorage();
    storage.setItem('tidings:trusted-senders:me@example.test', '{not json');
    expect(trustedSenders('me@example.test', storage)).toEqual([]);
  });
});
