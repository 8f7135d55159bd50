import type { Browser } from '@playwright/test';
import { fillMailbox, MailClient, type MailUser } from '@tidings/testkit';
import type { Stack } from '../e2e/support/stack.ts';
import { heapMiB } from './page-heap.ts';

/** Deleting 100,000 messages, or undoing that, takes Dovecot 20–40 s here: room for either. */
const WAIT_MS = 300_000;

/**
 * The whole of a big Inbox selected in the browser ("Select all N in Inbox"), moved to Trash
 * after the question every such action asks (in requests of MAX_ACTION_UIDS), and brought
 * back by one Undo (each request joined the undo of the one before). Each time runs from the
 * click to what the user then sees: the count selected, the note "Moved N messages to Trash",
 * then all N rows counted again with the top row shown. On an account of its own, filled as
 * the big mailbox is.
 */
export async function wholeFolder(
  stack: Stack,
  browser: Browser,
  messages: number,
  seed: number,
  cacheDir: string,
) {
  const user: MailUser = { email: 'whole-folder@example.test', password: 'whole-folder-bench' };
  await stack.dovecot.addUser(user);
  await fillMailbox(stack.dovecot, user, { count: messages, seed, cacheDir });
  const count = messages.toLocaleString('en-US');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const other = await MailClient.connect(stack.dovecot, user);
  try {
    const page = await context.newPage();
    await page.goto(stack.url);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const grid = page.getByRole('grid', { name: 'Messages' });
    const firstRow = grid.locator('[role="row"][data-uid]').first();
    await firstRow.waitFor({ timeout: WAIT_MS });
    const toolbar = page.getByRole('toolbar', { name: 'Selected messages' });
    await toolbar.getByRole('button', { name: 'Select all', exact: true }).click();

    let start = performance.now();
    await toolbar.getByRole('button', { name: `Select all ${count} in Inbox` }).click();
    await toolbar.getByText(`${count} selected`).waitFor({ timeout: WAIT_MS });
    const selectMs = performance.now() - start;

    await toolbar.getByRole('button', { name: 'Delete', exact: true }).click();
    const confirm = page.getByRole('dialog').getByRole('button', { name: 'Move to Trash' });
    start = performance.now();
    await confirm.click();
    await page.getByText(`Moved ${count} messages to Trash`).waitFor({ timeout: WAIT_MS });
    const deleteMs = performance.now() - start;

    start = performance.now();
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await page.waitForFunction(
      (total) =>
        document
          .querySelector('[role="grid"][aria-label="Messages"]')
          ?.getAttribute('aria-rowcount') === total,
      String(messages),
      { timeout: WAIT_MS },
    );
    await firstRow.waitFor({ timeout: WAIT_MS });
    const undoMs = performance.now() - start;

    const trash = (await other.status('Trash')).messages;
    const inbox = (await other.status('INBOX')).messages;
    if (trash !== 0 || inbox !== messages) {
      throw new Error(`after the undo: ${inbox} in the Inbox, ${trash} in Trash`);
    }
    return {
      messages,
      selectMs: Math.round(selectMs),
      deleteMs: Math.round(deleteMs),
      undoMs: Math.round(undoMs),
      browserHeapAfterUndoMiB: Math.round((await heapMiB(page)) * 10) / 10,
    };
  } finally {
    await other.close();
    await context.close();
  }
}
