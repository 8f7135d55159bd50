import type { ImapFlow } from 'imapflow';
import { describe, expect, it, vi } from 'vitest';
import { ViewSync } from './view-sync.ts';

function fakeClient(noop: () => Promise<void> = async () => undefined) {
  const release = vi.fn();
  const client = {
    mailbox: null as { path: string } | null,
    noop: vi.fn(noop),
    getMailboxLock: async (path: string) => {
      // imapflow selects the mailbox under its own spelling of the name.
      client.mailbox = { path: path.toUpperCase() === 'INBOX' ? 'INBOX' : path };
      return { path, release };
    },
  };
  return { client, release, imap: client as unknown as ImapFlow };
}

describe('ViewSync', () => {
  it('syncs a grown mailbox once, on the next lock of it', async () => {
    const views = new ViewSync();
    const { client, imap } = fakeClient();
    views.attach(imap);
    await imap.getMailboxLock('Archive');
    expect(client.noop).not.toHaveBeenCalled();

    views.noteChange('INBOX');
    await imap.getMailboxLock('Archive');
    expect(client.noop).not.toHaveBeenCalled();
    await imap.getMailboxLock('inbox');
    expect(client.noop).toHaveBeenCalledTimes(1);
    await imap.getMailboxLock('INBOX');
    expect(client.noop).toHaveBeenCalledTimes(1);
  });

  it('keeps the mark and gives the lock back when the sync fails', async () => {
    const views = new ViewSync();
    let fail = true;
    const { client, release, imap } = fakeClient(async () => {
      if (fail) throw new Error('Connection not available');
    });
    views.attach(imap);
    views.noteChange('INBOX');
    await expect(imap.getMailboxLock('INBOX')).rejects.toThrow('Connection not available');
    expect(release).toHaveBeenCalledTimes(1);
    fail = false;
    await imap.getMailboxLock('INBOX');
    expect(client.noop).toHaveBeenCalledTimes(2);
  });
});
