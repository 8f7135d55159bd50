import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildMessage } from '@tidings/testkit';
import { expect, messages, rowByUid, signInThroughUi, test } from './support/fixtures.ts';
import { body, openMessage, reader } from './support/reader.ts';

/** A transparent 1x1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
/** A 1x1 PNG, for the attachment thumbnail. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A "remote" web server on another port of loopback, counting what is asked of it. */
async function remoteImageServer(): Promise<{ server: Server; origin: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-store' });
    response.end(PIXEL);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}`, hits };
}

test.describe('reader', () => {
  test('shows a plain text message with its envelope, links, quotes, attachments and source', async ({
    page,
    stack,
    user,
    other,
  }) => {
    const report = Buffer.from('%PDF-1.4\n% not really a PDF, but bytes all the same\n');
    const raw = await buildMessage({
      from: 'Ada Lovelace <ada@example.test>',
      to: [user.email],
      cc: ['Charles Babbage <charles@example.test>'],
      subject: 'Notes on the engine',
      date: new Date(Date.UTC(2026, 2, 4, 9, 30)),
      text: [
        'Dear friend,',
        '',
        'the notes are at https://example.test/notes?id=1&v=2.',
        '<script>alert(1)</script> stays text.',
        '',
        '> You asked about the mill.',
        '>> And the store.',
      ].join('\n'),
      attachments: [
        { filename: 'report.pdf', contentType: 'application/pdf', content: report },
        { filename: 'engine.png', contentType: 'image/png', content: PNG },
      ],
    });
    const { uid } = await other.append('INBOX', raw, []);
    await signInThroughUi(page, stack, user);
    await openMessage(page, uid);

    // At 1280 px its actions take one row: icons, each named by its label, with a tooltip
    // that also gives the key.
    const toolbar = reader(page).getByRole('toolbar', { name: 'Message actions' });
    expect((await toolbar.boundingBox())!.height).toBeLessThan(60);
    await expect(toolbar.getByRole('button', { name: 'Archive', exact: true })).toHaveAttribute(
      'title',
      'Archive (e)',
    );

    const region = reader(page);
    await expect(region.getByRole('heading', { name: 'Notes on the engine' })).toBeVisible();
    await expect(region).toContainText('Ada Lovelace <ada@example.test>');
    await expect(region).toContainText(user.email);
    await expect(region).toContainText('Charles Babbage <charles@example.test>');
    await expect(region.locator('time')).toHaveAttribute('datetime', /^2026-03-04T09:30/);

    const frame = body(page);
    await expect(frame.locator('body')).toContainText('Dear friend,');
    await expect(frame.locator('body')).toContainText('<script>alert(1)</script> stays text.');
    const link = frame.getByRole('link', { name: 'https://example.test/notes?id=1&v=2' });
    await expect(link).toHaveAttribute('href', 'https://example.test/notes?id=1&v=2');
    await expect(link).toHaveAttribute('target', '_blank');
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    await expect(frame.locator('blockquote[type="cite"]').first()).toContainText(
      'You asked about the mill.',
    );
    await expect(frame.locator('blockquote blockquote')).toHaveText(/And the store\./);

    const attachments = region.getByRole('region', { name: 'Attachments' });
    const pdf = attachments.getByRole('link', { name: 'report.pdf', exact: true });
    await expect(pdf).toHaveAttribute('href', /^\/api\/message\/attachment\?mailbox=INBOX&/);
    await expect(attachments).toContainText('PDF');
    const downloaded = await page.request.get(
      new URL((await pdf.getAttribute('href'))!, stack.url).href,
    );
    expect(Buffer.from(await downloaded.body()).equals(report)).toBe(true);
    await expect(attachments.getByRole('link', { name: 'engine.png', exact: true })).toBeVisible();
    const thumbnail = attachments
      .getByRole('button', { name: 'Preview engine.png' })
      .locator('img');
    await expect(thumbnail).toHaveJSProperty('naturalWidth', 1);

    const source = region.getByRole('link', { name: 'View source' });
    await expect(source).toHaveAttribute(
      'href',
      new RegExp(`^/api/message/source\\?.*uid=${uid}$`),
    );
    await expect(source).toHaveAttribute('target', '_blank');
    const sourceText = await (
      await page.request.get(new URL((await source.getAttribute('href'))!, stack.url).href)
    ).text();
    expect(sourceText).toContain('Subject: Notes on the engine');
  });

  test('renders HTML safely: inline images, links in new tabs, no overlays', async ({
    page,
    stack,
    user,
    other,
  }) => {
    const boundary = 'tidings-related-boundary';
    const raw = [
      'From: Shop <news@shop.test>',
      `To: ${user.email}`,
      'Subject: Spring collection',
      'Date: Tue, 10 Mar 2026 10:00:00 +0000',
      'MIME-Version: 1.0',
      `Content-Type: multipart/related; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/html; charset=utf-8',
      '',
      '<html><head><style>.overlay { position: fixed; inset: 0; background: red; }</style></head>',
      '<body><h1>Spring</h1><img alt="logo" src="cid:logo@shop.test">',
      '<div class="overlay">Pay here</div>',
      '<a href="https://shop.test/sale" target="_top">Sale</a></body></html>',
      `--${boundary}`,
      'Content-Type: image/png',
      'Content-Transfer-Encoding: base64',
      'Content-ID: <logo@shop.test>',
      'Content-Disposition: inline; filename="logo.png"',
      '',
      PNG.toString('base64'),
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const { uid } = await other.append('INBOX', raw, ['\\Seen']);
    await signInThroughUi(page, stack, user);
    await openMessage(page, uid);

    const frame = body(page);
    await expect(frame.getByRole('heading', { name: 'Spring' })).toBeVisible();
    const logo = frame.getByRole('img', { name: 'logo' });
    await expect(logo).toHaveAttribute('src', /\/api\/message\/inline\?.*cid=logo%40shop\.test$/);
    await expect(logo).toHaveJSProperty('naturalWidth', 1);
    const sale = frame.getByRole('link', { name: 'Sale' });
    await expect(sale).toHaveAttribute('target', '_blank');
    await expect(sale).toHaveAttribute('rel', 'noopener noreferrer');
    await expect(frame.getByText('Pay here')).toHaveCSS('position', 'static');
    // The inline picture is shown in the body, not listed again.
    await expect(reader(page).getByRole('region', { name: 'Attachments' })).toHaveCount(0);
    // The frame is as tall as its content: nothing inside scrolls.
    const sizes = await reader(page)
      .locator('iframe[title="Message body"]')
      .evaluate((iframe: HTMLIFrameElement) => ({
        frame: iframe.getBoundingClientRect().height,
        content: iframe.contentDocument!.documentElement.scrollHeight,
      }));
    expect(Math.abs(sizes.frame - sizes.content)).toBeLessThanOrEqual(2);
  });

  test('blocks remote images until "Show images", and remembers trusted senders', async ({
    page,
    stack,
    user,
    other,
  }) => {
    const remote = await remoteImageServer();
    try {
      const html = (n: number) =>
        `<p>Newsletter ${n}</p>` +
        `<img src="${remote.origin}/open-${n}.gif" width="1" height="1" alt="">` +
        `<img src="${remote.origin}/banner-${n}.gif" alt="banner">` +
        `<div style="background-image: url('${remote.origin}/bg-${n}.gif')">x</div>`;
      const first = await other.append(
        'INBOX',
        await buildMessage({
          from: 'News <news@list.test>',
          to: [user.email],
          subject: 'Newsletter 1',
          html: html(1),
        }),
        ['\\Seen'],
      );
      const second = await other.append(
        'INBOX',
        await buildMessage({
          from: 'News <news@list.test>',
          to: [user.email],
          subject: 'Newsletter 2',
          html: html(2),
        }),
        ['\\Seen'],
      );
      // Every attempt counts, even one a CSP would stop: the page must not even try.
      const attempts: string[] = [];
      page.on('request', (request) => {
        if (request.url().startsWith(remote.origin)) attempts.push(new URL(request.url()).pathname);
      });
      await signInThroughUi(page, stack, user);
      await openMessage(page, first.uid);

      const region = reader(page);
      await expect(
        region.getByRole('status').filter({ hasText: 'remote images blocked' }),
      ).toHaveText(/3 remote images blocked, 1 of them a tracking pixel\./);
      await expect(body(page).getByText('Newsletter 1')).toBeVisible();
      // Nothing has reached the remote server, even after the frame settled.
      await page.waitForTimeout(500);
      expect(attempts).toEqual([]);
      expect(remote.hits).toEqual([]);

      await region.getByRole('button', { name: 'Show images', exact: true }).click();
      await expect
        .poll(() => [...remote.hits].sort())
        .toEqual(['/banner-1.gif', '/bg-1.gif', '/open-1.gif']);
      await expect(body(page).getByRole('img', { name: 'banner' })).toHaveJSProperty(
        'naturalWidth',
        1,
      );

      // "Always for this sender" is per account and sender: the next newsletter loads at once.
      await openMessage(page, second.uid);
      await expect(region.getByRole('button', { name: 'Show images', exact: true })).toBeVisible();
      expect(attempts.some((path) => path.endsWith('-2.gif'))).toBe(false);
      await region.getByRole('button', { name: 'Always for this sender' }).click();
      await expect.poll(() => remote.hits.filter((hit) => hit.endsWith('-2.gif')).length).toBe(3);
      await expect(region).toContainText('Remote images from news@list.test are always shown.');

      await openMessage(page, first.uid);
      await expect(region.getByRole('button', { name: 'Show images', exact: true })).toHaveCount(0);
    } finally {
      remote.server.close();
    }
  });

  test('marks messages read per the setting, and other tabs see it', async ({
    page,
    context,
    stack,
    user,
    other,
  }) => {
    const uids: number[] = [];
    for (const n of [1, 2, 3]) {
      const raw = await buildMessage({
        from: 'Sender <sender@example.test>',
        to: [user.email],
        subject: `Unread ${n}`,
        text: `Body ${n}`,
        date: new Date(Date.UTC(2026, 0, n)),
      });
      uids.push((await other.append('INBOX', raw, [])).uid);
    }
    const [first, second, third] = uids as [number, number, number];
    await signInThroughUi(page, stack, user);
    const otherTab = await context.newPage();
    await otherTab.goto(stack.url);
    await expect(messages(otherTab)).toHaveAttribute('aria-rowcount', '3');

    // Default: at once.
    await openMessage(page, first);
    await expect(rowByUid(page, first)).toHaveAttribute('data-unread', 'false');
    await expect(rowByUid(otherTab, first)).toHaveAttribute('data-unread', 'false');

    // Never: the message stays unread until the user says otherwise.
    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('dialog', { name: 'Reading settings' });
    await settings.getByLabel('Never (I mark them myself)').check();
    await page.keyboard.press('Escape');
    await openMessage(page, second);
    await page.waitForTimeout(1_000);
    await expect(rowByUid(page, second)).toHaveAttribute('data-unread', 'true');
    await reader(page).getByRole('button', { name: 'Mark as read' }).click();
    await expect(rowByUid(otherTab, second)).toHaveAttribute('data-unread', 'false');
    await reader(page).getByRole('button', { name: 'Mark as unread' }).click();
    await expect(rowByUid(otherTab, second)).toHaveAttribute('data-unread', 'true');

    // After N seconds.
    await page.getByRole('button', { name: 'Settings' }).click();
    await settings.getByLabel('Seconds before marking as read').fill('2');
    await settings.getByLabel('After they stay open for').check();
    await page.keyboard.press('Escape');
    await openMessage(page, third);
    await page.waitForTimeout(800);
    await expect(rowByUid(page, third)).toHaveAttribute('data-unread', 'true');
    await expect(rowByUid(otherTab, third)).toHaveAttribute('data-unread', 'false', {
      timeout: 5_000,
    });
    expect(await page.evaluate(() => localStorage.getItem('tidings:mark-read'))).toBe(
      '{"mode":"after","seconds":2}',
    );
  });

  test('takes the whole window on a narrow screen, with a way back', async ({
    page,
    stack,
    user,
    other,
  }) => {
    const raw = await buildMessage({
      from: 'Sender <sender@example.test>',
      to: [user.email],
      subject: 'On a phone',
      text: 'Small screens too.',
    });
    const { uid } = await other.append('INBOX', raw, ['\\Seen']);
    await page.setViewportSize({ width: 420, height: 800 });
    await signInThroughUi(page, stack, user);
    await expect(reader(page)).toBeHidden();
    await openMessage(page, uid);
    await expect(messages(page)).toBeHidden();
    await expect(body(page).locator('body')).toContainText('Small screens too.');
    await reader(page).getByRole('button', { name: 'Back', exact: true }).click();
    await expect(messages(page)).toBeVisible();
    await expect(reader(page)).toBeHidden();
  });

  test('Print prints the open message alone, dark theme or not', async ({
    page,
    stack,
    user,
    other,
  }) => {
    const raw = await buildMessage({
      from: 'Sender <sender@example.test>',
      to: [user.email],
      subject: 'Boarding pass',
      text: 'Gate 12, seat 3A.',
    });
    const { uid } = await other.append('INBOX', raw, ['\\Seen']);
    await page.emulateMedia({ colorScheme: 'dark' });
    await signInThroughUi(page, stack, user);
    await openMessage(page, uid);
    await page.evaluate(() => {
      const counted = window as unknown as { printed: number };
      counted.printed = 0;
      window.print = () => void (counted.printed += 1);
    });
    await reader(page).getByRole('button', { name: 'Print', exact: true }).click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    await expect(page.getByRole('navigation', { name: 'Folders' })).toBeHidden();
    await expect(messages(page)).toBeHidden();
    await expect(reader(page).getByRole('toolbar', { name: 'Message actions' })).toBeHidden();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeHidden();
    const subject = reader(page).getByRole('heading', { name: 'Boarding pass' });
    await expect(subject).toBeVisible();
    await expect(subject).toHaveCSS('color', 'rgb(0, 0, 0)');
    await expect(body(page).locator('body')).toContainText('Gate 12, seat 3A.');
    // The plain-text body follows the screen's theme, but not on paper.
    await expect(body(page).locator('body')).toHaveCSS('color', 'rgb(0, 0, 0)');
    // The message flows on: nothing clips it to the window's height.
    await expect(page.locator('.app')).toHaveCSS('overflow', 'visible');

    await page.emulateMedia({ media: 'screen' });
    await expect(messages(page)).toBeVisible();
  });
});
