import { describe, expect, it } from 'vitest';
import {
  Events,
  Flag,
  hasFlag,
  MAX_LISTED_ADDED,
  type MessageAddedEvent,
  type MessageExpungedEvent,
  type MessageFlagsChangedEvent,
} from '@tidings/protocol';
import { fillMailbox, MailClient, type MailUser } from '@tidings/testkit';
import { fileWorld, type FileWorld, inboxTab, request, unwrap } from './harness.ts';

/**
 * Thousands of messages deleted at once by another client, against a real Dovecot: the tab's
 * list ends as the server's, every position right. With QRESYNC the server names them in one
 * VANISHED range; without it, one EXPUNGE per message, each counting from the numbering the
 * ones before it left (Dovecot sends them highest first, so the renumbering itself is shown by
 * expunge-run.test). Either way the gateway applies the burst in one pass and one push.
 */

const COUNT = 1_500;
const DELETED = 1_000;
const TAG = '$label4';

async function deleteMostOf(world: FileWorld, email: string) {
  const user: MailUser = { email, password: `${email}-pw` };
  await world.dovecot.addUser(user);
  await fillMailbox(world.dovecot, user, { count: COUNT, seed: 3 });
  const other = await MailClient.connect(world.dovecot, user);
  world.clients.push(other);

  const { socket, events, window: opened } = await inboxTab(world, user);
  expect(opened.total).toBe(COUNT);

  // The tab's copy of the list, newest first, as apps/web keeps positions.
  const all = (await other.uids('INBOX')).sort((a, b) => b - a);
  const gone = all.filter((_, i) => i % 3 !== 0).slice(0, DELETED);
  await other.expunge('INBOX', gone);

  const list = [...all];
  let seen = 0;
  const pushes: MessageExpungedEvent[] = [];
  while (seen < gone.length) {
    const push = await events.next(Events.MessageExpunged, (e) => !pushes.includes(e));
    pushes.push(push);
    for (const { uid, position } of push.removed) {
      expect(list[position]).toBe(uid);
      list.splice(position, 1);
    }
    seen += push.removed.length;
  }
  const goneSet = new Set(gone);
  expect(list).toEqual(all.filter((uid) => !goneSet.has(uid)));
  expect(pushes.at(-1)!.total).toBe(COUNT - DELETED);

  // Then the rest tagged at once (a keyword the filled mail never has): each reaches the tab.
  const flagged = new Set<number>();
  const flagPushes: MessageFlagsChangedEvent[] = [];
  await other.addFlags('INBOX', list, [TAG]);
  while (flagged.size < list.length) {
    const push = await events.next(Events.MessageFlagsChanged, (e) => !flagPushes.includes(e));
    flagPushes.push(push);
    for (const { uid, flags } of push.changes) if (hasFlag(flags, TAG)) flagged.add(uid);
  }
  expect([...flagged].sort((a, b) => b - a)).toEqual(list);

  const reopened = unwrap(await request(socket, Events.MailboxOpen, { mailbox: 'INBOX' }));
  expect(reopened.total).toBe(COUNT - DELETED);
  expect(reopened.messages.map((m) => m.uid)).toEqual(list.slice(0, reopened.messages.length));
  return { expungePushes: pushes.length, flagPushes: flagPushes.length };
}

/**
 * Another client moves ARRIVING messages into the open Inbox at once (what an undo of a whole
 * folder's move does too): pushes list at most MAX_LISTED_ADDED rows each and count the rest,
 * together all of them; the rows listed are whole; the Inbox read after is the server's.
 */
const ARRIVING = 1_500;

