import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { buildMessage, quotaConfig, type MailClient, type MailUser } from '@tidings/testkit';
import {
  expect,
  messages,
  rowByUid,
  signInThroughUi,
  test,
  testWithStack,
} from './support/fixtures.ts';
import { openMessage, reader } from './support/reader.ts';
import type { Stack } from './support/stack.ts';

/**
 * axe-core's rules (WCAG 2.1 A and AA, and its best practices: landmarks, headings, names)
 * over each screen, in the light and the dark theme. Motion is reduced, so that no colour is
 * measured half-way through a transition.
 */
async function violations(page: Page): Promise<string[]> {
  const { violations: found } = await new AxeBuilder({ page }).analyze();
  return found.flatMap((violation) =>
    violation.nodes.map(
      (node) => `${violation.id}: ${node.target.join(' ')}: ${node.failureSummary ?? ''}`,
    ),
  );
}

async function inBothThemes(page: Page, screen: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    await transitionsDone(page);
    expect(await violations(page), `${screen}, ${colorScheme} theme`).toEqual([]);
  }
}

/**
 * Reduced motion shortens transitions to a millisecond but does not remove them: measured
 * before one has run, a button has the new theme's text on the old theme's background.
 */
async function transitionsDone(page: Page): Promise<void> {
  await page.evaluate(async () => {
    document.body.getBoundingClientRect(); // the new colours apply, and their transitions start
    const running = document.getAnimations().filter((a) => a instanceof CSSTransition);
    await Promise.all(running.map((a) => a.finished.catch(() => undefined)));
  });
}

/** Signs in to an Inbox with one message, tagged Important and To do; returns its UID. */
async function signInWithTaggedMessage(
  page: Page,
  stack: Stack,
  user: MailUser,
  other: MailClient,
) {
  const raw = await buildMessage({
    from: 'Ada Lovelace <ada@example.test>',
    to: [user.email],
    subject: 'Notes on the engine',
    text: 'The notes are attached.',
  });
  // The tags' chips in the row and the reader are measured too.
  const { uid } = await other.append('INBOX', raw, ['$label1', '$label4']);
  await signInThroughUi(page, stack, user);
  await expect(rowByUid(page, uid)).toBeVisible();
  return uid;
}

function messageActions(page: Page) {
  return reader(page).getByRole('toolbar', { name: 'Message actions' });
}

// The screens come in two tests of a few each: axe over a screen in two themes takes seconds.
test('sign-in, the list, the reader, its menus and the settings pass axe in both themes', async ({
  page,
  stack,
  user,
  other,
}) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(stack.url);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await inBothThemes(page, 'sign-in with its error');

  const uid = await signInWithTaggedMessage(page, stack, user, other);
  await inBothThemes(page, 'the message list with nothing open');

  await openMessage(page, uid);
  await inBothThemes(page, 'the reader');

  const actions = messageActions(page);
  await actions.getByRole('button', { name: 'Move to' }).click();
  await expect(page.getByRole('menu', { name: 'Move to folder' })).toBeVisible();
  await inBothThemes(page, 'the move menu');
  await page.keyboard.press('Escape');
  await actions.getByRole('button', { name: 'Tag', exact: true }).click();
  await expect(page.getByRole('menu', { name: 'Tags' })).toBeVisible();
  await inBothThemes(page, 'the tag menu');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Reading settings' })).toBeVisible();
  await inBothThemes(page, 'the settings');
});

