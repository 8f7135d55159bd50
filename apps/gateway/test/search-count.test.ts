import { describe, expect, it } from 'vitest';
import { Events, hasFlag, type MessageExpungedEvent } from '@tidings/protocol';
import { fillMailbox, MailClient, type MailUser } from '@tidings/testkit';
import { fileWorld, inboxTab, request, unwrap } from './harness.ts';

/**
 * A live search larger than the rows a tab holds (the newest 200) keeps its count right, against
 * a real Dovecot: a message tagged elsewhere that the tab has no row for joins the count; one
 * that already matched does not count twice; one deleted elsewhere leaves it.
 */

const COUNT = 260;
const TAGGED = 250;
const TAG = '$label4';

describe('the count of a large live search', () => {
  const world = fileWorld();

  it('follows tags set and deletions made elsewhere among matches the tab has no row for', async () => {
    const user: MailUser = { email: 'count@example.test', password: 'count-pw' };
    await world.dovecot.addUser(user);
    await fillMailbox(world.dovecot, user, { count: COUNT, seed: 5 });
    const other = await MailClient.connect(world.dovecot, user);
    world.clients.push(other);
    const newestFirst = (await other.uids('INBOX')).sort((a, b) => b - a);
    await other.addFlags('INBOX', newestFirst.slice(0, TAGGED), [TAG]);

    const { socket, events } = await inboxTab(world, user);
    const search = unwrap(
      await request(socket, Events.MessageSearch, { mailbox: 'INBOX', query: { keyword: TAG } }),
    );
    expect(search.total).toBe(TAGGED);
    const shown = new Set(search.messages.map((m) => m.uid));
    expect(shown.size).toBeLessThan(TAGGED);
    const ofSearch = () =>
      events.all(Events.SearchMatched).filter((e) => e.searchId === search.searchId);

    // Another flag on a match the tab has no row for: it matched already, no news.
    const unshownMatch = newestFirst.slice(0, TAGGED).find((uid) => !shown.has(uid))!;
    await other.addFlags('INBOX', [unshownMatch], ['\\Flagged']);
    await events.next(Events.MessageFlagsChanged, (e) =>
      e.changes.some((c) => c.uid === unshownMatch && hasFlag(c.flags, '\\Flagged')),
    );

    // The oldest message tagged on the phone: a new match, below every row the tab has.
    const oldest = newestFirst.at(-1)!;
    await other.addFlags('INBOX', [oldest], [TAG]);
    const joined = await events.next(Events.SearchMatched, (e) =>
      e.messages.some((m) => m.uid === oldest),
    );
    expect(joined.total).toBe(TAGGED + 1);
    expect(joined.messages.map((m) => m.uid)).toEqual([oldest]);
    expect(ofSearch()).toEqual([joined]);

    // A match deleted elsewhere, no row for it in the tab: the count drops, after the expunge.
    await other.expunge('INBOX', [unshownMatch]);
    const left = await events.next(
      Events.SearchMatched,
      (e) => e.searchId === search.searchId && e !== joined,
    );
    expect(left).toMatchObject({ total: TAGGED, messages: [] });
    const order = events.events;
    const expunged = order.findIndex(
      (e) =>
        e.name === Events.MessageExpunged &&
        (e.payload as MessageExpungedEvent).removed.some((r) => r.uid === unshownMatch),
    );
    expect(expunged).toBeGreaterThanOrEqual(0);
    expect(order.findIndex((e) => e.payload === left)).toBeGreaterThan(expunged);

    // Running the search again counts the same.
    const again = unwrap(
      await request(socket, Events.MessageSearch, { mailbox: 'INBOX', query: { keyword: TAG } }),
    );
    expect(again.total).toBe(TAGGED);
  });
});
