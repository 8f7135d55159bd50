import type { Page } from '@playwright/test';
import { expect, rowByUid } from './fixtures.ts';

/** The reader pane (UI-CONTRACT: region "Message"). */
export function reader(page: Page) {
  return page.getByRole('region', { name: 'Message' });
}

/** The sandboxed frame a message body is rendered in. */
export function body(page: Page, title = 'Message body') {
  return reader(page).frameLocator(`iframe[title="${title}"]`);
}

/** Clicks a row and waits until the reader shows that message. */
export async function openMessage(page: Page, uid: number) {
  await rowByUid(page, uid).click();
  await expect(reader(page).locator(`article[data-uid="${uid}"]`)).toBeVisible();
}
