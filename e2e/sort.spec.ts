import type { Page } from '@playwright/test';
import { LOCAL_SORT_LIMIT } from '@tidings/protocol';
import {
  buildMessage,
  deliverByLmtp,
  fillMailbox,
  MailClient,
  type MailUser,
} from '@tidings/testkit';
import { expect, messages, rowByUid, signInThroughUi, test } from './support/fixtures.ts';
import { openMessage, reader } from './support/reader.ts';
import { startStack, type Stack } from './support/stack.ts';

/** Dovecot advertising what it has except SORT (and THREAD, NOTIFY). */
const WITHOUT_SORT =
  'imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ NAMESPACE UIDPLUS MOVE ESEARCH SPECIAL-USE CONDSTORE';

/**
 * Appended in this order, so newest first is D C B A. Senders' names and addresses sort alike
 * (whether the server sorts by display name or by address); bodies far apart make the sizes
 * differ whatever the headers add.
 */
const SEEDED = {
  A: { from: 'Mia Brown <mia@example.test>', subject: 'Banana bread', body: 3_000 },
  B: { from: 'Carl Diaz <carl@example.test>', subject: 'Apple pie', body: 100 },
  C: { from: 'Tom Evans <tom@example.test>', subject: 'Cherry jam', body: 10_000 },
  D: { from: 'Kim Fox <kim@example.test>', subject: 'Date loaf', body: 1_000 },
} as const;
type Seeded = keyof typeof SEEDED;

async function seed(other: MailClient, user: MailUser): Promise<Record<Seeded, number>> {
  const uids = {} as Record<Seeded, number>;
  for (const [name, spec] of Object.entries(SEEDED) as [Seeded, (typeof SEEDED)[Seeded]][]) {
    const raw = await buildMessage({
      from: spec.from,
      to: [user.email],
      subject: spec.subject,
      text: 'x'.repeat(spec.body),
    });
    uids[name] = (await other.append('INBOX', raw, ['\\Seen'])).uid;
  }
  return uids;
}

/** Delivers new mail as the outside world does (LMTP); returns its UID. */
async function deliver(
  stack: Stack,
  user: MailUser,
  other: MailClient,
  from: string,
  subject: string,
): Promise<number> {
  const raw = await buildMessage({ from, to: [user.email], subject, text: 'Hello' });
  const address = /<(.+)>/.exec(from)![1]!;
  await deliverByLmtp(stack.dovecot, { from: address, to: [user.email], raw });
  return Math.max(...(await other.uids('INBOX')));
}

function sortMenu(page: Page) {
  return page.getByRole('combobox', { name: 'Sort' });
}

/** The UIDs of the rows on screen, in display order. */
function shownUids(page: Page): Promise<number[]> {
  return messages(page)
    .locator('[role="row"][data-uid]')
    .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-uid'))));
}

