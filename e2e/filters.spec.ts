import type { Page } from '@playwright/test';
import { buildMessage, deliverByLmtp, type MailUser } from '@tidings/testkit';
import { expect, folders, messages, signInThroughUi, testWithStack } from './support/fixtures.ts';
import { openMessage, reader } from './support/reader.ts';
import type { Stack } from './support/stack.ts';

/** Sieve and ManageSieve in the Dovecot: the server runs the rules on delivery. */
const test = testWithStack({ sieve: true });

function filtersGroup(page: Page) {
  return page.getByRole('group', { name: 'Filters', exact: true });
}

async function openSettings(page: Page) {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(filtersGroup(page)).toBeVisible();
}

/** A folder's own button: its name begins with the folder's name (then its unread count). */
function folder(page: Page, name: string) {
  return folders(page).getByRole('button', { name: new RegExp(`^${name}(\\s|$)`) });
}

async function deliver(stack: Stack, user: MailUser, subject: string) {
  const from = 'shop@example.test';
  const raw = await buildMessage({ from, to: [user.email], subject, text: 'Hello.' });
  await deliverByLmtp(stack.dovecot, { from, to: [user.email], raw });
}

test.describe('filters', () => {
  test('a rule added in the settings sorts new mail on the server, stays after a reload, and goes when removed', async ({
    page,
    stack,
    user,
    other,
  }) => {
    // A nested folder: the rule names it by its place, as search in all folders does.
    await other.createMailbox('Shop/Receipts');
    const word = `parcel${Date.now().toString(36)}`;
    const sentence = `Subject contains “${word}” → move to Shop / Receipts, mark as read, tag Work`;

    await signInThroughUi(page, stack, user);
    await openSettings(page);
    const filters = filtersGroup(page);
    const status = filters.getByRole('status', { name: 'Filters' });
    await expect(status).toHaveText(/^No rules yet\./);
    await expect(filters.getByRole('list', { name: 'Filter rules' })).toHaveCount(0);

    await filters.getByRole('combobox', { name: 'Rule field' }).selectOption({ label: 'Subject' });
    await filters.getByRole('combobox', { name: 'Rule test' }).selectOption({ label: 'contains' });
    await filters.getByRole('textbox', { name: 'Rule text' }).fill(word);
    const moveTo = filters.getByRole('combobox', { name: 'Move to folder' });
    await expect(moveTo.locator('option').first()).toHaveText('Don’t move');
    await expect(moveTo.locator('option', { hasText: 'Inbox' })).toHaveCount(0);

    // Nothing to do yet: refused in the tab, with the reason; the text stays.
    await filters.getByRole('button', { name: 'Add rule' }).click();
    await expect(filters.getByRole('alert')).toHaveText(/needs something to do/);
    await expect(filters.getByRole('textbox', { name: 'Rule text' })).toHaveValue(word);

    await moveTo.selectOption({ label: 'Shop / Receipts' });
    await filters.getByRole('checkbox', { name: 'Mark as read' }).check();
    await filters.getByRole('combobox', { name: 'Tag' }).selectOption({ label: 'Work' });
    await filters.getByRole('button', { name: 'Add rule' }).click();
    await expect(status).toHaveText('Saved. 1 rule sorts new mail as it arrives.');
    const rules = filters.getByRole('list', { name: 'Filter rules' }).getByRole('listitem');
    await expect(rules).toHaveText([sentence]);
    await expect(filters.getByRole('alert')).toHaveCount(0);
    // Saved: the fields are ready for the next rule.
    await expect(filters.getByRole('textbox', { name: 'Rule text' })).toHaveValue('');
    await expect(filters.getByRole('checkbox', { name: 'Mark as read' })).not.toBeChecked();
    await expect(filters.getByRole('combobox', { name: 'Tag' })).toHaveValue('');
    await page.keyboard.press('Escape');

    await deliver(stack, user, `Your ${word} has shipped`);
    await deliver(stack, user, 'Lunch on Friday?');

    // The other message lands in the Inbox, unread, as ever.
    const lunch = messages(page).getByRole('row').filter({ hasText: 'Lunch on Friday?' });
    await expect(lunch).toHaveAttribute('data-unread', 'true');
    await expect(messages(page).getByRole('row').filter({ hasText: word })).toHaveCount(0);

    // The matching one went straight to the folder, already read, and tagged.
    await expect.poll(() => other.uids('Shop/Receipts')).toHaveLength(1);
    await folder(page, 'Receipts').click();
    const parcel = messages(page).getByRole('row').filter({ hasText: word });
    await expect(parcel).toHaveAttribute('data-unread', 'false');
    await expect(parcel.locator('.tag')).toHaveText(['Tag: Work']);

    // The server keeps the rule: a new tab reads it back.
    await page.reload();
    await openSettings(page);
    await expect(status).toHaveText('1 rule sorts new mail as it arrives.');
    await expect(rules).toHaveText([sentence]);

    await filters.getByRole('button', { name: `Remove rule: ${sentence}`, exact: true }).click();
    await expect(status).toHaveText(/^Saved\. No rules yet\./);
    await expect(filters.getByRole('list', { name: 'Filter rules' })).toHaveCount(0);
    await page.keyboard.press('Escape');

    // Removed on the server too: the next match stays in the Inbox.
    await deliver(stack, user, `Another ${word}`);
    await folder(page, 'Inbox').click();
    await expect(
      messages(page)
        .getByRole('row')
        .filter({ hasText: `Another ${word}` }),
    ).toHaveAttribute('data-unread', 'true');
    expect(await other.uids('Shop/Receipts')).toHaveLength(1);
  });
});

