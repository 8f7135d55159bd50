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
    // IDLE is the default. A byte at 10 s: the connection has been quiet 25 s at the look, 10 s more to go.
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

  it('leaves a connection with nothing outstanding alone, looking at it every 10 s at most', () => {
    const dog = new SilenceWatchdog(40_000, 0);
    expect(dog.restLookMs).toBe(10_000);
    expect(new SilenceWatchdog(3_000, 0).restLookMs).toBe(2_250);
    expect(dog.check(0, 10_000, 'nothing')).toEqual({
      probe: false,
      dead: false,
      nextCheckMs: 10_000,
    });
    expect(dog.check(0, 20_000, 'nothing')).toEqual({
      probe: false,
      dead: false,
      nextCheckMs: 10_000,
    });
    // Minutes of rest, then an IDLE: silence counts from the last look, not the last byte.
    expect(dog.check(0, 300_000, 'nothing').probe).toBe(false);
    expect(dog.check(0, 305_000, 'idle')).toEqual({
      probe: false,
      dead: false,
      nextCheckMs: 30_000,
    });
  });

  it('never probes behind a command in flight; silent for deadAfterMs from when it was seen, dead', () => {
    const dog = new SilenceWatchdog(40_000, 0);
    expect(dog.check(0, 100_000, 'nothing').dead).toBe(false);
    // A command went out after minutes of rest: no probe, however long ago the last byte was.
    expect(dog.check(0, 110_000, 'command')).toEqual({
      probe: false,
      dead: false,
      nextCheckMs: 40_000,
    });
    expect(dog.check(0, 149_999, 'command')).toEqual({ probe: false, dead: false, nextCheckMs: 1 });
    expect(dog.check(0, 150_000, 'command')).toEqual({ probe: false, dead: true, nextCheckMs: 0 });
  });

  it('never drops a long search that reports every 10 s, wherever it starts among the looks', () => {
    // A body SEARCH of a large mailbox: silent for 10 s, then "* OK Searched N% of the mailbox"
    // every 10 s (Dovecot's SEARCH_NOTIFY_INTERVAL_SECS), the answer after 2 minutes.
    for (let start = 100_000; start < 140_000; start += 250) {
      const end = start + 120_000;
      const heard = (t: number) => {
        if (t >= end) return end;
        if (t < start + 10_000) return 0;
        return start + Math.floor((t - start) / 10_000) * 10_000;
      };
      const dog = new SilenceWatchdog(40_000, 0);
      let now = 0;
      while (now < end + 20_000) {
        const waiting = now >= start && now < end ? 'command' : 'nothing';
        const verdict = dog.check(heard(now), now, waiting);
        expect(verdict).toMatchObject({ probe: false, dead: false });
        now += verdict.nextCheckMs;
      }
    }
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