test.describe('sorting the message list', () => {
  test('by sender and by size, kept live and across a reload', async ({
    page,
    stack,
    user,
    other,
  }) => {
    const uid = await seed(other, user);
    await signInThroughUi(page, stack, user);
    await expect(sortMenu(page).locator('option:checked')).toHaveText('Newest first');
    await expect.poll(() => shownUids(page)).toEqual([uid.D, uid.C, uid.B, uid.A]);

    // A marker that a reload would wipe.
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

    // The open message stays open through a change of order.
    await openMessage(page, uid.C);
    await sortMenu(page).selectOption({ label: 'Sender (A to Z)' });
    await expect.poll(() => shownUids(page)).toEqual([uid.B, uid.D, uid.A, uid.C]);
    await expect(reader(page).locator(`article[data-uid="${uid.C}"]`)).toBeVisible();

    await sortMenu(page).selectOption({ label: 'Largest first' });
    await expect.poll(() => shownUids(page)).toEqual([uid.C, uid.A, uid.D, uid.B]);

    await sortMenu(page).selectOption({ label: 'Sender (A to Z)' });
    await expect.poll(() => shownUids(page)).toEqual([uid.B, uid.D, uid.A, uid.C]);

    // New mail goes where its sender sorts, not on top by arrival: here between Kim and Mia,
    // then, from a sender who sorts first, at the top.
    const lou = await deliver(stack, user, other, 'Lou Green <lou@example.test>', 'In the middle');
    await expect(rowByUid(page, lou)).toContainText('In the middle');
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '5');
    await expect.poll(() => shownUids(page)).toEqual([uid.B, uid.D, lou, uid.A, uid.C]);
    const abe = await deliver(stack, user, other, 'Abe Archer <abe@example.test>', 'At the top');
    await expect(rowByUid(page, abe)).toContainText('At the top');
    await expect(rowByUid(page, abe)).toHaveAttribute('data-unread', 'true');
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '6');
    await expect.poll(() => shownUids(page)).toEqual([abe, uid.B, uid.D, lou, uid.A, uid.C]);

    // Another client flags one message and deletes another.
    await other.addFlags('INBOX', [uid.D], ['\\Flagged']);
    await expect(rowByUid(page, uid.D)).toHaveAttribute('data-flagged', 'true');
    await other.expunge('INBOX', [uid.A]);
    await expect(rowByUid(page, uid.A)).toHaveCount(0);
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '5');
    await expect.poll(() => shownUids(page)).toEqual([abe, uid.B, uid.D, lou, uid.C]);

    expect(
      await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload),
    ).toBe(true);

    // The choice is this browser's: after a reload the list comes sorted at once.
    await page.reload();
    await expect(messages(page)).toBeVisible();
    await expect(sortMenu(page).locator('option:checked')).toHaveText('Sender (A to Z)');
    await expect.poll(() => shownUids(page)).toEqual([abe, uid.B, uid.D, lou, uid.C]);
  });

  test('keys, ranges and actions follow the order shown', async ({ page, stack, user, other }) => {
    const uid = await seed(other, user);
    await signInThroughUi(page, stack, user);
    await sortMenu(page).selectOption({ label: 'Sender (A to Z)' });
    await expect.poll(() => shownUids(page)).toEqual([uid.B, uid.D, uid.A, uid.C]);
    const article = reader(page).locator('article[data-uid]');

    // j and k move through the sorted rows (newest first, B is followed by A).
    await openMessage(page, uid.B);
    await page.keyboard.press('j');
    await expect(article).toHaveAttribute('data-uid', String(uid.D));
    await page.keyboard.press('j');
    await expect(article).toHaveAttribute('data-uid', String(uid.A));
    await page.keyboard.press('k');
    await expect(article).toHaveAttribute('data-uid', String(uid.D));

    // A shift-click range is the rows between, as shown: D, A, C (not D, C as by arrival).
    await rowByUid(page, uid.C).click({ modifiers: ['Shift'] });
    const selectedRows = messages(page).locator('[role="row"][aria-selected="true"]');
    await expect(selectedRows).toHaveCount(3);
    await expect(rowByUid(page, uid.A)).toHaveAttribute('aria-selected', 'true');

    // Deleted: gone from the list at once, and from the server.
    const toolbar = page.getByRole('toolbar', { name: 'Selected messages' });
    await toolbar.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(() => shownUids(page)).toEqual([uid.B]);
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '1');
    await expect.poll(() => other.uids('Trash')).toHaveLength(3);

    // Undone: back (as new messages), each in its place by sender.
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '4');
    await expect(messages(page).locator('[role="row"][data-uid]')).toContainText([
      'Apple pie',
      'Date loaf',
      'Banana bread',
      'Cherry jam',
    ]);
  });

  test('the menu is hidden while a search or the conversations view is shown', async ({
    page,
    stack,
    user,
    other,
  }) => {
    await seed(other, user);
    await signInThroughUi(page, stack, user);
    await expect(sortMenu(page)).toBeVisible();

    const box = page.getByRole('searchbox', { name: 'Search mail' });
    await box.fill('pie');
    await box.press('Enter');
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '1');
    await expect(sortMenu(page)).toHaveCount(0);
    await box.press('Escape');
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '4');
    await expect(sortMenu(page)).toBeVisible();

    await page.getByRole('switch', { name: 'Conversations' }).check();
    await expect(sortMenu(page)).toHaveCount(0);
    await page.getByRole('switch', { name: 'Conversations' }).uncheck();
    await expect(sortMenu(page)).toBeVisible();
  });
});

test.describe('a mail server without SORT', () => {
  let plain: Stack;
  test.beforeAll(async () => {
    plain = await startStack({ dovecot: { extraConfig: WITHOUT_SORT } });
  });
  test.afterAll(async () => {
    await plain.stop();
  });

  test('sorts a small folder itself', async ({ page }) => {
    const user = await plain.newUser();
    const other = await MailClient.connect(plain.dovecot, user);
    try {
      const uid = await seed(other, user);
      await signInThroughUi(page, plain, user);
      await sortMenu(page).selectOption({ label: 'Sender (A to Z)' });
      await expect.poll(() => shownUids(page)).toEqual([uid.B, uid.D, uid.A, uid.C]);
      await expect(page.getByRole('alert')).toHaveCount(0);
    } finally {
      await other.close();
    }
  });

  test('a folder too big to sort without SORT says so, falls back to newest first and keeps that; oldest first still works', async ({
    page,
  }) => {
    const user = await plain.newUser();
    await fillMailbox(plain.dovecot, user, { count: LOCAL_SORT_LIMIT + 1, seed: 9 });
    await signInThroughUi(page, plain, user);
    await expect.poll(async () => (await shownUids(page)).length).toBeGreaterThan(0);
    const newestTop = (await shownUids(page))[0]!;

    await sortMenu(page).selectOption({ label: 'Sender (A to Z)' });
    await expect(page.getByRole('alert')).toContainText('cannot sort');
    await expect(sortMenu(page).locator('option:checked')).toHaveText('Newest first');
    await expect.poll(async () => (await shownUids(page))[0]).toBe(newestTop);

    // Remembered: a reload asks for newest first straight away.
    expect(await page.evaluate(() => localStorage.getItem('tidings:sort'))).toBe(
      JSON.stringify({ by: 'received', reverse: true }),
    );
    await page.reload();
    await expect(sortMenu(page).locator('option:checked')).toHaveText('Newest first');
    await expect.poll(async () => (await shownUids(page))[0]).toBe(newestTop);

    // Arrival order needs no SORT.
    await sortMenu(page).selectOption({ label: 'Oldest first' });
    await expect.poll(async () => (await shownUids(page))[0]).toBeLessThan(newestTop);
  });
});
