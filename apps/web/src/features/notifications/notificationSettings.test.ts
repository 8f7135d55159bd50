import { describe, expect, it } from 'vitest';
import {
  arrivalText,
  notificationsEnabled,
  setNotificationsEnabled,
} from './notificationSettings.ts';

function memoryStore() {
  const values = new Map<string, string>();
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
  };
}

describe('notification settings', () => {
  it('are on until turned off', () => {
    const store = memoryStore();
    expect(notificationsEnabled(store)).toBe(true);
    setNotificationsEnabled(false, store);
    expect(notificationsEnabled(store)).toBe(false);
    setNotificationsEnabled(true, store);
    expect(notificationsEnabled(store)).toBe(true);
  });

  it('say who wrote, or how many arrived', () => {
    expect(arrivalText(1, { from: 'Ada', subject: 'Engine' })).toEqual({
      title: 'Ada',
      body: 'Engine',
    });
    expect(arrivalText(3, { from: 'Ada', subject: 'Engine' })).toEqual({
      title: '3 new messages',
      body: 'Ada: Engine',
    });
    expect(arrivalText(2, null)).toEqual({ title: '2 new messages', body: 'In your Inbox' });
  });
});
