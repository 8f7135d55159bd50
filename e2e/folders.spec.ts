import type { Page } from '@playwright/test';
import {
  expect,
  folders,
  messages,
  rowByUid,
  seedInbox,
  signInThroughUi,
  test,
} from './support/fixtures.ts';
import { buildMessage } from '@tidings/testkit';
import { openMessage, reader } from './support/reader.ts';
import { holdAnswers } from './support/socket-hold.ts';

/** A folder's own button: its name begins with the folder's name (then its unread count). */
function folder(page: Page, name: string) {
  return folders(page).getByRole('button', { name: new RegExp(`^${name}(\\s|$)`) });
}

function folderActions(page: Page, label: string) {
  return folders(page).getByRole('button', { name: `Folder actions: ${label}`, exact: true });
}

async function chooseFolderAction(page: Page, label: string, item: string) {
  await folderActions(page, label).click();
  await page
    .getByRole('menu', { name: `Folder actions: ${label}` })
    .getByRole('menuitem', { name: item })
    .click();
}

function newFolderDialog(page: Page) {
  return page.getByRole('dialog', { name: 'New folder' });
}

async function createFolder(page: Page, name: string, inside?: string) {
  await folders(page).getByRole('button', { name: 'New folder', exact: true }).click();
  const dialog = newFolderDialog(page);
  await dialog.getByRole('textbox', { name: 'Folder name' }).fill(name);
  if (inside) await dialog.getByRole('combobox', { name: 'Inside' }).selectOption(inside);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toHaveCount(0);
}

