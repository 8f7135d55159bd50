import { describe, expect, it } from 'vitest';
import { CoalescedRead } from './coalesced-read.ts';

/** A read whose answers the test gives, one per call, in order. */
function scriptedRead() {
  const calls: { resolve: (value: number) => void; reject: (error: Error) => void }[] = [];
  const read = () =>
    new Promise<number>((resolve, reject) => {
      calls.push({ resolve, reject });
    });
  return { calls, read };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('CoalescedRead', () => {
  it('reads once for an asker while nothing is running', async () => {
    const { calls, read } = scriptedRead();
    const shared = new CoalescedRead(read);
    const answer = shared.get();
    expect(calls).toHaveLength(1);
    calls[0]!.resolve(7);
    expect(await answer).toBe(7);
  });

  it('gives askers that came while a read ran one later read, started after it', async () => {
    const { calls, read } = scriptedRead();
    const shared = new CoalescedRead(read);
    const first = shared.get();
    const later = [shared.get(), shared.get(), shared.get()];
    // Nobody gets the read that was already on the wire when they asked.
    expect(calls).toHaveLength(1);
    calls[0]!.resolve(1);
    expect(await first).toBe(1);
    await settle();
    expect(calls).toHaveLength(2);
    // That read is on the wire now: a newcomer waits for the one after it.
    const newcomer = shared.get();
    calls[1]!.resolve(2);
    expect(await Promise.all(later)).toEqual([2, 2, 2]);
    await settle();
    expect(calls).toHaveLength(3);
    calls[2]!.resolve(3);
    expect(await newcomer).toBe(3);
  });

  it('starts afresh once everything asked has been answered', async () => {
    const { calls, read } = scriptedRead();
    const shared = new CoalescedRead(read);
    const first = shared.get();
    calls[0]!.resolve(1);
    await first;
    const second = shared.get();
    expect(calls).toHaveLength(2);
    calls[1]!.resolve(2);
    expect(await second).toBe(2);
  });

  it("hands a failed read's error to its askers only; those queued behind it still read", async () => {
    const { calls, read } = scriptedRead();
    const shared = new CoalescedRead(read);
    const first = shared.get();
    const queued = shared.get();
    calls[0]!.reject(new Error('connection lost'));
    await expect(first).rejects.toThrow('connection lost');
    await settle();
    calls[1]!.resolve(5);
    expect(await queued).toBe(5);
  });

  it('turns a read that throws at once into a rejection', async () => {
    const shared = new CoalescedRead<number>(() => {
      throw new Error('no connection');
    });
    await expect(shared.get()).rejects.toThrow('no connection');
    await expect(shared.get()).rejects.toThrow('no connection');
  });
});
