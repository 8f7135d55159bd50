import type { Page } from '@playwright/test';
import { buildMessage, type MailClient } from '@tidings/testkit';
import {
  expect,
  messages,
  rowByUid,
  seedInbox,
  signInThroughUi,
  test,
} from './support/fixtures.ts';
import { openMessage, reader } from './support/reader.ts';

// Tags are Thunderbird's keywords $label1 (Important) … $label5 (Later): what another client
// sees is what the server keeps, read here by a second IMAP client.

async function flagsOf(other: MailClient, uid: number): Promise<string[]> {
  return (await other.flags('INBOX')).get(uid) ?? [];
}

function tagItem(page: Page, name: string) {
  return page.getByRole('menu', { name: 'Tags' }).getByRole('menuitemcheckbox', { name });
}

test.describe('tags', () => {
  test('tag from the menu and by key, shown in the row and the reader, kept by the server; another client’s tag arrives live', async ({
    page,
    stack,
    user,
    other,
  }) => {
    await seedInbox(other, user, 3);
    const [u1, , u3] = (await other.uids('INBOX')) as [number, number, number];
    await signInThroughUi(page, stack, user);
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '3');

    await openMessage(page, u3);
    const toolbar = page.getByRole('toolbar', { name: 'Message actions' });
    await toolbar.getByRole('button', { name: 'Tag', exact: true }).click();
    await expect(tagItem(page, 'Work')).toHaveAttribute('aria-checked', 'false');
    await tagItem(page, 'Work').click();
    await expect(page.getByRole('menu', { name: 'Tags' })).toHaveCount(0);
    await expect(rowByUid(page, u3).locator('.tag')).toHaveText(['Tag: Work']);
    await expect(reader(page).locator('.tag')).toHaveText(['Tag: Work×']);
    await expect.poll(() => flagsOf(other, u3)).toContain('$label2');

    // The menu ticks what the message has.
    await toolbar.getByRole('button', { name: 'Tag', exact: true }).click();
    await expect(tagItem(page, 'Work')).toHaveAttribute('aria-checked', 'true');
    await expect(tagItem(page, 'Important')).toHaveAttribute('aria-checked', 'false');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menu', { name: 'Tags' })).toHaveCount(0);

    // 1 puts Important on (as in Thunderbird); 2 takes Work off; 0 takes every tag off.
    await page.keyboard.press('1');
    await expect
      .poll(() => flagsOf(other, u3))
      .toEqual(expect.arrayContaining(['$label1', '$label2']));
    await expect(rowByUid(page, u3).locator('.tag')).toHaveText(['Tag: Important', 'Tag: Work']);
    await page.keyboard.press('2');
    await expect.poll(() => flagsOf(other, u3)).not.toContain('$label2');
    await page.keyboard.press('4');
    await expect.poll(() => flagsOf(other, u3)).toContain('$label4');
    // 0 takes off the tags the row shows: wait until it shows To do (the push that confirms
    // it can come a moment after the server has it).
    await expect(rowByUid(page, u3).locator('.tag')).toHaveText(['Tag: Important', 'Tag: To do']);
    await page.keyboard.press('0');
    await expect
      .poll(async () => (await flagsOf(other, u3)).filter((f) => f.startsWith('$label')))
      .toEqual([]);
    await expect(rowByUid(page, u3).locator('.tag')).toHaveCount(0);

    // Another client tags the oldest message: its row shows it without a click.
    await other.addFlags('INBOX', [u1], ['$label5']);
    await expect(rowByUid(page, u1).locator('.tag')).toHaveText(['Tag: Later']);

    // The reader's chip takes it off again.
    await openMessage(page, u1);
    await reader(page).getByRole('button', { name: 'Remove tag Later' }).click();
    await expect.poll(() => flagsOf(other, u1)).not.toContain('$label5');
    await expect(rowByUid(page, u1).locator('.tag')).toHaveCount(0);
  });

  test('a selection shows a tag some of it has as mixed, and choosing it tags them all; tag: searches', async ({
    page,
    stack,
    user,
    other,
  }) => {
    await seedInbox(other, user, 3);
    const [u1, u2, u3] = (await other.uids('INBOX')) as [number, number, number];
    await other.addFlags('INBOX', [u1], ['$label3']);
    await signInThroughUi(page, stack, user);
    await expect(rowByUid(page, u1).locator('.tag')).toHaveText(['Tag: Personal']);

    await rowByUid(page, u1).click();
    await rowByUid(page, u2).click({ modifiers: ['ControlOrMeta'] });
    const bar = page.getByRole('toolbar', { name: 'Selected messages' });
    await bar.getByRole('button', { name: 'Tag', exact: true }).click();
    await expect(tagItem(page, 'Personal')).toHaveAttribute('aria-checked', 'mixed');
    await tagItem(page, 'Personal').click();
    await expect.poll(() => flagsOf(other, u2)).toContain('$label3');
    await expect(rowByUid(page, u2).locator('.tag')).toHaveText(['Tag: Personal']);
    expect(await flagsOf(other, u3)).not.toContain('$label3');

    // All of them have it now: choosing it again takes it off all of them.
    await bar.getByRole('button', { name: 'Tag', exact: true }).click();
    await expect(tagItem(page, 'Personal')).toHaveAttribute('aria-checked', 'true');
    await tagItem(page, 'Personal').click();
    await expect.poll(() => flagsOf(other, u1)).not.toContain('$label3');
    await expect.poll(() => flagsOf(other, u2)).not.toContain('$label3');

    await other.addFlags('INBOX', [u1, u3], ['$label2']);
    const box = page.getByRole('searchbox', { name: 'Search mail' });
    await box.fill('tag:work');
    await box.press('Enter');
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '2');
    await expect(rowByUid(page, u2)).toHaveCount(0);
    // Tagged elsewhere while the search is open: it joins the results.
    await other.addFlags('INBOX', [u2], ['$label2']);
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '3');
    await expect(rowByUid(page, u2).locator('.tag')).toHaveText(['Tag: Work']);
    await box.fill('tag:urgent');
    await box.press('Enter');
    await expect(page.getByText('There is no tag “urgent”')).toBeVisible();

    // The tags under the folders: every message with one, in all folders.
    await other.append(
      'Archive',
      await buildMessage({ from: 'ada@example.test', to: [user.email], subject: 'Filed work' }),
      ['\\Seen', '$label2'],
    );
    const work = page
      .getByRole('navigation', { name: 'Tags' })
      .getByRole('button', { name: 'Work' });
    await work.click();
    await expect(box).toHaveValue('tag:work');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Search in all folders');
    const matches = page.getByRole('list', { name: 'Matches in all folders' }).getByRole('button');
    await expect(matches).toHaveCount(4);
    await expect(matches.filter({ hasText: 'Filed work' })).toContainText('Tag: Work');
    await expect(work).toHaveAttribute('aria-current', 'true');
  });
});
