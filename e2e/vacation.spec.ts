import { simpleParser } from 'mailparser';
import { buildMessage, deliverByLmtp, MailClient } from '@tidings/testkit';
import { expect, signInThroughUi, testWithStack } from './support/fixtures.ts';

/** Sieve and ManageSieve in the Dovecot, replies going out through the Postfix. */
const test = testWithStack({ sieve: true });

test.describe('automatic replies', () => {
  test('turned on in the settings, the server answers new mail; a banner says so until they are off', async ({
    page,
    stack,
    user,
  }) => {
    const writer = await stack.newUser('writer');
    const writersMail = await MailClient.connect(stack.dovecot, writer);
    const mail = async (subject: string) =>
      deliverByLmtp(stack.dovecot, {
        from: writer.email,
        to: [user.email],
        raw: await buildMessage({ from: writer.email, to: [user.email], subject, text: 'Hi.' }),
      });
    /** The subjects in the writer's Inbox. */
    const received = async () =>
      Promise.all(
        (await writersMail.uids('INBOX')).map(
          async (uid) => (await simpleParser(await writersMail.source('INBOX', uid))).subject ?? '',
        ),
      );

    try {
      await signInThroughUi(page, stack, user);
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      const replies = page.getByRole('group', { name: 'Automatic replies' });
      const status = replies.getByRole('status', { name: 'Automatic replies' });
      await expect(status).toHaveText('Off');

      // On without a message: refused in the tab, with the reason; nothing is stored.
      await replies.getByLabel('Send automatic replies').check();
      await replies.getByRole('button', { name: 'Save automatic replies' }).click();
      await expect(replies.getByRole('alert')).toHaveText(/needs a message/);

      await replies.getByLabel('Reply subject').fill('Away until Monday');
      await replies.getByLabel('Reply message').fill('I am away.\nFor anything urgent: Ana.');
      await replies.getByRole('button', { name: 'Save automatic replies' }).click();
      await expect(status).toHaveText('Saved. On: replies go out until you turn them off');

      await mail('Lunch?');
      await expect.poll(received, { timeout: 15_000 }).toContain('Away until Monday');

      // While they are on, a banner over the panes says so, in every tab from the start.
      const banner = page.getByRole('region', { name: 'Automatic replies are on' });
      await expect(banner).toHaveText(/Automatic replies are on until you turn them off\./);

      // What the server holds comes back in a new tab, words and all.
      await page.reload();
      await expect(banner).toBeVisible();
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      await expect(status).toHaveText('On: replies go out until you turn them off');
      await expect(replies.getByLabel('Reply message')).toHaveValue(
        'I am away.\nFor anything urgent: Ana.',
      );
      await page.keyboard.press('Escape');

      // The banner turns them off; the words stay for next time.
      await banner.getByRole('button', { name: 'Turn off automatic replies' }).click();
      await expect(banner).toHaveCount(0);
      const before = (await received()).length;
      await mail('Back yet?');
      await stack.postfix!.flush();
      expect((await received()).length).toBe(before);
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      await expect(status).toHaveText('Off');
      await expect(replies.getByLabel('Reply subject')).toHaveValue('Away until Monday');
      await expect(replies.getByLabel('Send automatic replies')).not.toBeChecked();
    } finally {
      await writersMail.close();
    }
  });
});
