import { describe, expect, it } from 'vitest';
import {
  CONVERSATIONS_KEY,
  conversationsEnabled,
  setConversationsEnabled,
} from './conversationSetting.ts';

function memory(): Pick<Storage, 'getItem' | 'setItem'> & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
  };
}

describe('conversations setting', () => {
  it('is off until turned on, and remembered', () => {
    const store = memory();
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
