import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import type { Browser, Page } from '@playwright/test';
import { buildMessage, MailClient, type MailUser } from '@tidings/testkit';
import { simpleParser } from 'mailparser';
import type { Stack } from './support/stack.ts';
import { header } from './support/raw-message.ts';
import { expect, messages, rowByUid, signInThroughUi, testWithStack } from './support/fixtures.ts';
import { reader } from './support/reader.ts';

/** Small, so that the gateway's own refusal (413) is what the oversized test meets. */
const UPLOAD_LIMIT_BYTES = 1024 * 1024;

/** The usual stack, plus a private Postfix that the gateway submits to (and that delivers to Dovecot). */
const test = testWithStack({
  postfix: true,
  gateway: { sentCopy: true, uploadMaxBytes: UPLOAD_LIMIT_BYTES },
});

function composer(page: Page, name = 'New message') {
  return page.getByRole('dialog', { name });
}

/** To, Cc and Bcc suggest people as they are typed: comboboxes. The rest are text boxes. */
const RECIPIENT_FIELDS = new Set(['To', 'Cc', 'Bcc']);

function field(page: Page, label: string, dialog = 'New message') {
  const role = RECIPIENT_FIELDS.has(label) ? 'combobox' : 'textbox';
  return composer(page, dialog).getByRole(role, { name: label, exact: true });
}

async function signInElsewhere(browser: Browser, stack: Stack, user: MailUser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInThroughUi(page, stack, user);
  return page;
}

