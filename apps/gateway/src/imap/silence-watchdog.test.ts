import { describe, expect, it } from 'vitest';
import { SilenceWatchdog } from './silence-watchdog.ts';

describe('SilenceWatchdog', () => {
  it('splits the dead period into two quiet looks and an answer window', () => {
    const dog = new SilenceWatchdog(40_000, 0);
    expect(dog.answerMs).toBe(5_000);
    expect(2 * dog.quietCheckMs + dog.answerMs).toBe(40_000);
    const short = new SilenceWatchdog(1_000, 0);
    expect(short.answerMs).toBe(250);
    expect(2 * short.quietCheckMs + short.answerMs).toBe(1_000);
  });

  it('stays silent while bytes arrive, probes after a quiet look, then declares death', () => {
    const dog = new SilenceWatchdog(40_000, 100);
    expect(dog.check(180)).toEqual({ probe: false, dead: false, nextCheckMs: 17_500 });
    expect(dog.check(180)).toEqual({ probe: true, dead: false, nextCheckMs: 5_000 });
    expect(dog.check(180)).toEqual({ probe: false, dead: true, nextCheckMs: 0 });
  });

  it('leaves a connection with nothing outstanding alone, and watches it again once it waits', () => {
    const dog = new SilenceWatchdog(40_000, 0);
    expect(dog.check(0, false)).toEqual({ probe: false, dead: false, nextCheckMs: 17_500 });
    expect(dog.check(0, false)).toEqual({ probe: false, dead: false, nextCheckMs: 17_500 });
    // A command went out and nothing came back for a whole look: probe, then death.
    expect(dog.check(0, true)).toEqual({ probe: true, dead: false, nextCheckMs: 5_000 });
    expect(dog.check(0, true).dead).toBe(true);
  });

  it('an answered probe re-arms it', () => {
    const dog = new SilenceWatchdog(40_000, 0);
    expect(dog.check(0).probe).toBe(true);
    expect(dog.check(12)).toEqual({ probe: false, dead: false, nextCheckMs: 17_500 });
    expect(dog.check(12).probe).toBe(true);
    expect(dog.check(12).dead).toBe(true);
  });
});
