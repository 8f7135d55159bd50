import type { JSHandle, Locator, Page } from '@playwright/test';
import { expect, messages, rowByUid, signInThroughUi, testWithStack } from './support/fixtures.ts';
import { reader } from './support/reader.ts';

/** A Postfix to send through: a dropped file goes out and comes back intact. */
const test = testWithStack({ postfix: true, gateway: { sentCopy: true } });

/** The smallest valid PNG (one transparent pixel): what a screenshot paste carries. */
const PIXEL_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

const DROPPED_TEXT = 'Minutes of the engine meeting, dropped from the desktop.';

function composer(page: Page) {
  return page.getByRole('dialog', { name: 'New message' });
}

function field(page: Page, label: string) {
  const role = label === 'To' ? 'combobox' : 'textbox';
  return composer(page).getByRole(role, { name: label, exact: true });
}

function dropZone(page: Page) {
  return composer(page).getByText('Drop files to attach');
}

function attachments(page: Page) {
  return composer(page).getByRole('list', { name: 'Attachments' });
}

async function openComposer(page: Page, to: string, subject: string) {
  await page.getByRole('button', { name: 'Compose', exact: true }).click();
  await field(page, 'To').fill(to);
  await field(page, 'Subject').fill(subject);
}

/** A DataTransfer as a drag from the desktop carries it: one text file. */
function fileDrag(page: Page): Promise<JSHandle<DataTransfer>> {
  return page.evaluateHandle((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'notes.txt', { type: 'text/plain' }));
    return transfer;
  }, DROPPED_TEXT);
}

/** A DataTransfer holding one PNG file, as a screenshot on the clipboard (or dragged) does. */
function imageTransfer(page: Page, name: string): Promise<JSHandle<DataTransfer>> {
  return page.evaluateHandle(
    ({ base64, name }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type: 'image/png' }));
      return transfer;
    },
    { base64: PIXEL_PNG_BASE64, name },
  );
}

/** A drag of selected text, or a paste of it. */
function textTransfer(page: Page, text: string): Promise<JSHandle<DataTransfer>> {
  return page.evaluateHandle((text) => {
    const transfer = new DataTransfer();
    transfer.setData('text/plain', text);
    return transfer;
  }, text);
}

/**
 * Fires a drag event at the element and tells who canceled it: "taken" by a handler in the
 * app (the composer), "refused" by the window's guard against stray file drops, or "ignored"
 * (the browser's own handling). Both cancel, so the difference is read as the event passes
 * the document, after the app's handlers and before the window's. (Whether the cursor said
 * copy or no-drop cannot be seen here: Chromium keeps a script-made DataTransfer's
 * dropEffect at "none" whatever a handler sets.)
 */
function drag(target: Locator, type: string, transfer: JSHandle<DataTransfer>) {
  return target.evaluate(
    (element, { type, transfer }) => {
      const event = new DragEvent(type, {
        bubbles: true,
        cancelable: true,
        dataTransfer: transfer,
      });
      let takenInApp = false;
      const atDocument = () => (takenInApp = event.defaultPrevented);
      document.addEventListener(type, atDocument);
      element.dispatchEvent(event);
      document.removeEventListener(type, atDocument);
      return takenInApp ? 'taken' : event.defaultPrevented ? 'refused' : 'ignored';
    },
    { type, transfer },
  );
}

/** Fires a paste at the element; answers whether the browser's own insertion was prevented. */
function paste(target: Locator, transfer: JSHandle<DataTransfer>) {
  return target.evaluate((element, transfer) => {
    const event = new ClipboardEvent('paste', {
      bubbles: true,
      cancelable: true,
      clipboardData: transfer,
    });
    element.dispatchEvent(event);
    return event.defaultPrevented;
  }, transfer);
}

/**
 * Lets React render what the drag events before it changed (they are not urgent updates), so
 * that something still shown is still shown because it should be.
 */
async function settle(page: Page) {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => resolve())),
      ),
  );
}

