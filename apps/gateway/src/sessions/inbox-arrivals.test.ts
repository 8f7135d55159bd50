import type { FetchMessageObject, ImapFlow } from 'imapflow';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { InboxArrivals } from './inbox-arrivals.ts';

/** An Inbox of `uids` (oldest first), all unread, as the command connection sees it. */
function inboxWith(uids: number[]): ImapFlow {
  const mailbox = { path: 'INBOX', exists: uids.length, uidValidity: 7n };
  return {
    mailbox,
    getMailboxLock: async () => ({ release: () => undefined }),
    noop: async () => undefined,
    fetchAll: async (range: string) => {
      const first = Number(range.split(':')[0]);
      return uids.slice(first - 1).map(
        (uid, i) =>
          ({
            seq: first + i,
            uid,
            flags: new Set<string>(),
            envelope: { subject: `Message ${uid}`, from: [], to: [] },
          }) as unknown as FetchMessageObject,
      );
    },
  } as unknown as ImapFlow;
}

describe('InboxArrivals', () => {
  it('remembers the highest of a bulk arrival shown as message:added, however many there are', async () => {
    const count = 300_000;
    const uids = Array.from({ length: count }, (_, i) => count - i);
    const pushed: unknown[] = [];
    const arrivals = new InboxArrivals({
      logger: pino({ level: 'silent' }),
      commandClient: async () => inboxWith(uids.slice(-3).reverse()),
      push: (_event, payload) => void pushed.push(payload),
    });
    expect(() => arrivals.noteShown('INBOX', 7, uids)).not.toThrow();

    // The Inbox then grows by messages the tabs were shown already: nothing to announce.
    arrivals.noteGrowth(3);
    await arrivals.settled();
    expect(pushed).toEqual([]);
  });

  it('announces what is newer than anything shown', async () => {
    const pushed: unknown[] = [];
    const arrivals = new InboxArrivals({
      logger: pino({ level: 'silent' }),
      commandClient: async () => inboxWith([1, 2, 3]),
      push: (_event, payload) => void pushed.push(payload),
    });
    arrivals.noteShown('INBOX', 7, [2, 1]);
    arrivals.noteGrowth(3);
    await arrivals.settled();
    expect(pushed).toMatchObject([{ count: 1, messages: [{ uid: 3 }] }]);
  });
});
