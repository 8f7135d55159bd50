import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Events, MAX_ARRIVED_MESSAGES } from '@tidings/protocol';
import { request, unwrap } from './harness.ts';
import {
  arrived,
  draft,
  person,
  send,
  startMailWorld,
  type MailWorld,
  type Person,
} from './compose-harness.ts';

let world: MailWorld;
let ada: Person;
let bob: Person;

beforeAll(async () => {
  world = await startMailWorld();
  [ada, bob] = await Promise.all([person(world, 'ada'), person(world, 'bob')]);
});

afterAll(async () => {
  await world?.stop();
});

describe('new Inbox mail while another folder is open', () => {
  it('names its sender and subject, once per message', async () => {
    // The folder list is what counts are measured against; then Sent becomes the open folder.
    unwrap(await request(ada.tab.socket, Events.MailboxList, {}));
    unwrap(await request(ada.tab.socket, Events.MailboxOpen, { mailbox: 'Sent' }));

    unwrap(
      await send(
        bob.tab,
        draft({ fromName: 'Bob Builder', to: [ada.user.email], subject: 'Tea?' }),
      ),
    );
    const first = await ada.tab.events.next(Events.MailboxArrived, undefined, 10_000);
    expect(first).toMatchObject({ mailbox: 'INBOX', count: 1 });
    expect(first.messages).toHaveLength(1);
    expect(first.messages[0]).toMatchObject({
      subject: 'Tea?',
      from: [{ name: 'Bob Builder', address: bob.user.email }],
    });
    expect(first.messages[0]!.flags).not.toContain('\\Seen');

    unwrap(await send(bob.tab, draft({ to: [ada.user.email], subject: 'Cake?' })));
    const second = await ada.tab.events.next(
      Events.MailboxArrived,
      (e) => e.messages.some((m) => m.subject === 'Cake?'),
      10_000,
    );
    // Tea? was told already.
    expect(second.messages.map((m) => m.subject)).toEqual(['Cake?']);
    expect(second.seq).toBeGreaterThan(first.seq);
  });

  it('says nothing of mail that is already read, and bounds a burst', async () => {
    const before = ada.tab.events.all(Events.MailboxArrived).length;
    // Read on another device the moment it lands: delivered straight to the Inbox as seen.
    await ada.imap.append('INBOX', 'From: x@example.test\r\nSubject: Old news\r\n\r\nread\r\n', [
      '\\Seen',
    ]);
    const burst = MAX_ARRIVED_MESSAGES + 2;
    for (let i = 0; i < burst; i++) {
      unwrap(await send(bob.tab, draft({ to: [ada.user.email], subject: `Burst ${i}` })));
    }
    await arrived(world, ada.imap, `Burst ${burst - 1}`);
    const told = () => ada.tab.events.all(Events.MailboxArrived).slice(before);
    const counted = () => told().reduce((sum, e) => sum + e.count, 0);
    const deadline = Date.now() + 10_000;
    while (counted() < burst && Date.now() < deadline) {
      await ada.tab.events
        .next(Events.MailboxArrived, () => counted() >= burst, 1_000)
        .catch(() => null);
    }
    expect(counted()).toBe(burst);
    for (const event of told()) {
      expect(event.messages.length).toBeLessThanOrEqual(MAX_ARRIVED_MESSAGES);
      expect(event.messages.length).toBe(Math.min(event.count, MAX_ARRIVED_MESSAGES));
      expect(event.messages.map((m) => m.subject)).not.toContain('Old news');
    }
  });

  it('leaves it to message:added while the Inbox is open', async () => {
    unwrap(await request(ada.tab.socket, Events.MailboxOpen, { mailbox: 'INBOX' }));
    const before = ada.tab.events.all(Events.MailboxArrived).length;
    unwrap(await send(bob.tab, draft({ to: [ada.user.email], subject: 'Open inbox' })));
    await ada.tab.events.next(
      Events.MessageAdded,
      (e) => e.messages.some((m) => m.subject === 'Open inbox'),
      10_000,
    );
    // And when another folder is opened again, what was shown is not told once more.
    unwrap(await request(ada.tab.socket, Events.MailboxOpen, { mailbox: 'Sent' }));
    unwrap(await send(bob.tab, draft({ to: [ada.user.email], subject: 'After' })));
    const after = await ada.tab.events.next(
      Events.MailboxArrived,
      (e) => e.messages.some((m) => m.subject === 'After'),
      10_000,
    );
    expect(after.messages.map((m) => m.subject)).toEqual(['After']);
    expect(ada.tab.events.all(Events.MailboxArrived).slice(before)).toEqual([after]);
  });

  it('says nothing of mail an undo put back', async () => {
    // Sent is open (the test before); a message arrives and is told.
    unwrap(await send(bob.tab, draft({ to: [ada.user.email], subject: 'Bin and back' })));
    const told = await ada.tab.events.next(
      Events.MailboxArrived,
      (e) => e.messages.some((m) => m.subject === 'Bin and back'),
      10_000,
    );
    const uid = told.messages.find((m) => m.subject === 'Bin and back')!.uid;
    const before = ada.tab.events.all(Events.MailboxArrived).length;
    // The growth that announced it was pushed just before, with the Inbox's new total.
    const { total } = ada.tab.events
      .all(Events.MailboxCountsChanged)
      .filter((e) => e.mailbox === 'INBOX' && e.seq < told.seq)
      .at(-1)!;
    /** The Inbox's counts pushed after `seq`, once they reach `messages`. */
    const inboxCounts = (seq: number, messages: number) =>
      ada.tab.events.next(
        Events.MailboxCountsChanged,
        (e) => e.mailbox === 'INBOX' && e.seq > seq && e.total === messages,
        10_000,
      );

    const deleted = unwrap(
      await request(ada.tab.socket, Events.MessageDelete, {
        mailbox: 'INBOX',
        uidValidity: told.uidValidity,
        uids: [uid],
      }),
    );
    const shrunk = await inboxCounts(told.seq, total - 1);
    // Back in the Inbox, unread, with a new UID: the Inbox grew, but by nothing new.
    expect(
      unwrap(await request(ada.tab.socket, Events.ActionUndo, { token: deleted.undo! })),
    ).toEqual({ restored: 1 });
    await inboxCounts(shrunk.seq, total);
    unwrap(await send(bob.tab, draft({ to: [ada.user.email], subject: 'Really new' })));
    const next = await ada.tab.events.next(
      Events.MailboxArrived,
      (e) => e.messages.some((m) => m.subject === 'Really new'),
      10_000,
    );
    expect(next.messages.map((m) => m.subject)).toEqual(['Really new']);
    expect(ada.tab.events.all(Events.MailboxArrived).slice(before)).toEqual([next]);
  });
});
