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

function openArticle(page: Page) {
  return page.getByRole('region', { name: 'Message' }).locator('article[data-uid]');
}

async function flagsOf(other: MailClient, uid: number): Promise<string[]> {
  return (await other.flags('INBOX')).get(uid) ?? [];
}

test.describe('keyboard', () => {
  test('open with Enter, archive with e, then Undo', async ({ page, stack, user, other }) => {
    await seedInbox(other, user, 4);
    const [, , u3, u4] = await other.uids('INBOX');
    await signInThroughUi(page, stack, user);
    const grid = messages(page);
    await expect(grid).toHaveAttribute('aria-rowcount', '4');

    await grid.focus();
    await page.keyboard.press('Enter');
    await expect(openArticle(page)).toHaveAttribute('data-uid', String(u4));
    await expect(rowByUid(page, u4!)).toHaveAttribute('aria-selected', 'true');

    await page.keyboard.press('e');
    await expect(rowByUid(page, u4!)).toHaveCount(0);
    await expect.poll(() => other.uids('Archive')).toHaveLength(1);
    await expect(openArticle(page)).toHaveAttribute('data-uid', String(u3));

    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(() => other.uids('Archive')).toHaveLength(0);
    await expect.poll(async () => (await other.uids('INBOX')).length).toBe(4);
    await expect(grid).toHaveAttribute('aria-rowcount', '4');
  });

  test('j/k move, s flags, Shift+U/Shift+I, # deletes, Escape goes back', async ({
    page,
    stack,
    user,
    other,
  }) => {
    await seedInbox(other, user, 4);
    const [u1, u2, u3, u4] = (await other.uids('INBOX')) as [number, number, number, number];
    await signInThroughUi(page, stack, user);
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '4');

    await page.keyboard.press('j');
    await expect(openArticle(page)).toHaveAttribute('data-uid', String(u4));
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await expect(openArticle(page)).toHaveAttribute('data-uid', String(u2));
    await page.keyboard.press('k');
    await expect(openArticle(page)).toHaveAttribute('data-uid', String(u3));

    await page.keyboard.press('s');
    await expect(rowByUid(page, u3)).toHaveAttribute('data-flagged', 'true');
    await expect.poll(() => flagsOf(other, u3)).toContain('\\Flagged');
    await page.keyboard.press('s');
    await expect.poll(() => flagsOf(other, u3)).not.toContain('\\Flagged');

    await page.keyboard.press('Shift+U');
    await expect(rowByUid(page, u3)).toHaveAttribute('data-unread', 'true');
    await expect.poll(() => flagsOf(other, u3)).not.toContain('\\Seen');
    await page.keyboard.press('Shift+I');
    await expect.poll(() => flagsOf(other, u3)).toContain('\\Seen');

    await page.keyboard.press('#');
    await expect(rowByUid(page, u3)).toHaveCount(0);
    await expect.poll(() => other.uids('Trash')).toHaveLength(1);
    await expect(openArticle(page)).toHaveAttribute('data-uid', String(u2));

    await page.keyboard.press('Escape');
    await expect(openArticle(page)).toHaveCount(0);
    // Enter opens where the keyboard was.
    await page.keyboard.press('o');
    await expect(openArticle(page)).toHaveAttribute('data-uid', String(u2));
    expect(await other.uids('INBOX')).toEqual([u1, u2, u4]);
  });

  test('? lists the shortcuts, / goes to search, and typing never triggers them', async ({
    page,
    stack,
    user,
    other,
  }) => {
    await seedInbox(other, user, 3);
    await signInThroughUi(page, stack, user);
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '3');

    await messages(page).focus();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(help).toBeVisible();
    await expect(help).toContainText('Archive');
    await expect(help).toContainText('Reply all');
    // Keys inside the dialog are not shortcuts.
    await page.keyboard.press('j');
    await expect(openArticle(page)).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(help).toHaveCount(0);
    // The focus is back where it was, so the next shortcut works on the list.
    await expect(messages(page)).toBeFocused();

    await page.keyboard.press('/');
    const search = page.getByRole('searchbox', { name: 'Search mail' });
    await expect(search).toBeFocused();
    await page.keyboard.type('je#s');
    await expect(search).toHaveValue('je#s');
    await expect(openArticle(page)).toHaveCount(0);
    expect(await other.uids('Archive')).toEqual([]);
    expect(await other.uids('Trash')).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(search).toHaveValue('');
    // A second Escape leaves the box for the list.
    await page.keyboard.press('Escape');
    await expect(messages(page)).toBeFocused();

    await page.keyboard.press('c');
    const composer = page.getByRole('dialog', { name: 'New message' });
    await expect(composer).toBeVisible();
    await expect(composer.getByRole('combobox', { name: 'To', exact: true })).toBeFocused();
    await page.keyboard.type('jk');
    await expect(composer.getByRole('combobox', { name: 'To', exact: true })).toHaveValue('jk');
    await expect(openArticle(page)).toHaveCount(0);
  });

  test('r, a and f answer the open message; c writes a new one', async ({
    page,
    stack,
    user,
    other,
  }) => {
    await seedInbox(other, user, 2);
    await signInThroughUi(page, stack, user);
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '2');
    await page.keyboard.press('j');
    await expect(openArticle(page)).toBeVisible();

    const cases: [string, string, RegExp][] = [
      ['r', 'Reply', /^Re: Seeded message 2$/],
      ['a', 'Reply all', /^Re: Seeded message 2$/],
      ['f', 'Forward', /^Fwd: Seeded message 2$/],
      ['c', 'New message', /^$/],
    ];
    for (const [key, name, subject] of cases) {
      await page.keyboard.press(key);
      const dialog = page.getByRole('dialog', { name, exact: true });
      await expect(dialog).toBeVisible();
      await expect(dialog.getByRole('textbox', { name: 'Subject' })).toHaveValue(subject);
      if (key === 'r') {
        await expect(dialog.getByRole('combobox', { name: 'To', exact: true })).toHaveValue(
          'Sender 2 <sender2@example.test>',
        );
      }
      // Escape closes the composer (keeping a draft only if something was typed).
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
    }
    expect(await other.uids('Drafts')).toEqual([]);
  });
});
