import type { Page } from '@playwright/test';
import type { MailClient } from '@tidings/testkit';
import {
  expect,
  messages,
  rowByUid,
  seedInbox,
  signInThroughUi,
  test,
} from './support/fixtures.ts';
import { reader } from './support/reader.ts';
import { holdAnswers } from './support/socket-hold.ts';

/** The reader's buttons: Archive etc. are also folder names in the folder list. */
function readerActions(page: Page) {
  return reader(page).getByRole('toolbar', { name: 'Message actions' });
}

function selectionBar(page: Page) {
  return page.getByRole('toolbar', { name: 'Selected messages' });
}

function folder(page: Page, name: string) {
  return page
    .getByRole('navigation', { name: 'Folders' })
    .getByRole('button', { name: new RegExp(`^${name}`) });
}

async function open(page: Page, uid: number) {
  await rowByUid(page, uid).click();
  await expect(reader(page).locator(`article[data-uid="${uid}"]`)).toBeVisible();
}

async function flagsOf(other: MailClient, mailbox: string, uid: number): Promise<string[]> {
  return (await other.flags(mailbox)).get(uid) ?? [];
}

test.describe('actions', () => {
  test('flag, mark unread, archive, delete and move from the reader; undo puts it back', async ({
    page,
    stack,
    user,
    other,
  }) => {
    await seedInbox(other, user, 6);
    await other.createMailbox('Projects');
    const [u1, u2, u3, , u5, u6] = await other.uids('INBOX');
    await signInThroughUi(page, stack, user);
    const grid = messages(page);
    await expect(grid).toHaveAttribute('aria-rowcount', '6');

    // Flag and unflag.
    await open(page, u6!);
    await readerActions(page).getByRole('button', { name: 'Flag', exact: true }).click();
    await expect(rowByUid(page, u6!)).toHaveAttribute('data-flagged', 'true');
    await expect.poll(() => flagsOf(other, 'INBOX', u6!)).toContain('\\Flagged');
    await readerActions(page).getByRole('button', { name: 'Unflag', exact: true }).click();
    await expect(rowByUid(page, u6!)).toHaveAttribute('data-flagged', 'false');
    await expect.poll(() => flagsOf(other, 'INBOX', u6!)).not.toContain('\\Flagged');

    // Opening marked it read; mark it unread again.
    await expect.poll(() => flagsOf(other, 'INBOX', u6!)).toContain('\\Seen');
    await readerActions(page).getByRole('button', { name: 'Mark as unread' }).click();
    await expect(rowByUid(page, u6!)).toHaveAttribute('data-unread', 'true');
    await expect.poll(() => flagsOf(other, 'INBOX', u6!)).not.toContain('\\Seen');
    await readerActions(page).getByRole('button', { name: 'Mark as read' }).click();
    await expect.poll(() => flagsOf(other, 'INBOX', u6!)).toContain('\\Seen');

    // Archive: the row goes at once, the message is in Archive; Undo brings it back.
    await readerActions(page).getByRole('button', { name: 'Archive', exact: true }).click();
    await expect(rowByUid(page, u6!)).toHaveCount(0);
    await expect(grid).toHaveAttribute('aria-rowcount', '5');
    await expect.poll(() => other.uids('Archive')).toHaveLength(1);
    expect(await other.uids('INBOX')).not.toContain(u6);
    await expect(page.getByRole('status').filter({ hasText: 'Archived 1 message' })).toBeVisible();
    // The next message took its place in the reader.
    await expect(reader(page).locator('article[data-uid]')).toHaveAttribute('data-uid', String(u5));
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(() => other.uids('Archive')).toHaveLength(0);
    await expect.poll(async () => (await other.uids('INBOX')).length).toBe(6);
    await expect(grid).toHaveAttribute('aria-rowcount', '6');
    await expect(grid).toContainText('Seeded message 6');
    await expect(page.getByRole('status').filter({ hasText: 'Restored 1 message' })).toBeVisible();

    // Delete: to Trash.
    await open(page, u3!);
    await readerActions(page).getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(rowByUid(page, u3!)).toHaveCount(0);
    await expect.poll(() => other.uids('Trash')).toHaveLength(1);
    await expect(
      page.getByRole('status').filter({ hasText: 'Moved 1 message to Trash' }),
    ).toBeVisible();

    // Move to, by the menu.
    await open(page, u2!);
    await readerActions(page).getByRole('button', { name: 'Move to' }).click();
    await page
      .getByRole('menu', { name: 'Move to folder' })
      .getByRole('menuitem', { name: 'Projects' })
      .click();
    await expect(rowByUid(page, u2!)).toHaveCount(0);
    await expect.poll(() => other.uids('Projects')).toHaveLength(1);

    // Move to, by dragging the row onto the folder.
    await rowByUid(page, u1!).dragTo(folder(page, 'Projects'));
    await expect(rowByUid(page, u1!)).toHaveCount(0);
    await expect.poll(() => other.uids('Projects')).toHaveLength(2);
    await expect(grid).toHaveAttribute('aria-rowcount', '3');
  });

  test('select with click, shift-click, ctrl-click and select all; act on the selection', async ({
    page,
    stack,
    user,
    other,
  }) => {
    await seedInbox(other, user, 6);
    const uids = await other.uids('INBOX');
    const [u1, u2, u3, u4, u5, u6] = uids as [number, number, number, number, number, number];
    await signInThroughUi(page, stack, user);
    const grid = messages(page);
    await expect(grid).toHaveAttribute('aria-rowcount', '6');
    const selectedRows = grid.locator('[role="row"][aria-selected="true"]');

    // Newest first: 6, 5, 4, 3, 2, 1. Click 5, shift-click 2: four rows.
    await rowByUid(page, u5).click();
    await rowByUid(page, u2).click({ modifiers: ['Shift'] });
    await expect(selectedRows).toHaveCount(4);
    await expect(selectionBar(page)).toContainText('4 selected');
    await expect(reader(page)).toContainText('4 messages selected');

    // Ctrl-click takes 3 out and adds 6.
    await rowByUid(page, u3).click({ modifiers: ['ControlOrMeta'] });
    await rowByUid(page, u6).click({ modifiers: ['ControlOrMeta'] });
    await expect(selectedRows).toHaveCount(4);
    for (const uid of [u6, u5, u4, u2]) {
      await expect(rowByUid(page, uid)).toHaveAttribute('aria-selected', 'true');
    }
    await expect(rowByUid(page, u3)).toHaveAttribute('aria-selected', 'false');

    // Bulk flag, then bulk archive, then undo.
    await selectionBar(page).getByRole('button', { name: 'Flag', exact: true }).click();
    await expect
      .poll(async () => {
        const flags = await other.flags('INBOX');
        return uids.filter((uid) => flags.get(uid)?.includes('\\Flagged'));
      })
      .toEqual([u2, u4, u5, u6]);
    await selectionBar(page).getByRole('button', { name: 'Archive', exact: true }).click();
    await expect(grid).toHaveAttribute('aria-rowcount', '2');
    await expect.poll(() => other.uids('Archive')).toHaveLength(4);
    expect(await other.uids('INBOX')).toEqual([u1, u3]);
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(async () => (await other.uids('INBOX')).length).toBe(6);
    expect(await other.uids('Archive')).toEqual([]);
    await expect(grid).toHaveAttribute('aria-rowcount', '6');

    // Select all in view, mark all read, delete all.
    await selectionBar(page).getByRole('button', { name: 'Select all' }).click();
    await expect(selectedRows).toHaveCount(6);
    await selectionBar(page).getByRole('button', { name: 'Mark as read' }).click();
    await expect.poll(async () => (await other.status('INBOX')).unseen).toBe(0);
    await selectionBar(page).getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(grid).toHaveAttribute('aria-rowcount', '0');
    await expect.poll(() => other.uids('Trash')).toHaveLength(6);
    expect(await other.uids('INBOX')).toEqual([]);
  });

  test('deleting from Trash asks first, then deletes for good', async ({
    page,
    stack,
    user,
    other,
  }) => {
    await seedInbox(other, user, 2);
    await other.move('INBOX', await other.uids('INBOX'), 'Trash');
    const [t1, t2] = await other.uids('Trash');
    await signInThroughUi(page, stack, user);
    await folder(page, 'Trash').click();
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '2');

    await open(page, t2!);
    await readerActions(page).getByRole('button', { name: 'Delete', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete forever?' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    expect(await other.uids('Trash')).toEqual([t1, t2]);

    await readerActions(page).getByRole('button', { name: 'Delete', exact: true }).click();
    await dialog.getByRole('button', { name: 'Delete forever' }).click();
    await expect(rowByUid(page, t2!)).toHaveCount(0);
    await expect.poll(() => other.uids('Trash')).toEqual([t1]);
    await expect(
      page.getByRole('status').filter({ hasText: 'Deleted 1 message forever' }),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: 'Undo', exact: true })).toHaveCount(0);
  });

  test('Junk moves to Junk with $Junk; there, Not junk (or !) moves back with $NotJunk', async ({
    page,
    stack,
    user,
    other,
  }) => {
    await seedInbox(other, user, 3);
    const [, u2, u3] = await other.uids('INBOX');
    await signInThroughUi(page, stack, user);
    await open(page, u3!);
    await readerActions(page).getByRole('button', { name: 'Junk', exact: true }).click();
    await expect(rowByUid(page, u3!)).toHaveCount(0);
    await expect(
      page.getByRole('status').filter({ hasText: 'Reported 1 message as junk' }),
    ).toBeVisible();
    await expect.poll(() => other.uids('Junk')).toHaveLength(1);
    const [j1] = await other.uids('Junk');
    expect(await flagsOf(other, 'Junk', j1!)).toContain('$Junk');

    // The keyboard: ! on the open message.
    await open(page, u2!);
    await page.keyboard.press('!');
    await expect(rowByUid(page, u2!)).toHaveCount(0);
    await expect.poll(() => other.uids('Junk')).toHaveLength(2);

    await folder(page, 'Junk').click();
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '2');
    await open(page, j1!);
    await expect(
      readerActions(page).getByRole('button', { name: 'Junk', exact: true }),
    ).toHaveCount(0);
    await readerActions(page).getByRole('button', { name: 'Not junk' }).click();
    await expect(rowByUid(page, j1!)).toHaveCount(0);
    await expect.poll(() => other.uids('Junk')).toHaveLength(1);
    const inbox = await other.flags('INBOX');
    const rescued = [...inbox.values()].filter((flags) => flags.includes('$NotJunk'));
    expect(rescued).toHaveLength(1);
    expect(rescued[0]).not.toContain('$Junk');
  });

  test('a move into a folder another client just deleted is rolled back with the reason', async ({
    page,
    stack,
    user,
    other,
  }) => {
    await seedInbox(other, user, 3);
    await other.createMailbox('Doomed');
    const before = await other.uids('INBOX');
    const target = before[1]!;
    await signInThroughUi(page, stack, user);
    await open(page, target);

    await readerActions(page).getByRole('button', { name: 'Move to' }).click();
    const item = page
      .getByRole('menu', { name: 'Move to folder' })
      .getByRole('menuitem', { name: 'Doomed' });
    await expect(item).toBeVisible();
    await other.deleteMailbox('Doomed');
    await item.click();

    await expect(page.getByRole('alert')).toContainText(/Could not move the message/);
    await expect(rowByUid(page, target)).toBeVisible();
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '3');
    expect(await other.uids('INBOX')).toEqual(before);
  });

  test('a Move to menu opened before the folder list came fills in when it does', async ({
    page,
    stack,
    user,
    other,
  }) => {
    await seedInbox(other, user, 2);
    await other.createMailbox('Later');
    const [target] = await other.uids('INBOX');
    const folderList = await holdAnswers(page, 'mailbox:list');
    await signInThroughUi(page, stack, user);
    await open(page, target!);

    await readerActions(page).getByRole('button', { name: 'Move to' }).click();
    const menu = page.getByRole('menu', { name: 'Move to folder' });
    await expect(menu).toContainText('Loading folders…');
    folderList.release();
    await menu.getByRole('menuitem', { name: 'Later' }).click();

    await expect(rowByUid(page, target!)).toHaveCount(0);
    await expect.poll(() => other.uids('Later')).toHaveLength(1);
  });
});