async function bulkArrival(world: FileWorld, email: string): Promise<MessageAddedEvent[]> {
  const user: MailUser = { email, password: `${email}-pw` };
  await world.dovecot.addUser(user);
  await fillMailbox(world.dovecot, user, { count: 5, seed: 5 });
  await fillMailbox(world.dovecot, user, { mailbox: 'Elsewhere', count: ARRIVING, seed: 6 });
  const other = await MailClient.connect(world.dovecot, user);
  world.clients.push(other);
  const { socket, events } = await inboxTab(world, user);
  const { unseen: arrivingUnread } = await other.status('Elsewhere');

  await other.move('Elsewhere', await other.uids('Elsewhere'), 'INBOX');
  const pushes: MessageAddedEvent[] = [];
  let told = 0;
  let toldUnread = 0;
  while (told < ARRIVING) {
    const push = await events.next(Events.MessageAdded, (e) => !pushes.includes(e));
    pushes.push(push);
    expect(push.messages.length).toBeLessThanOrEqual(MAX_LISTED_ADDED);
    for (const message of push.messages) expect(message.subject).not.toBe('');
    told += push.messages.length + (push.unlisted ?? 0);
    toldUnread +=
      push.messages.filter((m) => !hasFlag(m.flags, Flag.Seen)).length + (push.unlistedUnread ?? 0);
  }
  expect(told).toBe(ARRIVING);
  // What a new-mail notification counts: every unread arrival, listed or not.
  expect(arrivingUnread).toBeGreaterThan(0);
  expect(toldUnread).toBe(arrivingUnread);
  expect(pushes.at(-1)!.total).toBe(ARRIVING + 5);

  const server = (await other.uids('INBOX')).sort((a, b) => b - a);
  const reopened = unwrap(
    await request(socket, Events.MailboxOpen, { mailbox: 'INBOX', limit: 500 }),
  );
  expect(reopened.total).toBe(ARRIVING + 5);
  expect(reopened.messages.map((m) => m.uid)).toEqual(server.slice(0, 500));
  return pushes;
}

describe('a bulk arrival from elsewhere', () => {
  const world = fileWorld();

  it('pushes at most MAX_LISTED_ADDED rows each, counting the rest (NOTIFY rows)', async () => {
    await bulkArrival(world, 'bulk-in@example.test');
  });
});

describe('a bulk arrival from elsewhere, on a server without NOTIFY', () => {
  const world = fileWorld({
    extraConfig:
      'imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ NAMESPACE UIDPLUS MOVE ESEARCH SPECIAL-USE CONDSTORE QRESYNC',
  });

  it('reads the newest rows and the rest as UID and FLAGS: one push names them all', async () => {
    const pushes = await bulkArrival(world, 'bulk-in-plain@example.test');
    // Dovecot may split the EXISTS over reads; each fetch then takes all that is new so far.
    expect(pushes.length).toBeLessThanOrEqual(3);
    expect(pushes.some((push) => (push.unlisted ?? 0) > 0)).toBe(true);
  });
});

describe('a bulk deletion elsewhere', () => {
  const world = fileWorld();

  it('reaches a tab as one push (VANISHED), every position right; flags set on all alike', async () => {
    const { expungePushes, flagPushes } = await deleteMostOf(world, 'bulk@example.test');
    // Dovecot may split a burst over reads; never one push per message.
    expect(expungePushes).toBeLessThanOrEqual(3);
    expect(flagPushes).toBeLessThanOrEqual(3);
  });
});

describe('a bulk deletion elsewhere, on a server without QRESYNC', () => {
  // Dovecot advertising what it has except QRESYNC (and NOTIFY, SORT, THREAD): plain EXPUNGE
  // responses by sequence number.
  const world = fileWorld({
    extraConfig:
      'imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ NAMESPACE UIDPLUS MOVE ESEARCH SPECIAL-USE CONDSTORE',
  });

  it('reaches a tab as one push too (a run of EXPUNGE), every position right; flags alike', async () => {
    const { expungePushes, flagPushes } = await deleteMostOf(world, 'bulk-plain@example.test');
    expect(expungePushes).toBeLessThanOrEqual(3);
    expect(flagPushes).toBeLessThanOrEqual(3);
  });
});