test.describe('folders', () => {
  test('a rename answered after the new folder list still takes the open subfolder along', async ({
    page,
    stack,
    user,
  }) => {
    const renameAnswers = await holdAnswers(page, 'mailbox:rename');
    await signInThroughUi(page, stack, user);
    await createFolder(page, 'Plans');
    await createFolder(page, 'Q3', 'Plans');
    await folder(page, 'Q3').click();
    await expect(folder(page, 'Q3')).toHaveAttribute('aria-current', 'true');

    await chooseFolderAction(page, 'Plans', 'Rename or move…');
    const rename = page.getByRole('dialog', { name: 'Rename or move folder' });
    await rename.getByRole('textbox', { name: 'Folder name' }).fill('Goals');
    await rename.getByRole('button', { name: 'Save' }).click();
    // The gateway tells the tabs of the new list before it answers the rename (held here):
    // the open folder is gone from the list, and the tab must not leave it for the Inbox.
    await expect(folder(page, 'Goals')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Q3', exact: true })).toBeVisible();
    expect(await page.getByRole('alert').count()).toBe(0);

    renameAnswers.release();
    await expect(rename).toHaveCount(0);
    await expect(folder(page, 'Q3')).toHaveAttribute('aria-current', 'true');
    await expect(page.getByRole('heading', { name: 'Q3', exact: true })).toBeVisible();
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  test('create a folder and a subfolder; renaming the parent takes the open subfolder along; move it out', async ({
    page,
    stack,
    user,
    other,
  }) => {
    await signInThroughUi(page, stack, user);

    // A top-level folder, by the Create button.
    await folders(page).getByRole('button', { name: 'New folder', exact: true }).click();
    const dialog = newFolderDialog(page);
    const inside = dialog.getByRole('combobox', { name: 'Inside' });
    await expect(inside.locator('option').first()).toHaveText('Top level');
    await expect(inside).toHaveValue('');
    await dialog.getByRole('textbox', { name: 'Folder name' }).fill('Projects');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(folder(page, 'Projects')).toBeVisible();
    await expect.poll(() => other.folders()).toContain('Projects');

    // A subfolder inside it, submitted with Enter.
    await folders(page).getByRole('button', { name: 'New folder', exact: true }).click();
    await dialog.getByRole('textbox', { name: 'Folder name' }).fill('2026');
    await inside.selectOption('Projects');
    await dialog.getByRole('textbox', { name: 'Folder name' }).press('Enter');
    await expect(dialog).toHaveCount(0);
    await expect.poll(() => other.folders()).toContain('Projects/2026');
    // Listed under its parent: alphabetically, "2026" would come before "Projects".
    const userFolders = folders(page).getByRole('button', {
      name: /^(Projects|2026|Work)(\s|$)/,
    });
    await expect(userFolders).toHaveText(['Projects', '2026']);

    // Open the subfolder, then rename its parent.
    await folder(page, '2026').click();
    await expect(folder(page, '2026')).toHaveAttribute('aria-current', 'true');
    await chooseFolderAction(page, 'Projects', 'Rename or move…');
    const rename = page.getByRole('dialog', { name: 'Rename or move folder' });
    const name = rename.getByRole('textbox', { name: 'Folder name' });
    await expect(name).toHaveValue('Projects');
    await name.fill('Work');
    await rename.getByRole('button', { name: 'Save' }).click();
    await expect(rename).toHaveCount(0);

    await expect(userFolders).toHaveText(['Work', '2026']);
    await expect.poll(() => other.folders()).toContain('Work/2026');
    expect(await other.folders()).not.toContain('Projects');
    // The open folder followed the rename instead of falling back to the Inbox.
    await expect(folder(page, '2026')).toHaveAttribute('aria-current', 'true');
    await expect(page.getByRole('heading', { name: '2026', exact: true })).toBeVisible();
    // Counted once, not waited for: a fallback would have shown its notice by now.
    expect(await page.getByRole('alert').count()).toBe(0);

    // A folder with subfolders cannot be deleted: the dialog says why and offers no Delete.
    await chooseFolderAction(page, 'Work', 'Delete folder…');
    const question = page.getByRole('dialog', { name: 'Delete the folder “Work”?' });
    await expect(question).toContainText('has subfolders');
    await expect(question.getByRole('button', { name: 'Delete folder' })).toHaveCount(0);
    await question.getByRole('button', { name: 'Close' }).click();
    await expect(question).toHaveCount(0);
    expect(await other.folders()).toContain('Work');

    // Move the open subfolder to the top level: same name, another place ("Inside").
    await chooseFolderAction(page, '2026', 'Rename or move…');
    const move = page.getByRole('dialog', { name: 'Rename or move folder' });
    const place = move.getByRole('combobox', { name: 'Inside' });
    await expect(place).toHaveValue('Work');
    // Not inside itself: the folder is no choice for its own place.
    await expect(place.locator('option', { hasText: '2026' })).toHaveCount(0);
    await place.selectOption({ label: 'Top level' });
    await move.getByRole('button', { name: 'Save' }).click();
    await expect(move).toHaveCount(0);
    await expect.poll(() => other.folders()).toContain('2026');
    expect(await other.folders()).not.toContain('Work/2026');
    await expect(folder(page, '2026')).toHaveAttribute('aria-current', 'true');
  });

  test('deleting a folder moves its messages to Trash, after the user confirms', async ({
    page,
    stack,
    user,
    other,
  }) => {
    await seedInbox(other, user, 3);
    await other.createMailbox('Receipts');
    const [, moved] = await other.uids('INBOX');
    await signInThroughUi(page, stack, user);

    // Move a message into the folder, then open it.
    await openMessage(page, moved!);
    await reader(page).getByRole('button', { name: 'Move to' }).click();
    await page
      .getByRole('menu', { name: 'Move to folder' })
      .getByRole('menuitem', { name: 'Receipts' })
      .click();
    await expect(rowByUid(page, moved!)).toHaveCount(0);
    await expect.poll(() => other.uids('Receipts')).toHaveLength(1);
    await folder(page, 'Receipts').click();
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '1');

    // Cancel leaves it be.
    await chooseFolderAction(page, 'Receipts', 'Delete folder…');
    const question = page.getByRole('dialog', { name: 'Delete the folder “Receipts”?' });
    await expect(question).toContainText('The 1 message in it will be moved to Trash.');
    await question.getByRole('button', { name: 'Cancel' }).click();
    await expect(question).toHaveCount(0);
    expect(await other.folders()).toContain('Receipts');

    await chooseFolderAction(page, 'Receipts', 'Delete folder…');
    await question.getByRole('button', { name: 'Delete folder' }).click();
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: 'Folder “Receipts” deleted; 1 message moved to Trash.' }),
    ).toBeVisible();
    // The deleted folder was open: the Inbox is, with no complaint about a vanished folder (a
    // fallback shows its notice as it opens the Inbox, so it is counted once, not waited for).
    await expect(folder(page, 'Inbox')).toHaveAttribute('aria-current', 'true');
    expect(await page.getByRole('alert').count()).toBe(0);
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '2');
    await expect(folder(page, 'Receipts')).toHaveCount(0);
    await expect.poll(() => other.folders()).not.toContain('Receipts');
    expect(await other.uids('Trash')).toHaveLength(1);

    // The message is in Trash.
    await folder(page, 'Trash').click();
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '1');
    await expect(messages(page)).toContainText('Seeded message 2');
  });

  test('only the user’s folders have actions; a refused name shows the reason in the dialog', async ({
    page,
    stack,
    user,
    other,
  }) => {
    await other.createMailbox('Projects');
    await other.createMailbox('Projects/Notes');
    await other.createMailbox('Notes');
    await signInThroughUi(page, stack, user);
    await expect(folder(page, 'Projects')).toBeVisible();
    // Two folders named alike are told apart by where the nested one sits.
    await expect(folderActions(page, 'Notes')).toBeVisible();
    await expect(folderActions(page, 'Notes in Projects')).toBeVisible();
    await expect(folder(page, 'Notes in Projects')).toHaveCount(1);

    for (const special of ['Inbox', 'Drafts', 'Sent', 'Archive']) {
      await expect(folder(page, special)).toBeVisible();
      await expect(folderActions(page, special)).toHaveCount(0);
    }
    // Trash and Junk are only emptied: never renamed, moved or deleted.
    for (const emptiable of ['Trash', 'Junk']) {
      await folderActions(page, emptiable).click();
      const items = page
        .getByRole('menu', { name: `Folder actions: ${emptiable}` })
        .getByRole('menuitem');
      await expect(items).toHaveText([`Empty ${emptiable}…`]);
      await page.keyboard.press('Escape');
    }
    await expect(folderActions(page, 'Projects')).toBeVisible();

    // Escape closes the menu and gives the focus back to its button.
    await folderActions(page, 'Projects').click();
    const menu = page.getByRole('menu', { name: 'Folder actions: Projects' });
    await expect(menu.getByRole('menuitem', { name: 'Rename or move…' })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(menu.getByRole('menuitem', { name: 'Delete folder…' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(menu).toHaveCount(0);
    await expect(folderActions(page, 'Projects')).toBeFocused();

    // The hierarchy delimiter: the gateway's reason, the typed name kept.
    await folders(page).getByRole('button', { name: 'New folder', exact: true }).click();
    const dialog = newFolderDialog(page);
    const name = dialog.getByRole('textbox', { name: 'Folder name' });
    await expect(name).toBeFocused();
    await name.fill('Plans/2026');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog.getByRole('alert')).toContainText('cannot contain "/"');
    await expect(name).toHaveValue('Plans/2026');

    // A pasted tab: refused in the browser, in the protocol's words, before anything is sent.
    await name.fill('Tab\there');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog.getByRole('alert')).toHaveText(
      'A folder name cannot hold control characters such as tabs.',
    );

    // A name taken already.
    await name.fill('Projects');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog.getByRole('alert')).toContainText('already exists');
    await expect(name).toHaveValue('Projects');

    // Spaces at either end, which nobody means to name a folder with, are left out.
    await name.fill(' Plans ');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(folder(page, 'Plans')).toBeVisible();
    const created = await other.folders();
    expect(created.filter((path) => path.includes('Plans'))).toEqual(['Plans']);
  });

  test('emptying Trash deletes its messages for good, after the user confirms', async ({
    page,
    stack,
    user,
    other,
  }) => {
    await seedInbox(other, user, 3);
    const [first, second] = await other.uids('INBOX');
    await other.move('INBOX', [first!, second!], 'Trash');
    await signInThroughUi(page, stack, user);
    await folder(page, 'Trash').click();
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '2');

    await chooseFolderAction(page, 'Trash', 'Empty Trash…');
    const question = page.getByRole('dialog', { name: 'Empty Trash?' });
    await expect(question).toContainText('The 2 messages in Trash will be deleted for good.');
    await question.getByRole('button', { name: 'Empty Trash' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'Trash emptied; 2 messages deleted for good.' }),
    ).toBeVisible();
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '0');
    expect(await other.uids('Trash')).toEqual([]);
    expect(await other.uids('INBOX')).toHaveLength(1);

    // Now there is nothing to confirm.
    await chooseFolderAction(page, 'Trash', 'Empty Trash…');
    const empty = page.getByRole('dialog', { name: 'Empty Trash?' });
    await expect(empty).toContainText('Trash is empty.');
    await expect(empty.getByRole('button', { name: 'Empty Trash' })).toHaveCount(0);
    await empty.getByRole('button', { name: 'Close' }).click();
  });

  test('mark all as read: the open folder’s rows and counts, and another folder’s count', async ({
    page,
    stack,
    user,
    other,
  }) => {
    await seedInbox(other, user, 6); // two of them unread
    await other.createMailbox('Lists');
    for (const subject of ['List one', 'List two', 'List three']) {
      const raw = await buildMessage({
        from: 'List <list@example.test>',
        to: [user.email],
        subject,
      });
      await other.append('Lists', raw);
    }
    await signInThroughUi(page, stack, user);
    await expect(messages(page).locator('[role="row"][data-unread="true"]')).toHaveCount(2);
    await expect(folder(page, 'Lists')).toContainText('3');

    await chooseFolderAction(page, 'Inbox', 'Mark all as read');
    await expect(
      page.getByRole('status').filter({ hasText: '2 messages in Inbox marked as read.' }),
    ).toBeVisible();
    await expect(messages(page).locator('[role="row"][data-unread="true"]')).toHaveCount(0);
    await expect(messages(page).locator('[role="row"][data-unread="false"]')).toHaveCount(6);
    await expect(page).not.toHaveTitle(/^\(\d+\)/);
    // Nothing unread: nothing to offer, so the Inbox has no menu now.
    await expect(folderActions(page, 'Inbox')).toHaveCount(0);

    await chooseFolderAction(page, 'Lists', 'Mark all as read');
    await expect(folder(page, 'Lists')).toHaveAccessibleName(/^Lists$/);
    expect((await other.status('Lists')).unseen).toBe(0);
    // Still renamed and deleted from the same menu.
    await folderActions(page, 'Lists').click();
    await expect(
      page.getByRole('menu', { name: 'Folder actions: Lists' }).getByRole('menuitem'),
    ).toHaveText(['Rename or move…', 'Delete folder…']);
  });

  test('another page of the account sees folders come and go without reloading', async ({
    page,
    browser,
    stack,
    user,
  }) => {
    await signInThroughUi(page, stack, user);
    const context = await browser.newContext();
    try {
      const second = await context.newPage();
      await signInThroughUi(second, stack, user);
      await expect(folder(second, 'Inbox')).toBeVisible();
      await expect(folder(second, 'Ideas')).toHaveCount(0);

      await createFolder(page, 'Ideas');
      await expect(folder(second, 'Ideas')).toBeVisible();

      await chooseFolderAction(page, 'Ideas', 'Rename or move…');
      const rename = page.getByRole('dialog', { name: 'Rename or move folder' });
      await rename.getByRole('textbox', { name: 'Folder name' }).fill('Plans');
      await rename.getByRole('button', { name: 'Save' }).click();
      await expect(folder(second, 'Plans')).toBeVisible();
      await expect(folder(second, 'Ideas')).toHaveCount(0);

      await chooseFolderAction(page, 'Plans', 'Delete folder…');
      await page
        .getByRole('dialog', { name: 'Delete the folder “Plans”?' })
        .getByRole('button', { name: 'Delete folder' })
        .click();
      await expect(
        page.getByRole('status').filter({ hasText: 'Folder “Plans” deleted.' }),
      ).toBeVisible();
      await expect(folder(second, 'Plans')).toHaveCount(0);
    } finally {
      await context.close();
    }
  });
});

