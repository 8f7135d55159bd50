import { buildMessage, MailClient } from '@tidings/testkit';
import { expect, signInThroughUi, testWithStack } from './support/fixtures.ts';
import { openMessage, reader } from './support/reader.ts';

/** The usual stack, plus the private Postfix the gateway sends the unsubscribe request through. */
const test = testWithStack({ postfix: true });

/** A digest from the list, with these fields of its own (testkit passes them as given). */
function listMessage(
  subject: string,
  to: string,
  headers: Record<string, string> = {},
): Promise<Buffer> {
  return buildMessage({
    from: 'Weekly Digest <digest@lists.example.test>',
    to: [to],
    subject,
    messageId: `<${subject.replace(/\W/g, '')}@lists.example.test>`,
    date: new Date(Date.UTC(2026, 11, 6, 10)),
    text: 'This week on the list.',
    headers,
  });
}

test.describe('leaving a mailing list', () => {
  test('by mail: confirm where the request goes, then it is sent as the user', async ({
    page,
    stack,
    user,
    other,
  }) => {
    const listAccount = await stack.newUser('listrobot');
    const { uid } = await other.append(
      'INBOX',
      await listMessage('Digest by mail', user.email, {
        'List-Id': '"Weekly Digest" <digest.lists.example.test>',
        'List-Unsubscribe': `<mailto:${listAccount.email}?subject=unsubscribe%20weekly>`,
      }),
    );
    await signInThroughUi(page, stack, user);
    await openMessage(page, uid);
    const pane = reader(page);
    await expect(pane.getByText('From the mailing list Weekly Digest.')).toBeVisible();

    await pane.getByRole('button', { name: 'Unsubscribe' }).click();
    const confirm = pane.getByRole('group', { name: 'Unsubscribe' });
    await expect(confirm).toContainText(listAccount.email);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toHaveCount(0);

    await pane.getByRole('button', { name: 'Unsubscribe' }).click();
    await pane.getByRole('button', { name: 'Send unsubscribe request' }).click();
    await expect(pane.getByRole('status')).toHaveText(
      `Unsubscribe request sent to ${listAccount.email}. The list may take a few days to stop.`,
    );

    const robot = await MailClient.connect(stack.dovecot, listAccount);
    try {
      await expect
        .poll(async () => (await robot.status('INBOX')).messages, { timeout: 15_000 })
        .toBe(1);
      const [first] = await robot.uids('INBOX');
      const source = await robot.source('INBOX', first!);
      expect(source).toMatch(/^Subject: unsubscribe weekly\r$/m);
      expect(source).toMatch(new RegExp(`^From: ${user.email.replace('.', '\\.')}\\r$`, 'm'));
    } finally {
      await robot.close();
    }
  });

  test('a list with a web page only: a link that opens it without a referrer', async ({
    page,
    stack,
    user,
    other,
  }) => {
    const { uid } = await other.append(
      'INBOX',
      await listMessage('Digest by web', user.email, {
        'List-Unsubscribe': '<https://lists.example.test/leave?id=7>',
      }),
    );
    const { uid: plain } = await other.append(
      'INBOX',
      await listMessage('Not from a list', user.email),
    );
    await signInThroughUi(page, stack, user);
    await openMessage(page, uid);
    const link = reader(page).getByRole('link', { name: 'Unsubscribe' });
    await expect(link).toHaveAttribute('href', 'https://lists.example.test/leave?id=7');
    await expect(link).toHaveAttribute('target', '_blank');
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    await expect(reader(page).getByText('From the mailing list lists.example.test.')).toBeVisible();

    await openMessage(page, plain);
    await expect(reader(page).getByText(/mailing list/)).toHaveCount(0);
    await expect(reader(page).getByRole('button', { name: 'Unsubscribe' })).toHaveCount(0);
  });
});
