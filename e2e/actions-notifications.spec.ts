import type { Page } from '@playwright/test';
import { buildMessage, deliverByLmtp, type MailUser } from '@tidings/testkit';
import type { Stack } from './support/stack.ts';
import {
  expect,
  messages,
  rowByUid,
  seedInbox,
  signInThroughUi,
  test,
} from './support/fixtures.ts';
import { openMessage, reader } from './support/reader.ts';

interface NotificationProbe {
  shown: { title: string; body: string | undefined }[];
  asked: number;
}

/**
 * Chromium headless has no notification UI: a stand-in `Notification` records what the app
 * shows and asks, and the page can be made to look hidden (another tab in front).
 */
async function installProbe(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const probe: NotificationProbe = { shown: [], asked: 0 };
    class RecordingNotification {
      static permission: NotificationPermission = 'default';
      static requestPermission(): Promise<NotificationPermission> {
        probe.asked += 1;
        RecordingNotification.permission = 'granted';
        return Promise.resolve('granted');
      }
      onclick: (() => void) | null = null;
      constructor(title: string, options?: NotificationOptions) {
        probe.shown.push({ title, body: options?.body });
      }
      close() {}
    }
    let hidden = false;
    Object.defineProperty(window, 'Notification', {
      value: RecordingNotification,
      configurable: true,
    });
    Object.defineProperty(document, 'visibilityState', {
      get: () => (hidden ? 'hidden' : 'visible'),
      configurable: true,
    });
    Object.assign(window, {
      __probe: probe,
      __setHidden(next: boolean) {
        hidden = next;
        document.dispatchEvent(new Event('visibilitychange'));
      },
    });
  });
}

function probe(page: Page): Promise<NotificationProbe> {
  return page.evaluate(() => (window as unknown as { __probe: NotificationProbe }).__probe);
}

async function setHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate(
    (next) => (window as unknown as { __setHidden(h: boolean): void }).__setHidden(next),
    hidden,
  );
}

async function deliver(stack: Stack, user: MailUser, from: string, subject: string) {
  const raw = await buildMessage({ from, to: [user.email], subject, text: 'Hello.' });
  await deliverByLmtp(stack.dovecot, { from: 'sender@example.test', to: [user.email], raw });
}

test.describe('notifications', () => {
  test('new Inbox mail notifies while the tab is hidden; asked once; can be turned off', async ({
    page,
    stack,
    user,
    other,
  }) => {
    await installProbe(page);
    await seedInbox(other, user, 2);
    await signInThroughUi(page, stack, user);
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '2');

    // Permission is asked at the first gesture in the app, and only once.
    expect((await probe(page)).asked).toBe(0);
    await page.getByRole('heading', { name: 'Inbox' }).click();
    await expect.poll(async () => (await probe(page)).asked).toBe(1);
    await page.getByRole('heading', { name: 'Inbox' }).click();
    expect((await probe(page)).asked).toBe(1);

    // Visible: no notification.
    await deliver(stack, user, 'Dana <dana@example.test>', 'While you look');
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '3');
    expect((await probe(page)).shown).toEqual([]);

    // Hidden: one, naming sender and subject.
    await setHidden(page, true);
    await deliver(stack, user, 'Erin <erin@example.test>', 'While you are away');
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '4');
    await expect
      .poll(async () => (await probe(page)).shown)
      .toEqual([{ title: 'Erin', body: 'While you are away' }]);

    // Turned off in the settings: none.
    await setHidden(page, false);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page
      .getByRole('dialog', { name: 'Reading settings' })
      .getByLabel('Notify me of new mail while Tidings is in the background')
      .uncheck();
    await page.keyboard.press('Escape');
    await setHidden(page, true);
    await deliver(stack, user, 'Finn <finn@example.test>', 'Not announced');
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '5');
    await page.waitForTimeout(500);
    expect((await probe(page)).shown).toHaveLength(1);
  });

  test("another tab's undo brings mail back without announcing it as new", async ({
    page,
    context,
    stack,
    user,
    other,
  }) => {
    await installProbe(page);
    // seedInbox leaves message 3 unread.
    await seedInbox(other, user, 3);
    const [unread] = (await other.uids('INBOX')).slice(-1);
    await signInThroughUi(page, stack, user);
    await page.getByRole('heading', { name: 'Inbox' }).click();
    await expect.poll(async () => (await probe(page)).asked).toBe(1);
    await setHidden(page, true);

    // In another tab: open it (which reads it), mark it unread again, delete it, undo.
    const actor = await context.newPage();
    await actor.goto(stack.url);
    await openMessage(actor, unread!);
    const actions = reader(actor).getByRole('toolbar', { name: 'Message actions' });
    await actions.getByRole('button', { name: 'Mark as unread' }).click();
    await expect(rowByUid(page, unread!)).toHaveAttribute('data-unread', 'true');
    await actions.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '2');
    await actor.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '3');
    await expect(messages(page).locator('[data-unread="true"]')).toHaveCount(1);

    // New mail after it is announced, and only it: events reach the tab in order.
    await deliver(stack, user, 'Gail <gail@example.test>', 'Truly new');
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '4');
    await expect
      .poll(async () => (await probe(page)).shown)
      .toEqual([{ title: 'Gail', body: 'Truly new' }]);
  });

  test('the favicon carries the unread count as a badge', async ({ page, stack, user, other }) => {
    await seedInbox(other, user, 3);
    const icon = page.locator('link[rel="icon"]');
    await signInThroughUi(page, stack, user);
    // seedInbox leaves message 3 unread.
    await expect(page).toHaveTitle(/^\(1\) /);
    await expect(icon).toHaveAttribute('href', /^data:image\/png;base64,/);

    await other.addFlags('INBOX', await other.uids('INBOX'), ['\\Seen']);
    await expect(page).not.toHaveTitle(/^\(/);
    await expect(icon).toHaveAttribute('href', '/favicon.svg');
  });
});