test.describe('filters over the Inbox', () => {
  test('a new rule applied to the Inbox now moves what matches, with Undo', async ({
    page,
    stack,
    user,
    other,
  }) => {
    const raw = (subject: string) =>
      buildMessage({ from: 'shop@example.test', to: [user.email], subject, text: 'Hello.' });
    await other.append('INBOX', await raw('Invoice 7'));
    await other.append('INBOX', await raw('Invoice 8'));
    await other.append('INBOX', await raw('Lunch?'));
    await signInThroughUi(page, stack, user);
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '3');

    await openSettings(page);
    const filters = filtersGroup(page);
    await filters.getByRole('combobox', { name: 'Rule field' }).selectOption({ label: 'Subject' });
    await filters.getByRole('textbox', { name: 'Rule text' }).fill('invoice');
    await filters
      .getByRole('combobox', { name: 'Move to folder' })
      .selectOption({ label: 'Archive' });
    await filters
      .getByRole('checkbox', { name: 'Also apply to messages in the Inbox now' })
      .check();
    await filters.getByRole('button', { name: 'Add rule' }).click();
    await expect(filters.getByRole('list', { name: 'Filter rules' })).toBeVisible();
    // Asked for each rule: the next one does not move mail unless checked again.
    await expect(
      filters.getByRole('checkbox', { name: 'Also apply to messages in the Inbox now' }),
    ).not.toBeChecked();
    await page.keyboard.press('Escape');

    await expect(page.getByText('Moved 2 messages from the Inbox to Archive')).toBeVisible();
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '1');
    await expect.poll(() => other.uids('Archive')).toHaveLength(2);

    // A broader rule than meant is one click from undone.
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect(messages(page)).toHaveAttribute('aria-rowcount', '3');
    await expect.poll(() => other.uids('Archive')).toHaveLength(0);

    // Rules run in order, so the order can change: a second rule moved above the first.
    await openSettings(page);
    await filters.getByRole('textbox', { name: 'Rule text' }).fill('lunch');
    await filters.getByRole('checkbox', { name: 'Mark as read' }).check();
    await filters.getByRole('button', { name: 'Add rule' }).click();
    const rules = filters.getByRole('list', { name: 'Filter rules' }).getByRole('listitem');
    const invoice = 'Subject contains “invoice” → move to Archive';
    const lunch = 'From contains “lunch” → mark as read';
    await expect(rules).toHaveText([invoice, lunch]);
    await filters.getByRole('button', { name: `Move rule up: ${lunch}`, exact: true }).click();
    await expect(rules).toHaveText([lunch, invoice]);
    await page.reload();
    await openSettings(page);
    await expect(rules).toHaveText([lunch, invoice]);

    // A rule changed in place: into the form, and back where it was.
    await filters.getByRole('button', { name: `Edit rule: ${lunch}`, exact: true }).click();
    await expect(filters.getByRole('textbox', { name: 'Rule text' })).toHaveValue('lunch');
    await expect(filters.getByRole('checkbox', { name: 'Mark as read' })).toBeChecked();
    await filters
      .getByRole('combobox', { name: 'Move to folder' })
      .selectOption({ label: 'Archive' });
    await filters.getByRole('button', { name: 'Save rule' }).click();
    await expect(rules).toHaveText([
      'From contains “lunch” → move to Archive, mark as read',
      invoice,
    ]);
    await expect(filters.getByRole('button', { name: 'Add rule' })).toBeVisible();
  });
});

test.describe('filters from the reader', () => {
  test('“Filter messages like this” begins a rule for the sender in the settings', async ({
    page,
    stack,
    user,
    other,
  }) => {
    const raw = await buildMessage({
      from: 'Deals <deals@shop.example.test>',
      to: [user.email],
      subject: 'Ten percent off',
      text: 'Hello.',
    });
    const { uid } = await other.append('INBOX', raw);
    await signInThroughUi(page, stack, user);
    await openMessage(page, uid);
    await reader(page).getByRole('button', { name: 'Filter messages like this' }).click();

    const filters = filtersGroup(page);
    await expect(filters.getByRole('combobox', { name: 'Rule field' })).toHaveValue('from');
    await expect(filters.getByRole('combobox', { name: 'Rule test' })).toHaveValue('is');
    const text = filters.getByRole('textbox', { name: 'Rule text' });
    await expect(text).toHaveValue('deals@shop.example.test');
    await expect(text).toBeFocused();

    await filters.getByRole('combobox', { name: 'Move to folder' }).selectOption({ label: 'Junk' });
    await filters
      .getByRole('checkbox', { name: 'Also apply to messages in the Inbox now' })
      .check();
    await filters.getByRole('button', { name: 'Add rule' }).click();
    await expect(filters.getByRole('list', { name: 'Filter rules' })).toHaveText(
      'From is “deals@shop.example.test” → move to Junk',
    );
    await expect(page.getByText('Moved 1 message from the Inbox to Junk')).toBeVisible();
    await expect.poll(() => other.uids('Junk')).toHaveLength(1);

    // Closed and opened again, the settings do not begin the rule a second time.
    await page.keyboard.press('Escape');
    await openSettings(page);
    await expect(text).toHaveValue('');
    await page.keyboard.press('Escape');

    // Mail that came through a list: the rule is for the list, whoever wrote it.
    const digest = await buildMessage({
      from: 'Ana <ana@example.test>',
      to: [user.email],
      subject: 'This week on the list',
      text: 'Hello.',
      headers: { 'List-Id': '"Weekly Digest" <digest.lists.example.test>' },
    });
    const listed = await other.append('INBOX', digest);
    await openMessage(page, listed.uid);
    await reader(page).getByRole('button', { name: 'Filter messages like this' }).click();
    await expect(filters.getByRole('combobox', { name: 'Rule field' })).toHaveValue('list');
    await expect(text).toHaveValue('digest.lists.example.test');
  });
});
