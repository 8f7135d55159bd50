import { describe, expect, it } from 'vitest';
import { SilenceWatchdog } from './silence-watchdog.ts';

describe('SilenceWatchdog', () => {
  it('splits the dead period into quiet time and an answer window', () => {
    const dog = new SilenceWatchdog(40_000, 0);
    expect(dog.answerMs).toBe(5_000);
    expect(dog.quietMs + dog.answerMs).toBe(40_000);
    const short = new SilenceWatchdog(1_000, 0);
    expect(short.answerMs).toBe(250);
    expect(short.quietMs + short.answerMs).toBe(1_000);
  });

  it('looks again quietMs after the last byte, then probes, then declares death', () => {
    const dog = new SilenceWatchdog(40_000, 0);
    // A byte at 10 s: the connection has been quiet 25 s at the look, 10 s more to go.
    expect(dog.check(10_000, 35_000)).toEqual({ probe: false, dead: false, nextCheckMs: 10_000 });
    expect(dog.check(10_000, 45_000)).toEqual({ probe: true, dead: false, nextCheckMs: 5_000 });
    expect(dog.check(10_000, 50_000)).toEqual({ probe: false, dead: true, nextCheckMs: 0 });
  });

  it('declares a connection dead deadAfterMs after its last byte, wherever the looks fell', () => {
    for (const lastByte of [0, 1, 17_500, 34_999]) {
      const dog = new SilenceWatchdog(40_000, 0);
      let now = 0;
      // Bytes keep coming until lastByte, then nothing.
      const heard = () => Math.min(now, lastByte);
      let verdict = dog.check(heard(), now);
      while (!verdict.dead) {
        now += verdict.nextCheckMs;
        verdict = dog.check(heard(), now);
      }
      expect(now - lastByte).toBe(40_000);
    }
  });

  it('never probes a connection whose server keepalive comes more often than quietMs', () => {
    // Dovecot's imap_idle_notify_interval of 30 s against the default dead period of 40 s.
    const dog = new SilenceWatchdog(40_000, 0);
    let now = 0;
    let probes = 0;
    for (let look = 0; look < 100; look++) {
      const heard = Math.floor(now / 30_000) * 30_000;
      const verdict = dog.check(heard, now);
      expect(verdict.dead).toBe(false);
      if (verdict.probe) probes++;
      now += verdict.nextCheckMs;
    }
    expect(probes).toBe(0);
    expect(now).toBeGreaterThan(40 * 60_000);
  });

  it('leaves a connection with nothing outstanding alone, and watches it again once it waits', () => {
    const dog = new SilenceWatchdog(40_000, 0);
    expect(dog.check(0, 35_000, false)).toEqual({ probe: false, dead: false, nextCheckMs: 35_000 });
    expect(dog.check(0, 70_000, false)).toEqual({ probe: false, dead: false, nextCheckMs: 35_000 });
    // A command went out after minutes of rest: silence counts from the last look, not the
    // last byte, so it is not probed at once.
    expect(dog.check(0, 80_000, true)).toEqual({ probe: false, dead: false, nextCheckMs: 25_000 });
    // Nothing came back for a whole quiet period: probe, then death.
    expect(dog.check(0, 105_000, true)).toEqual({ probe: true, dead: false, nextCheckMs: 5_000 });
    expect(dog.check(0, 110_000, true).dead).toBe(true);
  });

  it('an answered probe re-arms it from the answer', () => {
    const dog = new SilenceWatchdog(40_000, 0);
    expect(dog.check(0, 35_000).probe).toBe(true);
    expect(dog.check(35_002, 40_000)).toEqual({ probe: false, dead: false, nextCheckMs: 30_002 });
    expect(dog.check(35_002, 70_002).probe).toBe(true);
    expect(dog.check(35_002, 75_002).dead).toBe(true);
  });

  it('keeps a dead verdict until a byte comes, then counts from that byte', () => {
    const dog = new SilenceWatchdog(40_000, 0);
    expect(dog.check(0, 35_000).probe).toBe(true);
    expect(dog.check(0, 40_000).dead).toBe(true);
    expect(dog.check(0, 40_001).dead).toBe(true);
    // The answer was waiting unread while this process stalled.
    expect(dog.check(40_001, 40_002)).toEqual({ probe: false, dead: false, nextCheckMs: 34_999 });
  });
});