test('dialogs, the undo toast, search, the composer and a phone pass axe in both themes', async ({
  page,
  stack,
  user,
  other,
}) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const uid = await signInWithTaggedMessage(page, stack, user, other);

  await page
    .getByRole('navigation', { name: 'Folders' })
    .getByRole('button', { name: 'New folder', exact: true })
    .click();
  await expect(page.getByRole('dialog', { name: 'New folder' })).toBeVisible();
  await inBothThemes(page, 'the new folder dialog');
  await page
    .getByRole('dialog', { name: 'New folder' })
    .getByRole('button', { name: 'Cancel' })
    .click();

  await openMessage(page, uid);
  await messageActions(page).getByRole('button', { name: 'Archive', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Undo', exact: true })).toBeVisible();
  await inBothThemes(page, 'the undo toast');
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(rowByUid(page, uid)).toHaveCount(0);
  await expect(messages(page)).toHaveAttribute('aria-rowcount', '1');

  const box = page.getByRole('searchbox', { name: 'Search mail' });
  await box.fill('engine');
  await box.press('Enter');
  await expect(page.getByRole('heading', { name: 'Search in Inbox' })).toBeVisible();
  await expect(page.getByText('1 match', { exact: true })).toBeVisible();
  await inBothThemes(page, 'search results');
  await page.getByRole('button', { name: 'Clear search' }).click();

  await page.getByRole('button', { name: 'Compose' }).click();
  await expect(page.getByRole('dialog', { name: 'New message' })).toBeVisible();
  await inBothThemes(page, 'the composer');
  await page.getByRole('dialog', { name: 'New message' }).getByLabel('Close').click();

  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await inBothThemes(page, 'the shortcuts dialog');
  await page.keyboard.press('Escape');

  await page.setViewportSize({ width: 390, height: 800 });
  await inBothThemes(page, 'a phone');
});

test('conversations and the delete-forever dialog pass axe in both themes', async ({
  page,
  stack,
  user,
  other,
}) => {
  const first = await buildMessage({
    from: 'Ada Lovelace <ada@example.test>',
    to: [user.email],
    subject: 'Offsite agenda',
    messageId: '<agenda1@a11y.example.test>',
  });
  const reply = await buildMessage({
    from: 'Charles Babbage <charles@example.test>',
    to: [user.email],
    subject: 'Re: Offsite agenda',
    messageId: '<agenda2@a11y.example.test>',
    inReplyTo: '<agenda1@a11y.example.test>',
    references: ['<agenda1@a11y.example.test>'],
  });
  await other.append('INBOX', first, []);
  await other.append('INBOX', reply, []);
  const binned = await other.append('Trash', first, ['\\Seen']);
  await signInThroughUi(page, stack, user);
  await expect(messages(page)).toHaveAttribute('aria-rowcount', '2');

  await page.getByRole('switch', { name: 'Conversations' }).check();
  const thread = messages(page).locator('[role="row"][data-thread-size="2"]');
  await thread.getByRole('button', { name: 'Expand conversation' }).click();
  await expect(messages(page).locator('[role="row"][data-level="2"]')).toHaveCount(2);
  await inBothThemes(page, 'an expanded conversation');
  await page.getByRole('switch', { name: 'Conversations' }).uncheck();

  await page
    .getByRole('navigation', { name: 'Folders' })
    .getByRole('button', { name: /^Trash/ })
    .click();
  await openMessage(page, binned.uid);
  await reader(page)
    .getByRole('toolbar', { name: 'Message actions' })
    .getByRole('button', { name: 'Delete', exact: true })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Delete forever?' });
  await expect(dialog).toBeVisible();
  await inBothThemes(page, 'the delete-forever dialog');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
});

/** A Dovecot whose users may store 1 MiB, for the quota advice. */
const withQuota = testWithStack({ dovecot: { extraConfig: quotaConfig('1M') } });

withQuota(
  'a nearly full mailbox and leaving a mailing list pass axe in both themes',
  async ({ page, stack, user, other }) => {
    const scans = await buildMessage({
      from: 'Big <big@example.test>',
      to: [user.email],
      subject: 'Scans',
      text: 'x'.repeat(950 * 1024),
    });
    await other.append('Archive', scans);
    const digest = await buildMessage({
      from: 'Weekly Digest <digest@lists.example.test>',
      to: [user.email],
      subject: 'This week on the list',
      text: 'This week on the list.',
      headers: {
        'List-Id': '"Weekly Digest" <digest.lists.example.test>',
        'List-Unsubscribe': '<mailto:leave@lists.example.test?subject=unsubscribe>',
      },
    });
    const { uid } = await other.append('INBOX', digest);
    await signInThroughUi(page, stack, user);
    await expect(page.getByText('Your mailbox is nearly full', { exact: false })).toBeVisible();
    await inBothThemes(page, 'the quota advice');

    await openMessage(page, uid);
    await reader(page).getByRole('button', { name: 'Unsubscribe' }).click();
    await expect(reader(page).getByRole('group', { name: 'Unsubscribe' })).toContainText(
      'leave@lists.example.test',
    );
    await inBothThemes(page, 'the unsubscribe confirmation');
  },
);

test('folder actions, the rename-or-move dialog and recipient suggestions pass axe in both themes', async ({
  page,
  stack,
  user,
  other,
}) => {
  await other.createMailbox('Projects');
  const sent = await buildMessage({
    from: user.email,
    to: ['"Ada Lovelace" <ada@example.org>'],
    subject: 'The engine notes',
    text: 'Attached are my notes.',
  });
  await other.append('Sent', sent, ['\\Seen']);
  await signInThroughUi(page, stack, user);

  const folderList = page.getByRole('navigation', { name: 'Folders' });
  await folderList.getByRole('button', { name: 'Folder actions: Projects', exact: true }).click();
  const menu = page.getByRole('menu', { name: 'Folder actions: Projects' });
  await expect(menu).toBeVisible();
  await inBothThemes(page, 'the folder actions menu');
  await menu.getByRole('menuitem', { name: 'Rename or move…' }).click();
  const rename = page.getByRole('dialog', { name: 'Rename or move folder' });
  await expect(rename.getByRole('combobox', { name: 'Inside' })).toBeVisible();
  await inBothThemes(page, 'the rename-or-move dialog');
  await rename.getByRole('button', { name: 'Cancel' }).click();
  await expect(rename).toHaveCount(0);

  await page.getByRole('button', { name: 'Compose', exact: true }).click();
  const composer = page.getByRole('dialog', { name: 'New message' });
  const to = composer.getByRole('combobox', { name: 'To', exact: true });
  await expect(to).toBeFocused();
  await to.pressSequentially('ada');
  const suggestions = composer.getByRole('listbox', { name: 'Suggestions' });
  await expect(suggestions.getByRole('option', { name: /Ada Lovelace/ })).toBeVisible();
  await to.press('ArrowDown');
  await expect(to).toHaveAttribute('aria-activedescendant');
  await inBothThemes(page, 'recipient suggestions, one chosen by the keys');
});

/** Pigeonhole and ManageSieve: the settings show automatic replies and filter rules in full. */
const withSieve = testWithStack({ sieve: true });

withSieve(
  'the settings with automatic replies and a filter rule pass axe in both themes',
  async ({ page, stack, user }) => {
    await signInThroughUi(page, stack, user);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const filters = page.getByRole('group', { name: 'Filters', exact: true });
    await filters.getByRole('textbox', { name: 'Rule text' }).fill('news@shop.example');
    await filters.getByRole('checkbox', { name: 'Mark as read' }).check();
    await filters.getByRole('button', { name: 'Add rule' }).click();
    await expect(filters.getByRole('list', { name: 'Filter rules' })).toBeVisible();
    await expect(page.getByRole('checkbox', { name: 'Send automatic replies' })).toBeVisible();
    await inBothThemes(page, 'the settings with automatic replies and filters');
  },
);
