import { buildMessage, deliverByLmtp } from '@tidings/testkit';
import {
  expect,
  messages,
  rowByUid,
  seedInbox,
  signInThroughUi,
  test,
} from './support/fixtures.ts';

test.describe('live inbox', () => {
  test('a wrong password is refused with a visible reason', async ({ page, stack, user }) => {
    await page.goto(stack.url);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText(/wrong email or password/i);
  });

  test('sign in, see the seeded list, and watch it change without reload', async ({
    page,
    stack,
    user,
    other,
  }) => {
    await seedInbox(other, user, 12);
    await signInThroughUi(page, stack, user);
    const grid = messages(page);
    await expect(grid).toHaveAttribute('aria-rowcount', '12');
    await expect(grid.locator('[role="row"][data-uid]').first()).toContainText('Seeded message 12');
    await expect(page.getByRole('status', { name: 'Connection' })).toHaveText(/^Live/);
    await expect(page).toHaveTitle(/^\(4\) /);
    await expect(
      page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: /^Inbox/ }),
    ).toContainText('4');

    // A marker that a reload would wipe.
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

    // Another client delivers: the row appears at the top.
    const raw = await buildMessage({
      from: 'Dana <dana@example.test>',
      to: [user.email],
      subject: 'Pushed, not polled',
    });
    await deliverByLmtp(stack.dovecot, { from: 'dana@example.test', to: [user.email], raw });
    const newestUid = Math.max(...(await other.uids('INBOX')));
    await expect(rowByUid(page, newestUid)).toContainText('Pushed, not polled');
    await expect(rowByUid(page, newestUid)).toHaveAttribute('data-unread', 'true');
    await expect(grid).toHaveAttribute('aria-rowcount', '13');
    await expect(page).toHaveTitle(/^\(5\) /);

    // Another client marks it read and flags it: the row restyles.
    await other.addFlags('INBOX', [newestUid], ['\\Seen', '\\Flagged']);
    await expect(rowByUid(page, newestUid)).toHaveAttribute('data-unread', 'false');
    await expect(rowByUid(page, newestUid)).toHaveAttribute('data-flagged', 'true');
    await expect(page).toHaveTitle(/^\(4\) /);

    // Another client expunges it: the row disappears.
    await other.expunge('INBOX', [newestUid]);
    await expect(rowByUid(page, newestUid)).toHaveCount(0);
    await expect(grid).toHaveAttribute('aria-rowcount', '12');

    expect(
      await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload),
    ).toBe(true);
  });

  test('an open inbox left alone comes to rest: no animation runs on and on', async ({
    page,
    stack,
    user,
    other,
  }) => {
    await seedInbox(other, user, 3);
    await signInThroughUi(page, stack, user);
    await expect(page.getByRole('status', { name: 'Connection' })).toHaveText(/^Live/);
    // An endless animation repaints the tab every frame for as long as it stays open (the
    // pulsing Live dot cost a fifth of a core: pnpm bench idle-tab).
    const running = () =>
      page.evaluate(() =>
        document.getAnimations().map((animation) => ({
          name: animation instanceof CSSAnimation ? animation.animationName : animation.id,
          iterations: animation.effect?.getTiming().iterations ?? 0,
        })),
      );
    expect((await running()).filter((a) => a.iterations === Infinity)).toEqual([]);
    // The welcome pulses end; then nothing moves until something happens.
    await expect.poll(running, { timeout: 15_000 }).toEqual([]);
  });

  test('right after clicking a row, the next delivery still appears promptly', async ({
    page,
    stack,
    user,
    other,
  }) => {
    await seedInbox(other, user, 6);
    await signInThroughUi(page, stack, user);
    const unreadRow = messages(page).locator('[role="row"][data-unread="true"]').first();
    const uid = Number(await unreadRow.getAttribute('data-uid'));
    await unreadRow.click();
    // The click stored \Seen on the server over the command connection.
    await expect(rowByUid(page, uid)).toHaveAttribute('data-unread', 'false');
    await expect.poll(async () => (await other.flags('INBOX')).get(uid)).toContain('\\Seen');

    const raw = await buildMessage({
      from: 'Eve <eve@example.test>',
      to: [user.email],
      subject: 'Right after a click',
    });
    await deliverByLmtp(stack.dovecot, { from: 'eve@example.test', to: [user.email], raw });
    // Had the action run on the idling connection, imapflow would not IDLE again for 15 s.
    await expect(messages(page).getByText('Right after a click')).toBeVisible({ timeout: 5_000 });
  });
});
