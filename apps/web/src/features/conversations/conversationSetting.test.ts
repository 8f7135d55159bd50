import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../lib/memoryStorage.ts';
import {
  CONVERSATIONS_KEY,
  conversationsEnabled,
  setConversationsEnabled,
} from './conversationSetting.ts';

describe('conversations setting', () => {
  it('is off until turned on, and remembered', () => {
    const store = memoryStorage();
    expect(conversationsEnabled(store)).toBe(false);
    setConversationsEnabled(true, store);
    expect(store.values.get(CONVERSATIONS_KEY)).toBe('on');
    expect(conversationsEnabled(store)).toBe(true);
    setConversationsEnabled(false, store);
    expect(conversationsEnabled(store)).toBe(false);
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
    expect(conversationsEnabled(refusing)).toBe(false);
    expect(() => setConversationsEnabled(true, refusing)).not.toThrow();
    expect(conversationsEnabled(null)).toBe(false);
  });
});
