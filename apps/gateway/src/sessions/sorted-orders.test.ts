import type { ImapFlow } from 'imapflow';
import { describe, expect, it, vi } from 'vitest';
import { ErrorCode, SortKey } from '@tidings/protocol';
import { MailboxState } from '../imap/mailbox-state.ts';
import { SERVER_SORT_LIMIT } from '../imap/sort-command.ts';
import { SortedOrders } from './sorted-orders.ts';

function folderOf(messages: number): MailboxState {
  return MailboxState.from(
    'Archive',
    3,
    Array.from({ length: messages }, (_, i) => ({ uid: i + 1, flags: [] })),
  );
}

describe('SortedOrders', () => {
  it('asks no SORT whose answer imapflow would refuse, and says why', async () => {
    const exec = vi.fn();
    const client = {
      capabilities: new Map([['SORT', true]]),
      exec,
      mailboxOpen: vi.fn(),
      getMailboxLock: vi.fn(),
    } as unknown as ImapFlow;
    const orders = new SortedOrders((work) => work(client));
    const state = folderOf(SERVER_SORT_LIMIT + 1);

    await expect(orders.load(state, { by: SortKey.From, reverse: false })).rejects.toMatchObject({
      code: ErrorCode.Unsupported,
      message: expect.stringMatching(/up to 900,000 messages; this one has 900,001/),
    });
    expect(exec).not.toHaveBeenCalled();
    expect(client.mailboxOpen).not.toHaveBeenCalled();
    expect(client.getMailboxLock).not.toHaveBeenCalled();
  });
});
