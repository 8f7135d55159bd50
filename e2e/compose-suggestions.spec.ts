import type { Page } from '@playwright/test';
import { buildMessage, type MailClient, type MailUser } from '@tidings/testkit';
import { expect, signInThroughUi, test } from './support/fixtures.ts';

function composer(page: Page) {
  return page.getByRole('dialog', { name: 'New message' });
}

function recipientField(page: Page, label: 'To' | 'Cc') {
  return composer(page).getByRole('combobox', { name: label, exact: true });
}

function suggestions(page: Page) {
  return composer(page).getByRole('listbox', { name: 'Suggestions' });
}

/** People the account has mail with: two it wrote to (Sent), one who wrote to it (Inbox). */
async function seedCorrespondents(other: MailClient, user: MailUser): Promise<void> {
  const sent = await buildMessage({
    from: user.email,
    to: ['"Ada Lovelace" <ada@example.org>'],
    cc: ['"Hopper, Grace" <grace@example.org>'],
    subject: 'The engine notes',
    text: 'Attached are my notes.',
  });
  await other.append('Sent', sent, ['\\Seen']);
  const received = await buildMessage({
    from: 'Charles Babbage <charles@example.net>',
    to: [user.email],
    subject: 'The difference engine',
    text: 'Shall we meet?',
  });
  await other.append('INBOX', received);
}

async function openComposer(page: Page) {
  await page.getByRole('button', { name: 'Compose', exact: true }).click();
  await expect(recipientField(page, 'To')).toBeFocused();
}