test.describe('attaching by drag and drop, and by pasting', () => {
  test('files dropped on the composer are attached and sent; the drop zone shows while they are over it', async ({
    page,
    stack,
    user,
    other,
    postfix,
  }) => {
    await signInThroughUi(page, stack, user);
    await openComposer(page, user.email, 'Minutes');
    await field(page, 'Message').fill('The minutes are attached.');
    const files = await fileDrag(page);

    // Over the Subject field, then the body: the drag enters the body before it leaves the
    // Subject, and the zone stays up across the crossing.
    expect(await drag(field(page, 'Subject'), 'dragenter', files)).toBe('taken');
    await expect(dropZone(page)).toBeVisible();
    await drag(field(page, 'Message'), 'dragenter', files);
    await drag(field(page, 'Subject'), 'dragleave', files);
    await settle(page);
    await expect(dropZone(page)).toBeVisible();
    await expect(composer(page)).toHaveClass(/composer--dropping/);

    // Out of the composer altogether, and back.
    await drag(field(page, 'Message'), 'dragleave', files);
    await expect(dropZone(page)).toBeHidden();
    await drag(field(page, 'Message'), 'dragenter', files);
    await expect(dropZone(page)).toBeVisible();

    expect(await drag(field(page, 'Message'), 'dragover', files)).toBe('taken');
    expect(await drag(field(page, 'Message'), 'drop', files)).toBe('taken');
    await expect(dropZone(page)).toBeHidden();
    await expect(attachments(page)).toContainText('notes.txt');
    await expect(attachments(page)).toContainText('uploaded');
    // The body is as typed: the file went to the attachments, not into the text.
    await expect(field(page, 'Message')).toHaveValue('The minutes are attached.');

    await composer(page).getByRole('button', { name: 'Send', exact: true }).click();
    await expect(composer(page)).toHaveCount(0);
    await postfix.flush();
    await expect.poll(() => other.uids('INBOX'), { timeout: 20_000 }).toHaveLength(1);
    const [uid] = await other.uids('INBOX');
    await rowByUid(page, uid!).click();
    const link = reader(page).getByRole('link', { name: 'notes.txt', exact: true });
    await expect(link).toBeVisible();
    const download = await page.request.get(
      new URL((await link.getAttribute('href'))!, stack.url).href,
    );
    expect(await download.text()).toBe(DROPPED_TEXT);
  });

  test('only file drags count: text shows no drop zone, Escape hides it, stray drops are refused', async ({
    page,
    stack,
    user,
  }) => {
    await signInThroughUi(page, stack, user);
    await openComposer(page, user.email, 'Drags');
    const text = await textTransfer(page, 'a few words');
    const files = await fileDrag(page);

    // Text dragged over the body keeps the browser's own handling (a drop inserts it).
    expect(await drag(field(page, 'Message'), 'dragenter', text)).toBe('ignored');
    expect(await drag(field(page, 'Message'), 'dragover', text)).toBe('ignored');
    await settle(page);
    await expect(dropZone(page)).toHaveCount(0);
    await drag(field(page, 'Message'), 'dragleave', text);

    // Escape during a file drag hides the zone and leaves the composer open.
    await drag(field(page, 'Message'), 'dragenter', files);
    await expect(dropZone(page)).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dropZone(page)).toBeHidden();
    await settle(page);
    await expect(composer(page)).toBeVisible();

    // Files dropped beside the composer: refused, so the browser does not open them in place
    // of the app. A message row dragged onto a folder is not a file drag, and is left alone.
    expect(await drag(messages(page), 'dragover', files)).toBe('refused');
    expect(await drag(messages(page), 'drop', files)).toBe('refused');
    await expect(attachments(page)).toHaveCount(0);
    const rowDrag = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.setData('application/x-tidings-messages', '1');
      return transfer;
    });
    expect(await drag(messages(page), 'dragover', rowDrag)).toBe('ignored');
    // Escape above closed nothing: the composer is still open, as it was.
    await expect(field(page, 'Subject')).toHaveValue('Drags');
  });

  test('an image pasted or dropped into the rich editor is attached, not put in the body; text pastes as text', async ({
    page,
    stack,
    user,
    other,
  }) => {
    await signInThroughUi(page, stack, user);
    await openComposer(page, user.email, 'Screenshots');
    await composer(page).getByLabel('Rich text').check();
    const editor = field(page, 'Message');
    await editor.click();

    expect(await paste(editor, await imageTransfer(page, 'pasted.png'))).toBe(true);
    await expect(attachments(page).getByRole('listitem')).toHaveCount(1);
    await expect(attachments(page)).toContainText('pasted.png');

    // Text still pastes as text (as plain text: see RichEditor), and attaches nothing.
    expect(await paste(editor, await textTransfer(page, 'Two screenshots follow.'))).toBe(true);
    await expect(editor).toContainText('Two screenshots follow.');

    const dropped = await imageTransfer(page, 'dropped.png');
    await drag(editor, 'dragenter', dropped);
    expect(await drag(editor, 'drop', dropped)).toBe('taken');
    await expect(attachments(page).getByRole('listitem')).toHaveCount(2);
    await expect(attachments(page)).toContainText('dropped.png');
    expect(await editor.evaluate((element) => element.querySelector('img'))).toBeNull();

    // Plain text: a pasted file is attached too.
    await composer(page).getByLabel('Rich text').uncheck();
    const textarea = field(page, 'Message');
    expect(await paste(textarea, await imageTransfer(page, 'plain.png'))).toBe(true);
    await expect(attachments(page).getByRole('listitem')).toHaveCount(3);
    await expect(attachments(page).getByText('uploaded')).toHaveCount(3);
    await expect(textarea).toHaveValue(/Two screenshots follow\./);
    await expect(textarea).not.toHaveValue(/data:|blob:|\.png/);

    await composer(page).getByRole('button', { name: 'Send', exact: true }).click();
    await expect(composer(page)).toHaveCount(0);
    await expect.poll(() => other.uids('Sent')).toHaveLength(1);
    const [sent] = await other.uids('Sent');
    const raw = await other.source('Sent', sent!);
    for (const name of ['pasted.png', 'dropped.png', 'plain.png']) {
      expect(raw).toMatch(new RegExp(`Content-Type: image/png;\\s*name="?${name}"?`, 'i'));
    }
  });
});
