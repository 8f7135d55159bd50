import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import {
  buildMessage,
  deliverByLmtp,
  fillMailbox,
  MailClient,
  type Dovecot,
} from '@tidings/testkit';
import { expect, messages, signInThroughUi, test } from './support/fixtures.ts';

/** CI-sized; the bench (bench/big-mailbox.ts) measures 100,000. */
const MESSAGES = 20_000;
/** A folder selected whole: more than one action request holds (MAX_ACTION_UIDS). */
const WHOLE_FOLDER = 12_000;
/** Generated messages are kept here between runs (keyed by spec and generator source). */
const CACHE_DIR = join(tmpdir(), 'tidings-bulk-fill');
/** Where the far jump lands, as a share of the list's height (a scrollbar dragged there). */
const JUMP_FRACTION = 0.6;

interface ShownRow {
  position: number;
  uid: number | null;
  /** Pixels from the top of the grid's viewport. */
  top: number;
}

/** The rows at least partly inside the grid's viewport, placeholders with a null UID. */
function visibleRows(page: Page): Promise<ShownRow[]> {
  return page.evaluate(() => {
    const grid = document.querySelector('[role="grid"][aria-label="Messages"]')!;
    const frame = grid.getBoundingClientRect();
    const shown: ShownRow[] = [];
    for (const row of Array.from(grid.querySelectorAll('[role="row"][aria-rowindex]'))) {
      const rect = row.getBoundingClientRect();
      if (rect.bottom <= frame.top || rect.top >= frame.bottom) continue;
      const uid = row.getAttribute('data-uid');
      shown.push({
        position: Number(row.getAttribute('aria-rowindex')) - 1,
        uid: uid === null ? null : Number(uid),
        top: Math.round(rect.top - frame.top),
      });
    }
    return shown.sort((a, b) => a.position - b.position);
  });
}

/** New mail from outside, by LMTP as Postfix would hand it over. */
async function deliverLate(dovecot: Dovecot, to: string, subject: string): Promise<void> {
  await deliverByLmtp(dovecot, {
    from: 'late@example.test',
    to: [to],
    raw: await buildMessage({ from: 'Late Sender <late@example.test>', to: [to], subject }),
  });
}

