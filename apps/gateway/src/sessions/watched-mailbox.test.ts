import type { ImapFlow } from 'imapflow';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { Events, type MessageAddedEvent, type MessageSummary } from '@tidings/protocol';
import { RestoredMail } from './restored-mail.ts';
import { WatchedMailbox } from './watched-mailbox.ts';

const UID_VALIDITY = 9;

/** An idle connection on an INBOX of `uids`, which gets new messages' rows pushed (NOTIFY). */
function idleOn(uids: number[]): ImapFlow {
  const mailbox = { path: 'INBOX', exists: uids.length, uidValidity: BigInt(UID_VALIDITY) };
  return {
    mailbox,
    mailboxOpen: async () => mailbox,
    idle: async () => true,
    enabled: new Set<string>(),
    fetch: async function* () {
      for (const uid of uids) yield { uid, flags: new Set(['\\Seen']) };
    },
  } as unknown as ImapFlow;
}

const row = (uid: number): MessageSummary => ({
  uid,
  from: [{ name: 'Fay', address: 'fay@example.test' }],
  to: [],
  subject: `Message ${uid}`,
  date: '2026-12-08T00:00:00Z',
  flags: [],
  size: 100,
});

function watchedInbox(restored: RestoredMail) {
  const added: MessageAddedEvent[] = [];
  const watched = new WatchedMailbox({
    logger: pino({ level: 'silent' }),
    commandClient: async () => {
      throw new Error('no command connection in this test');
    },
    sortOn: async () => {
      throw new Error('no sorting in this test');
    },
    isCurrentIdle: () => true,
    pushesNewMessages: () => true,
    push: (event, payload) => {
      if (event === Events.MessageAdded) added.push(payload as MessageAddedEvent);
    },
    currentSeq: () => 0,
    restoredAmong: (path, uidValidity, uids) => restored.among(path, uidValidity, uids),
  });
  return { watched, added };
}

describe('WatchedMailbox and an undo into it', () => {
  it('keeps a row pushed before the MOVE answered until it did, then tells it as restored', async () => {
    const restored = new RestoredMail();
    const { watched, added } = watchedInbox(restored);
    const client = idleOn([1, 2]);
    await watched.load(client, 'INBOX');

    let answered!: () => void;
    const movedBack = new Promise<void>((resolve) => (answered = resolve));
    watched.holdWhile('INBOX', movedBack);
    // NOTIFY pushes the restored message's row before the MOVE's answer names its UID.
    watched.onPushedRow(client, row(3));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(added).toEqual([]);

    restored.add('INBOX', UID_VALIDITY, [3]);
    answered();
    await vi.waitFor(() => expect(added).toHaveLength(1));
    expect(added[0]).toMatchObject({ messages: [{ uid: 3 }], restored: [3] });

    // New mail after it is not restored, and holds nothing up.
    watched.onPushedRow(client, row(4));
    await vi.waitFor(() => expect(added).toHaveLength(2));
    expect(added[1]!.restored).toBeUndefined();
  });

  it('holds nothing for an undo into another folder', async () => {
    const { watched, added } = watchedInbox(new RestoredMail());
    const client = idleOn([1]);
    await watched.load(client, 'INBOX');
    watched.holdWhile('Archive', new Promise(() => undefined));
    watched.onPushedRow(client, row(2));
    await vi.waitFor(() => expect(added).toHaveLength(1));
  });
});