test.describe('compose and send', () => {
  test('A sends B an attachment; B sees it arrive live, downloads it intact and replies in thread', async ({
    page,
    browser,
    stack,
    user: alice,
    other: aliceImap,
    postfix,
  }) => {
    const bob = await stack.newUser('bob');
    const bobImap = await MailClient.connect(stack.dovecot, bob);
    try {
      const bobPage = await signInElsewhere(browser, stack, bob);
      await expect(messages(bobPage)).toHaveAttribute('aria-rowcount', '0');
      await bobPage.evaluate(
        () => ((window as unknown as { __noReload: boolean }).__noReload = true),
      );

      await signInThroughUi(page, stack, alice);
      await page.getByRole('button', { name: 'Compose', exact: true }).click();
      await expect(composer(page)).toBeVisible();
      await field(page, 'To').fill(`Bob <${bob.email}>`);
      await field(page, 'Subject').fill('Plans for the engine');
      await field(page, 'Message').fill('Hello Bob,\n\nthe plans are attached.\n\nAda');
      const plan = randomBytes(300 * 1024);
      await composer(page)
        .getByLabel('Attach files')
        .setInputFiles({ name: 'plan.bin', mimeType: 'application/octet-stream', buffer: plan });
      const attachments = composer(page).getByRole('list', { name: 'Attachments' });
      await expect(attachments).toContainText('plan.bin');
      await expect(attachments).toContainText('300 KB');
      await expect(attachments).toContainText('uploaded');
      await composer(page).getByRole('button', { name: 'Send', exact: true }).click();
      await expect(composer(page)).toHaveCount(0);
      await expect(page.getByRole('status').filter({ hasText: 'Message sent' })).toBeVisible();

      // B: it arrives without a reload.
      const arrived = messages(bobPage).locator('[role="row"][data-uid]', {
        hasText: 'Plans for the engine',
      });
      await postfix.flush();
      await expect(arrived).toBeVisible({ timeout: 20_000 });
      expect(
        await bobPage.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload),
      ).toBe(true);
      await arrived.click();
      const link = reader(bobPage).getByRole('link', { name: 'plan.bin', exact: true });
      await expect(link).toBeVisible();
      const download = await bobPage.request.get(
        new URL((await link.getAttribute('href'))!, stack.url).href,
      );
      expect(Buffer.from(await download.body()).equals(plan)).toBe(true);

      // A's Sent has the copy.
      const sent = await aliceImap.uids('Sent');
      expect(sent).toHaveLength(1);
      const sentRaw = await aliceImap.source('Sent', sent[0]!);
      expect(header(sentRaw, 'Subject')).toBe('Plans for the engine');
      const originalId = header(sentRaw, 'Message-ID');
      expect(originalId).toMatch(/^<.+@.+>$/);

      // B replies: To, Subject and the quote are filled in; the threading headers are right.
      await reader(bobPage).getByRole('button', { name: 'Reply', exact: true }).click();
      const reply = composer(bobPage, 'Reply');
      await expect(field(bobPage, 'To', 'Reply')).toHaveValue(alice.email);
      await expect(field(bobPage, 'Subject', 'Reply')).toHaveValue('Re: Plans for the engine');
      await expect(field(bobPage, 'Message', 'Reply')).toHaveValue(
        /> Hello Bob,\n>\s*\n> the plans are attached\./,
      );
      await field(bobPage, 'Message', 'Reply').press('Control+Home');
      await field(bobPage, 'Message', 'Reply').pressSequentially('Thanks, got them.');
      await reply.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(reply).toHaveCount(0);

      await postfix.flush();
      await expect.poll(() => aliceImap.uids('INBOX'), { timeout: 20_000 }).toHaveLength(1);
      const [replyUid] = await aliceImap.uids('INBOX');
      const replyRaw = await aliceImap.source('INBOX', replyUid!);
      expect(header(replyRaw, 'Subject')).toBe('Re: Plans for the engine');
      expect(header(replyRaw, 'In-Reply-To')).toBe(originalId);
      expect(header(replyRaw, 'References')).toContain(originalId!);
      expect(replyRaw).toContain('Thanks, got them.');
      // And it shows up in A's open Inbox by itself.
      await expect(rowByUid(page, replyUid!)).toContainText('Re: Plans for the engine');
      // B's original is marked answered.
      const [bobOriginal] = await bobImap.uids('INBOX');
      await expect
        .poll(async () => (await bobImap.flags('INBOX')).get(bobOriginal!))
        .toContain('\\Answered');
      await bobPage.context().close();
    } finally {
      await bobImap.close();
    }
  });

  test('bad input is refused with a clear reason; nothing is sent and nothing typed is lost', async ({
    page,
    stack,
    user,
    other,
  }) => {
    const bob = await stack.newUser('bob');
    await signInThroughUi(page, stack, user);
    await page.getByRole('button', { name: 'Compose', exact: true }).click();

    await field(page, 'To').fill(`bob@, carol, ${bob.email}`);
    await field(page, 'Cc').fill('Dan <dan@example>');
    await field(page, 'Subject').fill('Plans');
    await field(page, 'Message').fill('Body that must survive.');
    await composer(page).getByRole('button', { name: 'Send', exact: true }).click();
    await expect(composer(page).getByRole('alert').first()).toContainText(
      '“bob@” is not an email address. “carol” is not an email address.',
    );
    await expect(composer(page)).toContainText('“Dan <dan@example>” has no valid domain.');
    await expect(field(page, 'To')).toHaveAttribute('aria-invalid', 'true');
    await expect(field(page, 'Message')).toHaveValue('Body that must survive.');
    await expect(field(page, 'Subject')).toHaveValue('Plans');

    // A line break typed into the subject cannot start a header of its own.
    await field(page, 'To').fill(bob.email);
    await field(page, 'Cc').fill('');
    await field(page, 'Subject').fill('Plans\r\nBcc: eve@example.test');
    await expect(field(page, 'Subject')).not.toHaveValue(/[\r\n]/);

    // A recipient the mail server refuses: the composer stays open and says why.
    await field(page, 'To').fill('someone@elsewhere.example');
    await composer(page).getByRole('button', { name: 'Send', exact: true }).click();
    await expect(composer(page).getByRole('alert')).toContainText('The message was not sent:');
    await expect(field(page, 'Message')).toHaveValue('Body that must survive.');
    expect(await other.uids('Sent')).toEqual([]);

    // Fixed, it goes; the subject arrives on one line and no Bcc was smuggled in.
    await field(page, 'To').fill(bob.email);
    await composer(page).getByRole('button', { name: 'Send', exact: true }).click();
    await expect(composer(page)).toHaveCount(0);
    const [sentUid] = await other.uids('Sent');
    const raw = await other.source('Sent', sentUid!);
    expect(header(raw, 'Subject')).toMatch(/^Plans ?Bcc: eve@example\.test$/);
    expect(header(raw, 'Bcc')).toBeNull();
  });

  test('an attachment over the limit is refused clearly, and can be removed', async ({
    page,
    stack,
    user,
    other,
  }) => {
    const bob = await stack.newUser('bob');
    await signInThroughUi(page, stack, user);
    await page.getByRole('button', { name: 'Compose', exact: true }).click();
    await field(page, 'To').fill(bob.email);
    await field(page, 'Subject').fill('Big file');
    await composer(page)
      .getByLabel('Attach files')
      .setInputFiles({
        name: 'huge.bin',
        mimeType: 'application/octet-stream',
        buffer: Buffer.alloc(UPLOAD_LIMIT_BYTES * 2, 7),
      });
    const attachments = composer(page).getByRole('list', { name: 'Attachments' });
    await expect(attachments.getByRole('alert')).toContainText(
      '"huge.bin" is larger than the limit of 1 MB per attachment.',
    );
    await composer(page).getByRole('button', { name: 'Send', exact: true }).click();
    await expect(composer(page)).toContainText(
      'Remove the attachments that could not be uploaded.',
    );
    expect(await other.uids('Sent')).toEqual([]);

    await composer(page).getByRole('button', { name: 'Remove huge.bin' }).click();
    await composer(page).getByRole('button', { name: 'Send', exact: true }).click();
    await expect(composer(page)).toHaveCount(0);
    await expect.poll(() => other.uids('Sent')).toHaveLength(1);
  });

  test('drafts save themselves, reopen from Drafts, and go when sent', async ({
    page,
    stack,
    user,
    other,
  }) => {
    const bob = await stack.newUser('bob');
    await signInThroughUi(page, stack, user);
    await page.getByRole('button', { name: 'Compose', exact: true }).click();
    await field(page, 'To').fill(bob.email);
    await field(page, 'Subject').fill('Draft in progress');
    await field(page, 'Message').fill('First thoughts.');
    await expect(composer(page).getByRole('status')).toHaveText('Draft saved', { timeout: 12_000 });
    await expect.poll(() => other.uids('Drafts')).toHaveLength(1);

    const first = await other.uids('Drafts');
    await field(page, 'Message').fill('First thoughts. Second thoughts.');
    await expect(composer(page).getByRole('status')).not.toHaveText('Draft saved');
    await expect(composer(page).getByRole('status')).toHaveText('Draft saved', { timeout: 12_000 });
    // The new version replaced the old one: Drafts holds one copy.
    const drafts = await other.uids('Drafts');
    expect(drafts).toHaveLength(1);
    expect(drafts).not.toEqual(first);
    expect(await other.source('Drafts', drafts[0]!)).toContain('Second thoughts.');

    await composer(page).getByRole('button', { name: 'Close' }).click();
    await expect(composer(page)).toHaveCount(0);

    await page
      .getByRole('navigation', { name: 'Folders' })
      .getByRole('button', { name: /^Drafts/ })
      .click();
    await rowByUid(page, drafts[0]!).click();
    const reopened = composer(page, 'Draft');
    await expect(reopened).toBeVisible();
    await expect(field(page, 'To', 'Draft')).toHaveValue(bob.email);
    await expect(field(page, 'Subject', 'Draft')).toHaveValue('Draft in progress');
    await expect(field(page, 'Message', 'Draft')).toHaveValue('First thoughts. Second thoughts.');
    await reopened.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(reopened).toHaveCount(0);
    await expect.poll(() => other.uids('Drafts')).toEqual([]);
    await expect.poll(() => other.uids('Sent')).toHaveLength(1);
  });

  test('rich text goes as HTML with a text alternative; forwards mark the original', async ({
    page,
    stack,
    user,
    other,
    postfix,
  }) => {
    const bob = await stack.newUser('bob');
    await signInThroughUi(page, stack, user);
    await page.getByRole('button', { name: 'Compose', exact: true }).click();
    await field(page, 'To').fill(user.email);
    await field(page, 'Subject').fill('Formatted');
    await composer(page).getByLabel('Rich text').check();
    const editor = field(page, 'Message');
    await editor.click();
    await page.keyboard.type('Plain and ');
    await composer(page).getByRole('button', { name: 'Bold' }).click();
    await page.keyboard.type('bold');
    await composer(page).getByRole('button', { name: 'Send', exact: true }).click();
    await expect(composer(page)).toHaveCount(0);
    await postfix.flush();

    const [sentUid] = await other.uids('Sent');
    const raw = await other.source('Sent', sentUid!);
    expect(raw).toMatch(/Content-Type: text\/html/i);
    expect(raw).toMatch(/<b>bold<\/b>|<strong>bold<\/strong>/);
    expect(raw).toMatch(/Content-Type: text\/plain[\s\S]*Plain and bold/i);

    // It reached the Inbox (sent to self): forward it inline, then as an attachment.
    await expect.poll(() => other.uids('INBOX'), { timeout: 20_000 }).toHaveLength(1);
    const [inboxUid] = await other.uids('INBOX');
    await rowByUid(page, inboxUid!).click();
    await reader(page).getByRole('button', { name: 'Forward', exact: true }).click();
    const forward = composer(page, 'Forward');
    await expect(field(page, 'Subject', 'Forward')).toHaveValue('Fwd: Formatted');
    await expect(field(page, 'Message', 'Forward')).toHaveValue(
      /Forwarded message[\s\S]*Plain and bold/,
    );
    await field(page, 'To', 'Forward').fill(bob.email);
    await forward.getByLabel('Forward as attachment').check();
    await expect(field(page, 'Message', 'Forward')).not.toHaveValue(/Forwarded message/);
    await forward.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(forward).toHaveCount(0);
    await expect
      .poll(async () => (await other.flags('INBOX')).get(inboxUid!))
      .toContain('$Forwarded');
    const sentNow = await other.uids('Sent');
    const forwardedRaw = await other.source('Sent', sentNow[sentNow.length - 1]!);
    expect(forwardedRaw).toMatch(/Content-Type: message\/rfc822/i);
  });

  test("a forward takes the original's attachments along; as an attachment, only the original goes", async ({
    page,
    stack,
    user,
    other,
    postfix,
  }) => {
    const bob = await stack.newUser('bob');
    const scan = randomBytes(200 * 1024);
    const notes = Buffer.from('Grüße: café notes\n', 'utf8');
    const huge = randomBytes(UPLOAD_LIMIT_BYTES + 1);
    const { uid } = await other.append(
      'INBOX',
      await buildMessage({
        from: 'Ada Lovelace <ada@example.test>',
        to: [user.email],
        subject: 'Engine papers',
        text: 'Both papers are attached.',
        attachments: [
          { filename: 'scan.pdf', contentType: 'application/pdf', content: scan },
          { filename: 'notes.txt', contentType: 'text/plain; charset=utf-8', content: notes },
          // Over this gateway's upload limit: left behind, the others still come along.
          { filename: 'huge.bin', contentType: 'application/octet-stream', content: huge },
        ],
      }),
    );
    await signInThroughUi(page, stack, user);
    await rowByUid(page, uid).click();
    await reader(page).getByRole('button', { name: 'Forward', exact: true }).click();
    const forward = composer(page, 'Forward');
    const attachments = forward.getByRole('list', { name: 'Attachments' });
    await expect(attachments.getByRole('listitem')).toHaveCount(2);
    await expect(attachments).toContainText('scan.pdf');
    await expect(attachments).toContainText('200 KB');
    await expect(attachments).toContainText('notes.txt');
    await expect(forward.getByRole('alert')).toHaveText(
      '“huge.bin” was not added: "huge.bin" is larger than the limit of 1 MB per attachment.',
    );

    // As an attachment, the original carries them: they leave the list, and come back.
    await forward.getByLabel('Forward as attachment').check();
    await expect(attachments).toHaveCount(0);
    await forward.getByLabel('Forward as attachment').uncheck();
    await expect(attachments.getByRole('listitem')).toHaveCount(2);

    // One left out by the user; the other goes byte for byte.
    await forward.getByRole('button', { name: 'Remove notes.txt' }).click();
    await field(page, 'To', 'Forward').fill(bob.email);
    await forward.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(forward).toHaveCount(0);
    await postfix.flush();
    await expect.poll(() => other.uids('Sent')).toHaveLength(1);
    const [inline] = await other.uids('Sent');
    const sent = await simpleParser(await other.source('Sent', inline!));
    expect(sent.attachments.map((a) => a.filename)).toEqual(['scan.pdf']);
    expect(sent.attachments[0]!.content.equals(scan)).toBe(true);

    // Forwarded as an attachment: the original alone, its files inside it.
    await reader(page).getByRole('button', { name: 'Forward', exact: true }).click();
    await expect(attachments.getByRole('listitem')).toHaveCount(2);
    await field(page, 'To', 'Forward').fill(bob.email);
    await forward.getByLabel('Forward as attachment').check();
    await forward.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(forward).toHaveCount(0);
    await expect.poll(() => other.uids('Sent')).toHaveLength(2);
    const asAttachment = await simpleParser(
      await other.source('Sent', (await other.uids('Sent'))[1]!),
    );
    expect(asAttachment.attachments.map((a) => a.contentType)).toEqual(['message/rfc822']);

    // Every copy is gone from the gateway's disk: sent, removed, or left out by the send. So
    // are those of a forward closed unsent.
    const waiting = async () => (await readdir(stack.gateway.uploads.dir)).length;
    await expect.poll(waiting).toBe(0);
    await reader(page).getByRole('button', { name: 'Forward', exact: true }).click();
    await expect(attachments.getByRole('listitem')).toHaveCount(2);
    expect(await waiting()).toBe(2);
    await forward.getByRole('button', { name: 'Close' }).click();
    await expect(forward).toHaveCount(0);
    await expect.poll(waiting).toBe(0);
  });
});