test.describe('a mailbox of 20,000 messages', () => {
  test.setTimeout(180_000);

  test('opens at the top, fills a far jump with the right rows, keeps the place as mail arrives', async ({
    page,
    stack,
  }) => {
    // A fixed address: the generated messages name their recipient, so the cache can serve it.
    const user = { email: 'big-mailbox-e2e@example.test', password: 'big-mailbox-e2e' };
    await stack.dovecot.addUser(user);
    await fillMailbox(stack.dovecot, user, { count: MESSAGES, seed: 20, cacheDir: CACHE_DIR });
    const other = await MailClient.connect(stack.dovecot, user);
    // Display order is newest first: position p holds the p-th highest UID.
    const newestFirst = (await other.uids('INBOX')).sort((a, b) => b - a);
    expect(newestFirst).toHaveLength(MESSAGES);

    await signInThroughUi(page, stack, user);
    const grid = messages(page);
    await expect(grid.locator('[role="row"][data-uid]').first()).toBeVisible();
    await expect(grid).toHaveAttribute('aria-rowcount', String(MESSAGES));
    const top = await visibleRows(page);
    expect(top[0]).toMatchObject({ position: 0, uid: newestFirst[0] });

    // A far jump: every row in view is filled, and with the message the server has there.
    await grid.evaluate((el, fraction) => {
      el.scrollTop = Math.round(fraction * (el.scrollHeight - el.clientHeight));
    }, JUMP_FRACTION);
    await expect
      .poll(async () => {
        const rows = await visibleRows(page);
        return rows.length > 0 && rows.every((row) => row.uid !== null);
      })
      .toBe(true);
    const before = await visibleRows(page);
    const middle = Math.round(JUMP_FRACTION * MESSAGES);
    expect(before[0]!.position).toBeGreaterThan(middle - 50);
    expect(before[before.length - 1]!.position).toBeLessThan(middle + 50);
    for (const row of before) expect(row.uid).toBe(newestFirst[row.position]);
    // A window, not the list.
    expect(await grid.locator('[role="row"]').count()).toBeLessThan(200);

    // New mail arrives at the top while the user reads the middle: the count grows, and the
    // rows they look at stay where they are on screen.
    await deliverLate(stack.dovecot, user.email, 'Arrived while you were scrolled away');
    await expect(grid).toHaveAttribute('aria-rowcount', String(MESSAGES + 1));
    const after = await visibleRows(page);
    const place = (rows: ShownRow[]) => rows.map(({ uid, top: y }) => ({ uid, top: y }));
    expect(place(after)).toEqual(place(before));
    // Same messages, each one position further down.
    for (const row of after) expect(row.uid).toBe(newestFirst[row.position - 1]);

    // Back at the top, the new message leads the list.
    const newUid = Math.max(...(await other.uids('INBOX')));
    await grid.evaluate((el) => (el.scrollTop = 0));
    await expect(grid.locator('[role="row"][aria-rowindex="1"]')).toHaveAttribute(
      'data-uid',
      String(newUid),
    );
    await expect(grid.locator('[role="row"][aria-rowindex="1"]')).toContainText(
      'Arrived while you were scrolled away',
    );
    await other.close();
  });

  test('selects the whole folder past the loaded rows, deletes it in batches and undoes that; mail that arrives after stays', async ({
    page,
    stack,
  }) => {
    const user = { email: 'big-mailbox-all@example.test', password: 'big-mailbox-all' };
    await stack.dovecot.addUser(user);
    const filled = await fillMailbox(stack.dovecot, user, {
      count: WHOLE_FOLDER,
      seed: 21,
      cacheDir: CACHE_DIR,
    });
    const other = await MailClient.connect(stack.dovecot, user);

    await signInThroughUi(page, stack, user);
    const grid = messages(page);
    await expect(grid).toHaveAttribute('aria-rowcount', String(WHOLE_FOLDER));
    const toolbar = page.getByRole('toolbar', { name: 'Selected messages' });
    await toolbar.getByRole('button', { name: 'Select all', exact: true }).click();
    // Only the loaded rows so far; the folder is offered.
    const loadedSelected = toolbar.getByText(/^\d+ selected$/);
    await expect(loadedSelected).toBeVisible();
    // Unread mail past the loaded rows, so some stays unread when they are marked read.
    expect(filled.unseen).toBeGreaterThan(parseInt(await loadedSelected.innerText(), 10));
    // Once the loaded rows are read, the buttons offer Mark as unread for them.
    await toolbar.getByRole('button', { name: 'Mark as read' }).click();
    await expect(toolbar.getByRole('button', { name: 'Mark as unread' })).toBeVisible();
    const wholeFolder = `Select all ${WHOLE_FOLDER.toLocaleString('en-US')} in Inbox`;
    await toolbar.getByRole('button', { name: wholeFolder }).click();
    await expect(
      toolbar.getByText(`${WHOLE_FOLDER.toLocaleString('en-US')} selected`),
    ).toBeVisible();
    // The rest of the folder holds unread mail: what the loaded rows say is not the answer.
    await expect(toolbar.getByRole('button', { name: 'Mark as read' })).toBeVisible();

    // Arrives after the selection was made: not part of it.
    await deliverLate(stack.dovecot, user.email, 'Came after select all');
    await expect(grid).toHaveAttribute('aria-rowcount', String(WHOLE_FOLDER + 1));

    // Acting on thousands of messages not on screen asks first; Cancel does nothing.
    const unseen = (await other.status('INBOX')).unseen;
    await toolbar.getByRole('button', { name: 'Mark as read' }).click();
    const ask = page.getByRole('dialog', {
      name: `Act on ${WHOLE_FOLDER.toLocaleString('en-US')} messages?`,
    });
    await expect(ask).toContainText(
      `Mark as read: all ${WHOLE_FOLDER.toLocaleString('en-US')} messages selected in Inbox`,
    );
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await expect(ask).toHaveCount(0);
    expect((await other.status('INBOX')).unseen).toBe(unseen);

    await toolbar.getByRole('button', { name: 'Delete', exact: true }).click();
    await ask.getByRole('button', { name: 'Move to Trash' }).click();
    await expect(
      page.getByText(`Moved ${WHOLE_FOLDER.toLocaleString('en-US')} messages to Trash`),
    ).toBeVisible({ timeout: 60_000 });
    await expect(grid).toHaveAttribute('aria-rowcount', '1');
    await expect(grid.locator('[role="row"][data-uid]')).toContainText('Came after select all');
    expect((await other.status('INBOX')).messages).toBe(1);
    expect((await other.status('Trash')).messages).toBe(WHOLE_FOLDER);

    // Two requests, one Undo: every message comes back.
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect(grid).toHaveAttribute('aria-rowcount', String(WHOLE_FOLDER + 1), {
      timeout: 60_000,
    });
    expect((await other.status('Trash')).messages).toBe(0);
    await other.close();
  });
});
