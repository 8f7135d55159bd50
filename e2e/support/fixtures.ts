import { test as base, expect, type Page } from '@playwright/test';
import { buildMessage, MailClient, type MailUser, type Postfix } from '@tidings/testkit';
import { startStack, type Stack, type StackOptions } from './stack.ts';

export interface Fixtures {
  /** A fresh account with a few seeded messages. */
  user: MailUser;
  /** Another mail client (a phone, say) signed in to the same account. */
  other: MailClient;
}

export const test = base.extend<Fixtures, { stack: Stack }>({
  stack: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires a destructuring pattern here
    async ({}, use) => {
      const stack = await startStack();
      await use(stack);
      await stack.stop();
    },
    { scope: 'worker' },
  ],
  user: async ({ stack }, use) => {
    await use(await stack.newUser());
  },
  other: async ({ stack, user }, use) => {
    const client = await MailClient.connect(stack.dovecot, user);
    await use(client);
    await client.close();
  },
});

export { expect };

type TestWithStack = ReturnType<typeof extendWithStack>;
const stackTests = new Map<string, TestWithStack>();

/**
 * The same fixtures on a stack of the spec's own (a Postfix, a quota, gateway settings), started
 * once per worker; `postfix` is that stack's Postfix. Specs asking for the same options get the
 * same test object, so Playwright runs them in one worker on one stack: each distinct one is a
 * worker and a stack started anew (Dovecot, Postfix, gateway: about 10 s on two cores). Tests
 * share a stack as they share the default one, each with an account of its own.
 */
export function testWithStack(options: StackOptions): TestWithStack {
  const key = JSON.stringify(options);
  let extended = stackTests.get(key);
  if (!extended) {
    extended = extendWithStack(options);
    stackTests.set(key, extended);
  }
  return extended;
}

function extendWithStack(options: StackOptions) {
  return test.extend<{ postfix: Postfix }, { stack: Stack }>({
    stack: [
      // eslint-disable-next-line no-empty-pattern -- Playwright requires a destructuring pattern here
      async ({}, use) => {
        const stack = await startStack(options);
        await use(stack);
        await stack.stop();
      },
      { scope: 'worker' },
    ],
    postfix: async ({ stack }, use) => {
      if (!stack.postfix)
        throw new Error('this spec’s stack has no Postfix: ask for postfix: true');
      await use(stack.postfix);
    },
  });
}

export async function seedInbox(other: MailClient, user: MailUser, count: number): Promise<void> {
  for (let i = 1; i <= count; i++) {
    const raw = await buildMessage({
      from: `Sender ${i} <sender${i}@example.test>`,
      to: [user.email],
      subject: `Seeded message ${i}`,
      text: `Hello number ${i}`,
      date: new Date(Date.UTC(2026, 0, i)),
    });
    await other.append('INBOX', raw, i % 3 === 0 ? [] : ['\\Seen']);
  }
}

export async function signInThroughUi(page: Page, stack: Stack, user: MailUser): Promise<void> {
  await page.goto(stack.url);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('grid', { name: 'Messages' })).toBeVisible();
}

export function folders(page: Page) {
  return page.getByRole('navigation', { name: 'Folders' });
}

export function messages(page: Page) {
  return page.getByRole('grid', { name: 'Messages' });
}

export function rowByUid(page: Page, uid: number) {
  return messages(page).locator(`[role="row"][data-uid="${uid}"]`);
}
