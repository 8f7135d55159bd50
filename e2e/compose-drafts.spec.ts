import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { buildMessage, MailClient } from '@tidings/testkit';
import { header } from './support/raw-message.ts';
import { expect, rowByUid, signInThroughUi, testWithStack } from './support/fixtures.ts';

/** The usual stack, plus a private Postfix that the gateway submits to (and that delivers to Dovecot). */
const test = testWithStack({ postfix: true, gateway: { sentCopy: true } });

function composer(page: Page, name: string) {
  return page.getByRole('dialog', { name });
}

/** To, Cc and Bcc suggest people as they are typed: comboboxes. The rest are text boxes. */
const RECIPIENT_FIELDS = new Set(['To', 'Cc', 'Bcc']);

function field(page: Page, label: string, dialog: string) {
  const role = RECIPIENT_FIELDS.has(label) ? 'combobox' : 'textbox';
  return composer(page, dialog).getByRole(role, { name: label, exact: true });
}

/** The decoded bytes of the base64 part named `filename` (as nodemailer writes attachments). */
function attachmentBytes(raw: string, filename: string): Buffer {
  const named = raw.indexOf(`filename=${filename}`);
  expect(named).toBeGreaterThan(0);
  const start = raw.indexOf('\r\n\r\n', named) + 4;
  const end = raw.indexOf('\r\n--', start);
  return Buffer.from(raw.slice(start, end).replace(/\s+/g, ''), 'base64');
}

test.describe('drafts keep everything', () => {
  test('a reply with Bcc, an attachment and the signature reopens whole and sends as a reply', async ({
    page,
    stack,
    user: alice,
    other: aliceImap,
    postfix,
  }) => {
    const bob = await stack.newUser('bob');
    const eve = await stack.newUser('eve');
    const bobImap = await MailClient.connect(stack.dovecot, bob);
    const eveImap = await MailClient.connect(stack.dovecot, eve);
    try {
      const originalId = `<lunch-${randomBytes(4).toString('hex')}@example.test>`;
      await aliceImap.append(
        'INBOX',
        await buildMessage({
          from: `Bob <${bob.email}>`,
          to: [alice.email],
          subject: 'Lunch on Friday?',
          text: 'Shall we try the new place?',
          messageId: originalId,
        }),
      );
      const [originalUid] = await aliceImap.uids('INBOX');

      // The name and signature, set once in the settings.
      await signInThroughUi(page, stack, alice);
      await page.getByRole('button', { name: 'Settings' }).click();
      const settings = page.getByRole('dialog', { name: 'Reading settings' });
      await settings.getByLabel('Your name').fill('Alice Liddell');
      await settings.getByLabel('Signature', { exact: true }).fill('Alice\nWonderland Ltd');
      await page.getByRole('button', { name: 'Settings' }).click();
      await expect(settings).toHaveCount(0);

      // A reply: the signature sits above the quote.
      await rowByUid(page, originalUid!).click();
      await page
        .getByRole('region', { name: 'Message' })
        .getByRole('button', { name: 'Reply', exact: true })
        .click();
      const reply = composer(page, 'Reply');
      const body = field(page, 'Message', 'Reply');
      await expect(body).toHaveValue(
        /^\n\n-- \nAlice\nWonderland Ltd\n\n.*wrote:\n> Shall we try the new place\?/s,
      );
      await body.press('Control+Home');
      await body.pressSequentially('Yes, at noon.');
      await reply.getByRole('button', { name: 'Show Bcc' }).click();
      await field(page, 'Bcc', 'Reply').fill(eve.email);
      const menu = randomBytes(120 * 1024);
      await reply
        .getByLabel('Attach files')
        .setInputFiles({ name: 'menu.bin', mimeType: 'application/octet-stream', buffer: menu });
      await expect(reply.getByRole('list', { name: 'Attachments' })).toContainText('uploaded');
      await expect(reply.getByRole('status')).toHaveText('Draft saved', { timeout: 12_000 });
      await reply.getByRole('button', { name: 'Close' }).click();
      await expect(reply).toHaveCount(0);

      await expect.poll(() => aliceImap.uids('Drafts')).toHaveLength(1);
      const [draftUid] = await aliceImap.uids('Drafts');
      const draftRaw = await aliceImap.source('Drafts', draftUid!);
      // Only Alice sees Drafts: the blind copy's address is kept there.
      expect(header(draftRaw, 'Bcc')).toBe(eve.email);
      expect(header(draftRaw, 'In-Reply-To')).toBe(originalId);

      // Reopened from Drafts: every field as it was.
      await page
        .getByRole('navigation', { name: 'Folders' })
        .getByRole('button', { name: /^Drafts/ })
        .click();
      await rowByUid(page, draftUid!).click();
      const draft = composer(page, 'Draft');
      await expect(draft).toBeVisible();
      await expect(field(page, 'To', 'Draft')).toHaveValue(`Bob <${bob.email}>`);
      await expect(field(page, 'Bcc', 'Draft')).toHaveValue(eve.email);
      await expect(field(page, 'Subject', 'Draft')).toHaveValue('Re: Lunch on Friday?');
      await expect(field(page, 'Message', 'Draft')).toHaveValue(
        /^Yes, at noon\.\n\n-- \nAlice\nWonderland Ltd\n\n.*> Shall we try/s,
      );
      const attachments = draft.getByRole('list', { name: 'Attachments' });
      await expect(attachments).toContainText('menu.bin');
      await expect(attachments).toContainText('uploaded');
      await draft.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(draft).toHaveCount(0);

      // The draft is gone, the original is answered, Sent has the copy.
      await expect.poll(() => aliceImap.uids('Drafts')).toEqual([]);
      await expect
        .poll(async () => (await aliceImap.flags('INBOX')).get(originalUid!))
        .toContain('\\Answered');
      await expect.poll(() => aliceImap.uids('Sent')).toHaveLength(1);

      await postfix.flush();
      await expect.poll(() => bobImap.uids('INBOX'), { timeout: 20_000 }).toHaveLength(1);
      const [bobUid] = await bobImap.uids('INBOX');
      const got = await bobImap.source('INBOX', bobUid!);
      expect(header(got, 'From')).toBe(`Alice Liddell <${alice.email}>`);
      expect(header(got, 'In-Reply-To')).toBe(originalId);
      expect(header(got, 'Bcc')).toBeNull();
      expect(attachmentBytes(got, 'menu.bin').equals(menu)).toBe(true);
      await expect.poll(() => eveImap.uids('INBOX'), { timeout: 20_000 }).toHaveLength(1);
      const [eveUid] = await eveImap.uids('INBOX');
      const blind = await eveImap.source('INBOX', eveUid!);
      expect(header(blind, 'Bcc')).toBeNull();
      expect(attachmentBytes(blind, 'menu.bin').equals(menu)).toBe(true);
    } finally {
      await bobImap.close();
      await eveImap.close();
    }
  });
});
