import { describe, expect, it } from 'vitest';
import {
  Events,
  hasFlag,
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