test.describe('recipient suggestions', () => {
  test('the composer asks the gateway to read the account’s mail as it opens', async ({
    page,
    stack,
    user,
  }) => {
    const sent: string[] = [];
    page.on('websocket', (socket) =>
      socket.on('framesent', (frame) => sent.push(String(frame.payload))),
    );
    await signInThroughUi(page, stack, user);
    const asked = () => sent.some((frame) => /"recipient:suggest",\{"query":""\}/.test(frame));
    expect(asked()).toBe(false);
    await openComposer(page);
    await expect.poll(asked).toBe(true);
  });

  test('people from Sent and the Inbox are offered as To is typed, and chosen by keys or a click', async ({
    page,
    stack,
    user,
    other,
  }) => {
    await seedCorrespondents(other, user);
    await signInThroughUi(page, stack, user);
    await openComposer(page);
    const to = recipientField(page, 'To');
    await expect(to).toHaveAttribute('aria-expanded', 'false');

    // Someone the user wrote to, chosen with ArrowDown and Enter.
    await to.pressSequentially('ada');
    const ada = suggestions(page).getByRole('option', { name: /Ada Lovelace.*ada@example\.org/ });
    await expect(ada).toBeVisible();
    await expect(to).toHaveAttribute('aria-expanded', 'true');
    await expect(to).toHaveAttribute(
      'aria-controls',
      (await suggestions(page).getAttribute('id'))!,
    );
    await expect(to).not.toHaveAttribute('aria-activedescendant');
    await to.press('ArrowDown');
    await expect(ada).toHaveAttribute('aria-selected', 'true');
    await expect(to).toHaveAttribute('aria-activedescendant', (await ada.getAttribute('id'))!);
    await to.press('Enter');
    await expect(to).toHaveValue('Ada Lovelace <ada@example.org>, ');
    await expect(suggestions(page)).toBeHidden();
    await expect(to).toHaveAttribute('aria-expanded', 'false');
    await expect(to).toBeFocused();
    expect(await to.evaluate((input: HTMLInputElement) => input.selectionStart)).toBe(32);
    // Enter chose; it did not submit (a send checks the fields, or shows "Sending…").
    await expect(composer(page)).toBeVisible();
    await expect(composer(page).getByRole('alert')).toHaveCount(0);
    await expect(composer(page).getByRole('button', { name: 'Send', exact: true })).toBeEnabled();

    // Whoever is in the field already is not offered again: "exa" fits all three.
    await to.pressSequentially('exa');
    const options = suggestions(page).getByRole('option');
    await expect(options).toHaveCount(2);
    await expect(options.filter({ hasText: 'grace@example.org' })).toHaveCount(1);
    await expect(options.filter({ hasText: 'charles@example.net' })).toHaveCount(1);

    // Escape closes the list, and only the list.
    await to.press('Escape');
    await expect(suggestions(page)).toBeHidden();
    await expect(composer(page)).toBeVisible();
    await expect(to).toHaveValue('Ada Lovelace <ada@example.org>, exa');
    // ArrowDown opens it again.
    await to.press('ArrowDown');
    await expect(options).toHaveCount(2);
    await to.press('Escape');
    await expect(suggestions(page)).toBeHidden();
    await expect(composer(page)).toBeVisible();

    // Someone who wrote to the user, chosen with a click; the focus stays in the field.
    await to.press('Backspace');
    await to.press('Backspace');
    await to.press('Backspace');
    await to.pressSequentially('char');
    await suggestions(page)
      .getByRole('option', { name: /Charles Babbage.*charles@example\.net/ })
      .click();
    await expect(to).toHaveValue(
      'Ada Lovelace <ada@example.org>, Charles Babbage <charles@example.net>, ',
    );
    await expect(to).toBeFocused();
    await expect(suggestions(page)).toBeHidden();

    // A name with a comma goes in quoted; Tab with an option active chooses it and stays.
    await to.pressSequentially('hop');
    const grace = suggestions(page).getByRole('option', {
      name: /Hopper, Grace.*grace@example\.org/,
    });
    await expect(grace).toBeVisible();
    await to.press('ArrowDown');
    await expect(grace).toHaveAttribute('aria-selected', 'true');
    await to.press('Tab');
    await expect(to).toHaveValue(
      'Ada Lovelace <ada@example.org>, Charles Babbage <charles@example.net>, "Hopper, Grace" <grace@example.org>, ',
    );
    await expect(to).toBeFocused();

    // With no option active, Tab leaves for Cc, which offers people too; a recipient chosen
    // ahead of others goes in their place, the caret after it.
    await to.press('Tab');
    const cc = recipientField(page, 'Cc');
    await expect(cc).toBeFocused();
    await cc.fill(', x@example.org');
    await cc.press('Home');
    await cc.pressSequentially('lov');
    const again = suggestions(page).getByRole('option', { name: /Ada Lovelace.*ada@example\.org/ });
    await expect(again).toBeVisible();
    await expect(cc).toHaveAttribute('aria-expanded', 'true');
    await expect(to).toHaveAttribute('aria-expanded', 'false');
    await cc.press('ArrowDown');
    await cc.press('Enter');
    await expect(cc).toHaveValue('Ada Lovelace <ada@example.org>, x@example.org');
    expect(await cc.evaluate((input: HTMLInputElement) => input.selectionStart)).toBe(32);

    // With the list closed, Escape closes the composer as before.
    await cc.press('Escape');
    await expect(composer(page)).toHaveCount(0);
  });

  test('on a phone the list fits under the field, with no sideways scroll', async ({
    page,
    stack,
    user,
    other,
  }) => {
    await page.setViewportSize({ width: 390, height: 800 });
    await seedCorrespondents(other, user);
    await signInThroughUi(page, stack, user);
    // On a phone, Compose sits with the folders.
    await page.getByRole('button', { name: 'Folders', exact: true }).click();
    await openComposer(page);
    const to = recipientField(page, 'To');
    await to.pressSequentially('exa');
    await expect(suggestions(page).getByRole('option')).toHaveCount(3);

    const field = (await to.boundingBox())!;
    const list = (await suggestions(page).boundingBox())!;
    expect(list.y).toBeGreaterThanOrEqual(field.y + field.height - 1);
    expect(list.x).toBeGreaterThanOrEqual(0);
    expect(list.x + list.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).toBe(0);
    // It lies over the fields below it: the option there is what a tap reaches.
    const last = suggestions(page).getByRole('option').last();
    const box = (await last.boundingBox())!;
    const hit = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x!, y!)?.closest('[role="option"]')?.id ?? null,
      [box.x + box.width / 2, box.y + box.height / 2],
    );
    expect(hit).toBe(await last.getAttribute('id'));
  });
});
