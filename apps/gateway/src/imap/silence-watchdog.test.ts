import { describe, expect, it } from 'vitest';
import { SilenceWatchdog } from './silence-watchdog.ts';

describe('SilenceWatchdog', () => {
  it('probes once after the quiet period and declares death after the dead period', () => {
    const dog = new SilenceWatchdog(20, 40, 0);
    expect(dog.check(100, 0)).toEqual({ probe: false, dead: false });
    expect(dog.check(100, 19)).toEqual({ probe: false, dead: false });
    expect(dog.check(100, 20)).toEqual({ probe: true, dead: false });
    expect(dog.check(100, 30)).toEqual({ probe: false, dead: false });
    expect(dog.check(100, 40)).toEqual({ probe: false, dead: true });
  });

  it('any received byte resets the clock and re-arms the probe', () => {
    const dog = new SilenceWatchdog(20, 40, 0);
    dog.check(0, 0);
    expect(dog.check(0, 25).probe).toBe(true);
    expect(dog.check(12, 35)).toEqual({ probe: false, dead: false }); // the probe was answered
    expect(dog.check(12, 60)).toEqual({ probe: true, dead: false });
    expect(dog.check(12, 75)).toEqual({ probe: false, dead: true });
  });
});
