import { describe, expect, it } from 'vitest';
import { AccountEventLog } from './event-log.ts';

const counts = (total: number) => ({ mailbox: 'INBOX', total, unread: 0 });

describe('AccountEventLog', () => {
  it('stamps increasing seqs', () => {
    const log = new AccountEventLog(4);
    expect(log.append('mailbox:countsChanged', counts(1)).seq).toBe(1);
    expect(log.append('mailbox:countsChanged', counts(2)).seq).toBe(2);
    expect(log.seq).toBe(2);
  });

  it('replays exactly what a tab missed, oldest first', () => {
    const log = new AccountEventLog(4);
    for (let i = 1; i <= 3; i++) log.append('mailbox:countsChanged', counts(i));
    expect(log.since(3)).toEqual([]);
    expect(log.since(1)!.map((e) => e.seq)).toEqual([2, 3]);
    expect(log.since(0)!.map((e) => (e.payload as { total: number }).total)).toEqual([1, 2, 3]);
  });

  it('refuses to replay past its capacity or from the future (a restarted gateway)', () => {
    const log = new AccountEventLog(3);
    for (let i = 1; i <= 5; i++) log.append('mailbox:countsChanged', counts(i));
    expect(log.since(2)!.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(log.since(1)).toBeNull();
    expect(log.since(9)).toBeNull();
  });

  it("sends a tab of an earlier owner to resync, not into the new owner's numbering", () => {
    const base = 2 * 2 ** 32; // the second owner of a cluster account
    const log = new AccountEventLog(4, base);
    expect(log.since(base)).toEqual([]);
    expect(log.append('mailbox:countsChanged', counts(1)).seq).toBe(base + 1);
    expect(log.since(base)!.map((e) => e.seq)).toEqual([base + 1]);
    expect(log.since(7)).toBeNull(); // a seq the first owner issued
  });
});
