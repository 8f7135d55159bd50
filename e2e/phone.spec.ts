import type { Page } from '@playwright/test';
import { buildMessage } from '@tidings/testkit';
import {
  expect,
  folders,
  messages,
  rowByUid,
  seedInbox,
  signInThroughUi,
  test,
} from './support/fixtures.ts';
import { openMessage, reader } from './support/reader.ts';

function foldersButton(page: Page) {
  return page.getByRole('button', { name: 'Folders', exact: true });
}

/** Nothing sticks out sideways: a phone would scroll the whole page left and right. */
async function expectNoSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).toBe(0);
}

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 800 } });

  test('one pane at a time: the messages, the folders from the Folders button, a message', async ({
    page,
    stack,
    user,
    other,
  }) => {
    await seedInbox(other, user, 14);
    await other.createMailbox('Projects');
    const raw = await buildMessage({
      from: 'Ada <ada@example.test>',
      to: [user.email],
      subject: 'Project plan',
      text: 'Read on a phone.',
    });
    const { uid: planned } = await other.append('Projects', raw);
    await signInThroughUi(page, stack, user);

    await expect(messages(page).getByRole('row').first()).toBeVisible();
    await expect(folders(page)).toBeHidden();
    await expectNoSidewaysScroll(page);
    // Compose stays at hand over the list, clear of the last row once scrolled to the end.
    const compose = page.getByRole('button', { name: 'Compose', exact: true });
    await expect(compose).toBeVisible();
    const grid = messages(page);
    await grid.evaluate((element) => element.scrollTo(0, element.scrollHeight));
    const lastRow = grid.getByRole('row').last();
    await expect(lastRow).toBeInViewport();
    const [composeBox, rowBox] = [await compose.boundingBox(), await lastRow.boundingBox()];
    expect(composeBox!.y).toBeGreaterThan(rowBox!.y + rowBox!.height);

    await foldersButton(page).click();
    await expect(foldersButton(page)).toHaveAttribute('aria-expanded', 'true');
    await expect(folders(page)).toBeVisible();
    await expect(messages(page)).toBeHidden();
    await expectNoSidewaysScroll(page);

    // Choosing a folder shows its messages in place of the folders.
    await folders(page)
      .getByRole('button', { name: /^Projects(\s|$)/ })
      .click();
    await expect(folders(page)).toBeHidden();
    await expect(foldersButton(page)).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByRole('heading', { level: 1, name: 'Projects' })).toBeVisible();
    await expect(rowByUid(page, planned)).toBeVisible();

    // A message takes the screen; Back returns to the list.
    await openMessage(page, planned);
    await expect(messages(page)).toBeHidden();
    await expect(compose).toBeHidden();
    await expectNoSidewaysScroll(page);
    // Its buttons, icons named by their labels, take one row, every one in view.
    const toolbar = reader(page).getByRole('toolbar', { name: 'Message actions' });
    expect((await toolbar.boundingBox())!.height).toBeLessThan(60);
    for (const name of [
      'Back',
      'Reply',
      'Reply all',
      'Forward',
      'Archive',
      'Delete',
      'Junk',
      'Move to',
      'Mark as unread',
      'Flag',
    ]) {
      await expect(toolbar.getByRole('button', { name, exact: true })).toBeInViewport({ ratio: 1 });
    }
    await toolbar.getByRole('button', { name: 'Flag', exact: true }).click();
    await expect(toolbar.getByRole('button', { name: 'Unflag', exact: true })).toBeInViewport();
    await expect(reader(page).getByRole('button', { name: 'Back', exact: true })).toBeInViewport();
    await expectNoSidewaysScroll(page);
    await reader(page).getByRole('button', { name: 'Back', exact: true }).click();
    await expect(rowByUid(page, planned)).toBeVisible();

    // The Folders button closes what it opened.
    await foldersButton(page).click();
    await expect(folders(page)).toBeVisible();
    await foldersButton(page).click();
    await expect(folders(page)).toBeHidden();
    await expect(rowByUid(page, planned)).toBeVisible();

    // The composer is a sheet across the whole width.
    await compose.click();
    const composer = page.getByRole('dialog', { name: 'New message' });
    await expect(composer.getByRole('button', { name: 'Send' })).toBeVisible();
    expect(await composer.boundingBox()).toMatchObject({ x: 0, width: 390 });
  });
});

test('on a wide screen the folders are always there and there is no Folders button', async ({
  page,
  stack,
  user,
}) => {
  await signInThroughUi(page, stack, user);
  await expect(folders(page)).toBeVisible();
  await expect(foldersButton(page)).toBeHidden();
});

test('the settings panel fits its width, formatting toolbar and all', async ({
  page,
  stack,
  user,
}) => {
  await signInThroughUi(page, stack, user);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 800 });
    await page.getByRole('button', { name: 'Settings' }).click();
    const panel = page.getByRole('dialog', { name: 'Reading settings' });
    await expect(panel.getByRole('toolbar', { name: 'Formatting' })).toBeVisible();
    const overflow = await panel.evaluate((element) => element.scrollWidth - element.clientWidth);
    expect(overflow, `at ${width} px`).toBe(0);
    await expectNoSidewaysScroll(page);
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(panel).toBeHidden();
  }
});
