import { describe, expect, it } from 'vitest';
import { SieveWork } from './sieve-work.ts';

/** A piece of work that ends when told to, recording when it started. */
function gate<T>(log: string[], name: string, value: T) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return {
    run: async () => {
      log.push(`start ${name}`);
      await opened;
      log.push(`end ${name}`);
      return value;
    },
    open: () => open(),
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('SieveWork', () => {
  it('runs an account’s changes one after another, a failed one included', async () => {
    const work = new SieveWork<string>();
    const log: string[] = [];
    const first = gate(log, 'first', 1);
    const second = gate(log, 'second', 2);
    const failing = work.change('ana', async () => {
      await first.run();
      throw new Error('refused');
    });
    const next = work.change('ana', second.run);
    await tick();
    expect(log).toEqual(['start first']);
    first.open();
    await expect(failing).rejects.toThrow('refused');
    await tick();
    expect(log).toEqual(['start first', 'end first', 'start second']);
    second.open();
    expect(await next).toBe(2);
    expect(work.busyAccounts).toBe(0);
  });

  it('shares a read among the tabs that ask together, after the changes asked before', async () => {
    const work = new SieveWork<string>();
    const log: string[] = [];
    const change = gate(log, 'change', 'stored');
    const read = gate(log, 'read', 'after the change');
    void work.change('ana', change.run);
    const asks = [work.read('ana', read.run), work.read('ana', read.run)];
    await tick();
    expect(log).toEqual(['start change']);
    change.open();
    await tick();
    // Asked once the shared read is on the wire: that answer may predate the asker's reason.
    const later = gate(log, 'later read', 'fresh');
    const late = work.read('ana', later.run);
    read.open();
    expect(await Promise.all(asks)).toEqual(['after the change', 'after the change']);
    later.open();
    expect(await late).toBe('fresh');
    expect(log).toEqual([
      'start change',
      'end change',
      'start read',
      'start later read',
      'end read',
      'end later read',
    ]);
  });

  it('keeps other accounts apart, and opens at most so many sessions at once', async () => {
    const work = new SieveWork<string>(2);
    const log: string[] = [];
    const gates = ['a', 'b', 'c'].map((name) => gate(log, name, name));
    const reads = gates.map((g, i) => work.read(`account-${i}`, g.run));
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    expect(work.busyAccounts).toBe(3);
    gates[1]!.open();
    await tick();
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c']);
    gates[0]!.open();
    gates[2]!.open();
    expect(await Promise.all(reads)).toEqual(['a', 'b', 'c']);
    expect(work.busyAccounts).toBe(0);
  });
});
