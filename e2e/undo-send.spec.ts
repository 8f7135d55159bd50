import type { Page } from '@playwright/test';
import { expect, signInThroughUi, testWithStack } from './support/fixtures.ts';

/** A Postfix the gateway submits to (delivering into Dovecot), and copies kept in Sent. */
const test = testWithStack({ postfix: true, gateway: { sentCopy: true } });

function composer(page: Page) {
  return page.getByRole('dialog', { name: 'New message' });
}

test('undo send holds a message in the composer: undone, it is as it was; sent, it goes once', async ({
  page,
  stack,
  user,
  other,
  postfix,
}) => {
  // Timers the test can run ahead: an undone send must not go when its wait would have ended.
  await page.clock.install();
  await signInThroughUi(page, stack, user);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('combobox', { name: 'Undo send' }).selectOption({ label: '30 seconds' });
  await page.keyboard.press('Escape');

  const subject = `Second thoughts ${Date.now().toString(36)}`;
  await page.getByRole('button', { name: 'Compose', exact: true }).click();
  await composer(page).getByRole('combobox', { name: 'To', exact: true }).fill(user.email);
  await composer(page).getByRole('textbox', { name: 'Subject', exact: true }).fill(subject);
  const body = composer(page).getByRole('textbox', { name: 'Message', exact: true });
  await body.fill('First words.');
  await composer(page).getByRole('button', { name: 'Send', exact: true }).click();

  // Held: the fields give way to the countdown, and the message waits in Drafts meanwhile,
  // so that a tab closed now loses nothing.
  await expect(composer(page).getByRole('status')).toHaveText(/^Sending in \d+ s…$/);
  await expect(body).toBeHidden();
  await expect.poll(() => other.uids('Drafts')).toHaveLength(1);

  await composer(page).getByRole('button', { name: 'Undo send', exact: true }).click();
  await expect(body).toHaveValue('First words.');
  await page.clock.runFor(31_000);
  await body.fill('First words, and second thoughts.');

  await composer(page).getByRole('button', { name: 'Send', exact: true }).click();
  await composer(page).getByRole('button', { name: 'Send now', exact: true }).click();
  await expect(composer(page)).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Message sent' })).toBeVisible();

  // One message went, with the words as they were when it was sent, and no draft stayed.
  await expect.poll(() => other.uids('Sent')).toHaveLength(1);
  const [sent] = await other.uids('Sent');
  expect(await other.source('Sent', sent!)).toContain('First words, and second thoughts.');
  await expect.poll(() => other.uids('Drafts')).toEqual([]);
  await postfix.flush();
  expect(await other.uids('Sent')).toHaveLength(1);
  const delivered = async () => {
    const sources = await Promise.all(
      (await other.uids('INBOX')).map((uid) => other.source('INBOX', uid)),
    );
    return sources.filter((source) => source.includes(subject)).length;
  };
  await expect.poll(delivered).toBe(1);
});