test('rows in Sent name the recipients, rows elsewhere the sender', async ({
  page,
  stack,
  user,
  other,
}) => {
  const mine = await buildMessage({
    from: `Me <${user.email}>`,
    to: ['Nora Ellis <nora@example.test>', 'Henrik <henrik@example.test>'],
    subject: 'Dinner on Saturday?',
    text: 'Hey Nora!',
  });
  const { uid: sentUid } = await other.append('Sent', mine, ['\\Seen']);
  const theirs = await buildMessage({
    from: 'Nora Ellis <nora@example.test>',
    to: [user.email],
    subject: 'Re: Dinner on Saturday?',
    text: 'Works for me.',
  });
  const { uid: inboxUid } = await other.append('INBOX', theirs);
  await signInThroughUi(page, stack, user);

  await expect(rowByUid(page, inboxUid)).toContainText('Nora Ellis');
  await expect(rowByUid(page, inboxUid)).not.toContainText('To:');
  await folder(page, 'Sent').click();
  const sent = rowByUid(page, sentUid);
  await expect(sent).toContainText('To: Nora Ellis, Henrik');
  await expect(sent).not.toContainText('Me');
  await expect(sent.getByRole('gridcell').first()).toHaveAttribute(
    'title',
    'nora@example.test, henrik@example.test',
  );

  // The user's own mail is not junk to report: no Junk button (nor key) in Sent, as in Gmail.
  await sent.click();
  const toolbar = page.getByRole('toolbar', { name: 'Message actions' });
  await expect(toolbar.getByRole('button', { name: 'Archive', exact: true })).toBeVisible();
  await expect(toolbar.getByRole('button', { name: 'Junk', exact: true })).toHaveCount(0);
  await page.keyboard.press('!');
  await expect(sent).toBeVisible();
  expect(await other.uids('Sent')).toEqual([sentUid]);
  await folder(page, 'Inbox').click();
  await rowByUid(page, inboxUid).click();
  await expect(toolbar.getByRole('button', { name: 'Junk', exact: true })).toBeVisible();
});
