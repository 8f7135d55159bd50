import { buildMessage, deliverByLmtp, type MailClient, type MailUser } from '@tidings/testkit';
import { expect, messages, signInThroughUi, test } from './support/fixtures.ts';

const id = (name: string) => `<${name}@e2e-conversations.example.test>`;

/** Appends, oldest first: a three-message thread, two replies to a missing message, one alone. */
async function seedThreads(other: MailClient, user: MailUser): Promise<void> {
  const specs = [
    { subject: 'Offsite agenda', messageId: id('agenda1') },
    { subject: 'Re: Minutes', messageId: id('minutes1'), references: [id('gone')] },
    {
      subject: 'Re: Offsite agenda',
      messageId: id('agenda2'),
      inReplyTo: id('agenda1'),
      references: [id('agenda1')],
    },
    { subject: 'Re: Minutes', messageId: id('minutes2'), inReplyTo: id('gone') },
    { subject: 'Parking permit', messageId: id('parking') },
    {
      subject: 'Re: Offsite agenda',
      messageId: id('agenda3'),
      inReplyTo: id('agenda2'),
      references: [id('agenda1'), id('agenda2')],
    },
  ];
  for (const [i, spec] of specs.entries()) {
    const raw = await buildMessage({
      from: `Writer ${i} <writer${i}@example.test>`,
      to: [user.email],
      date: new Date(Date.UTC(2026, 1, i + 1)),
      ...spec,
    });
    await other.append('INBOX', raw, ['\\Seen']);
  }
}

test('conversations group the list, follow new replies live, and switch back', async ({
  page,
  stack,
  user,
  other,
}) => {
  await seedThreads(other, user);
  await signInThroughUi(page, stack, user);
  const grid = messages(page);
  await expect(grid).toHaveAttribute('aria-rowcount', '6');

  const toggle = page.getByRole('switch', { name: 'Conversations' });
  await expect(toggle).not.toBeChecked();
  await toggle.check();
  const threadRows = grid.locator('[role="row"][data-thread-size]');
  await expect(threadRows).toHaveCount(3);
  await expect(threadRows.nth(0)).toContainText('Re: Offsite agenda');
  await expect(threadRows.nth(0)).toHaveAttribute('data-thread-size', '3');
  await expect(threadRows.nth(1)).toContainText('Parking permit');
  await expect(threadRows.nth(1)).toHaveAttribute('data-thread-size', '1');
  await expect(threadRows.nth(2)).toContainText('Re: Minutes');
  await expect(threadRows.nth(2)).toHaveAttribute('data-thread-size', '2');
  await expect(threadRows.nth(0)).toContainText('Writer 0, Writer 2, Writer 5');
  await expect(threadRows.nth(0)).toHaveAttribute('data-unread', 'false');

  // Expanded, a thread shows its messages as rows one level down.
  await threadRows.nth(0).getByRole('button', { name: 'Expand conversation' }).click();
  await expect(grid.locator('[role="row"][data-level="2"]')).toHaveCount(3);
  await threadRows.nth(0).getByRole('button', { name: 'Collapse conversation' }).click();
  await expect(grid.locator('[role="row"][data-level="2"]')).toHaveCount(0);

  // Opening a thread row opens its newest message.
  await threadRows.nth(2).click();
  const reader = page.getByRole('region', { name: 'Message' });
  await expect(reader).toContainText('Writer 3');

  // A marker that a reload would wipe.
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

  // Another client's reply (unread) joins the "Minutes" thread, which moves to the top.
  const raw = await buildMessage({
    from: 'Dana <dana@example.test>',
    to: [user.email],
    subject: 'Re: Minutes',
    messageId: id('minutes3'),
    inReplyTo: id('minutes2'),
    references: [id('gone'), id('minutes2')],
  });
  await deliverByLmtp(stack.dovecot, { from: 'dana@example.test', to: [user.email], raw });
  const newest = Math.max(...(await other.uids('INBOX')));
  await expect(threadRows).toHaveCount(3);
  await expect(threadRows.nth(0)).toHaveAttribute('data-uid', String(newest));
  await expect(threadRows.nth(0)).toHaveAttribute('data-thread-size', '3');
  await expect(threadRows.nth(0)).toHaveAttribute('data-unread', 'true');
  await expect(threadRows.nth(0)).toContainText('Dana');
  expect(
    await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload),
  ).toBe(true);

  // The choice is remembered by this browser.
  await page.reload();
  await expect(page.getByRole('switch', { name: 'Conversations' })).toBeChecked();
  await expect(threadRows).toHaveCount(3);

  // Off again: the flat list, every message a row.
  await page.getByRole('switch', { name: 'Conversations' }).uncheck();
  await expect(threadRows).toHaveCount(0);
  await expect(grid).toHaveAttribute('aria-rowcount', '7');
  await expect(grid.locator('[role="row"][data-uid]')).toHaveCount(7);
});
