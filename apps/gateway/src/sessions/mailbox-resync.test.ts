import type { ImapFlow } from 'imapflow';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { Events, MAX_LISTED_ADDED } from '@tidings/protocol';
import { MailboxState } from '../imap/mailbox-state.ts';
import { MailboxResync } from './mailbox-resync.ts';
import { MailboxRows } from './mailbox-rows.ts';

/** The idle connection after a reconnect, without CONDSTORE: SELECT, then every UID's flags. */
function reconnectedTo(uids: number[]): ImapFlow {
  const mailbox = { path: 'INBOX', exists: uids.length, uidValidity: 9n };
  return {
    mailbox,
    mailboxOpen: async () => mailbox,
    idle: async () => true,
    fetch: async function* () {
      for (const uid of uids) yield { uid, flags: new Set(uid % 2 ? ['\\Seen'] : []) };
    },
  } as unknown as ImapFlow;
}

describe('MailboxResync after a reconnect', () => {
  it('reads rows for the newest it lists, not for everything that came meanwhile', async () => {
    const before = Array.from({ length: 50 }, (_, i) => i + 1);
    const meanwhile = Array.from({ length: 5_000 }, (_, i) => 1_000 + i);
    let state = MailboxState.from(
      'INBOX',
      9,
      before.map((uid) => ({ uid, flags: ['\\Seen'] })),
    );
    const rows = new MailboxRows(async () => {
      throw new Error('no command connection in this test');
    });
    const read = vi.spyOn(rows, 'fetch').mockResolvedValue();
    const pushAdded = vi.fn();
    const push = vi.fn();
    const resync = new MailboxResync({
      logger: pino({ level: 'silent' }),
      push,
      currentSeq: () => 0,
      rows,
      state: () => state,
      setState: (next) => (state = next),
      pushAdded,
    });

    await resync.selectAndSync(reconnectedTo([...before, ...meanwhile]), 'INBOX');

    expect(read).toHaveBeenCalledTimes(1);
    const [, asked] = read.mock.calls[0]!;
    expect([...asked].sort((a, b) => b - a)).toEqual(
      [...meanwhile].reverse().slice(0, MAX_LISTED_ADDED),
    );
    // Every one of them is still added, and counted as the server has it.
    expect(pushAdded).toHaveBeenCalledTimes(1);
    expect([...pushAdded.mock.calls[0]![1]].sort((a, b) => a - b)).toEqual(meanwhile);
    expect(state.total).toBe(5_050);
    expect(push).not.toHaveBeenCalledWith(Events.MessageExpunged, expect.anything());
  });
});
