import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../lib/memoryStorage.ts';
import { loadSendDelay, parseSendDelay, saveSendDelay, secondsLeft } from './sendDelay.ts';

describe('undo send', () => {
  it('is off unless one of the offered delays was chosen', () => {
    expect(parseSendDelay(null)).toBe(0);
    expect(parseSendDelay('10')).toBe(10);
    expect(parseSendDelay('7')).toBe(0);
    expect(parseSendDelay('9999')).toBe(0);
    expect(parseSendDelay('ten')).toBe(0);
  });

  it('is kept for this browser', () => {
    const storage = memoryStorage();
    expect(loadSendDelay(storage)).toBe(0);
    saveSendDelay(20, storage);
    expect(loadSendDelay(storage)).toBe(20);
    saveSendDelay(0, storage);
    expect(loadSendDelay(storage)).toBe(0);
  });

  it('counts down in whole seconds', () => {
    expect(secondsLeft(10_000, 0)).toBe(10);
    expect(secondsLeft(10_000, 5_001)).toBe(5);
    expect(secondsLeft(10_000, 9_999)).toBe(1);
    expect(secondsLeft(10_000, 12_000)).toBe(1);
  });
});
