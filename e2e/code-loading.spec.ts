import type { Page } from '@playwright/test';
import { buildMessage } from '@tidings/testkit';
import { expect, messages, rowByUid, signInThroughUi, test } from './support/fixtures.ts';
import { openMessage, reader } from './support/reader.ts';

/**
 * The reader and the composer load their code on demand. A chunk that does not arrive (the
 * connection dropped as it loaded, or Tidings was updated since the page opened) must not
 * blank the app: the part says so in its place and loads again when asked.
 */

/** Fails every request for the chunk whose file name starts with `chunk` until let through. */
async function blockChunk(page: Page, chunk: string) {
  let blocked = true;
  await page.route(new RegExp(`/assets/${chunk}-[^/]+\\.js$`), (route) =>
    blocked ? route.abort('internetdisconnected') : route.continue(),
  );
  return () => {
    blocked = false;
  };
}

test('a reader that fails to load says so in its pane, and loads when tried again', async ({
  page,
  stack,
  user,
  other,
}) => {
  const raw = await buildMessage({
    from: 'Ada <ada@example.test>',
    to: [user.email],
    subject: 'Engine notes',
    text: 'The notes, at last.',
  });
  const { uid } = await other.append('INBOX', raw);
  const release = await blockChunk(page, 'MessageReader');
  await signInThroughUi(page, stack, user);

  await rowByUid(page, uid).click();
  const alert = reader(page).getByRole('alert');
  await expect(alert).toHaveText(
    'The message could not be loaded: the connection dropped, or Tidings was updated since this page opened.',
  );
  // The rest of the app is still there and still works.
  await expect(messages(page)).toHaveAttribute('aria-rowcount', '1');
  await expect(page.getByRole('button', { name: 'Compose' })).toBeVisible();

  release();
  await reader(page).getByRole('button', { name: 'Try again' }).click();
  await expect(reader(page).locator(`article[data-uid="${uid}"]`)).toBeVisible();
  await expect(alert).toHaveCount(0);
  await openMessage(page, uid);
});

test('a composer that fails to load says so, can be closed, and opens once it loads', async ({
  page,
  stack,
  user,
}) => {
  const release = await blockChunk(page, 'Composer');
  await signInThroughUi(page, stack, user);

  await page.getByRole('button', { name: 'Compose' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'The composer could not be loaded' });
  await expect(alert).toBeVisible();
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(alert).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Settings', exact: true })).toBeVisible();

  release();
  await page.getByRole('button', { name: 'Compose' }).click();
  await expect(page.getByRole('dialog', { name: 'New message' })).toBeVisible();
});
