import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../lib/memoryStorage.ts';
import {
  arrivalText,
  notificationsEnabled,
  setNotificationsEnabled,
} from './notificationSettings.ts';

describe('notification settings', () => {
  it('are on until turned off', () => {
    const store = memoryStorage();
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
