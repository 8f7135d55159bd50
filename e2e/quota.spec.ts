import { buildMessage, quotaConfig } from '@tidings/testkit';
import { expect, folders, signInThroughUi, testWithStack } from './support/fixtures.ts';

/** A Dovecot whose users may store 1 MiB. */
const test = testWithStack({ dovecot: { extraConfig: quotaConfig('1M') } });

test('the storage used shows under the folders and follows mail from elsewhere', async ({
  page,
  stack,
  user,
  other,
}) => {
  await signInThroughUi(page, stack, user);
  const meter = page.getByRole('meter', { name: 'Space used' });
  await expect(meter).toHaveAttribute(
    'aria-valuetext',
    /^(\d+(\.\d)? KB|\d+ bytes?) of 1 MB used$/,
  );
  await expect(page.getByText(/nearly full/)).toHaveCount(0);

  // Another client files 950 KB into a folder that is not open: the counts' push is the cue.
  const raw = await buildMessage({
    from: 'Big <big@example.test>',
    to: [user.email],
    subject: 'Scans',
    text: 'x'.repeat(950 * 1024),
  });
  await other.append('Archive', raw);
  await expect(meter).toHaveAttribute('aria-valuetext', /^9\d\d KB of 1 MB used$/);
  await expect(page.getByText('Your mailbox is nearly full', { exact: false })).toBeVisible();

  // Deleting it for good makes room again, without a reload.
  await other.expunge('Archive', [(await other.uids('Archive'))[0]!]);
  await expect(meter).toHaveAttribute(
    'aria-valuetext',
    /^(\d+(\.\d)? KB|\d+ bytes?) of 1 MB used$/,
  );
  await expect(page.getByText(/nearly full/)).toHaveCount(0);
  await expect(folders(page)).toBeVisible();
});

test("the composer's To is the one element labelled To, the meter and a message showing", async ({
  page,
  stack,
  user,
  other,
}) => {
  // UI-CONTRACT's field names, looked up the plain way: getByLabel matches any part of a name,
  // so no other label on screen may hold "to" ("Storage used" and "Back to messages" did).
  await other.append(
    'INBOX',
    await buildMessage({ from: 'Ana <ana@example.test>', to: [user.email], subject: 'Hello' }),
  );
  await signInThroughUi(page, stack, user);
  await expect(page.getByRole('meter')).toBeVisible();
  await page.getByRole('row').first().click();
  await page.getByRole('button', { name: 'Reply', exact: true }).click();
  await page.getByLabel('To').fill('bo@example.test');
  await expect(page.getByLabel('To')).toHaveValue('bo@example.test');
});
