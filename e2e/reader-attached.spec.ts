import { buildMessage } from '@tidings/testkit';
import { expect, signInThroughUi, test } from './support/fixtures.ts';
import { body, openMessage, reader } from './support/reader.ts';

test.describe('reader: attached messages', () => {
  test('shows an attached message readable below the body', async ({
    page,
    stack,
    user,
    other,
  }) => {
    const forwarded = await buildMessage({
      from: 'Grace Hopper <grace@example.test>',
      to: ['team@example.test'],
      subject: 'Original findings',
      text: 'We found a moth in relay 70.',
    });
    const raw = await buildMessage({
      from: 'Ada Lovelace <ada@example.test>',
      to: [user.email],
      subject: 'Fwd: Original findings',
      text: 'See the message below.',
      attachments: [
        { filename: 'Original findings.eml', contentType: 'message/rfc822', content: forwarded },
      ],
    });
    const { uid } = await other.append('INBOX', raw, ['\\Seen']);
    await signInThroughUi(page, stack, user);
    await openMessage(page, uid);

    await expect(body(page).locator('body')).toContainText('See the message below.');
    const attached = reader(page).getByRole('region', {
      name: 'Attached message: Original findings',
    });
    await expect(attached).toContainText('Grace Hopper <grace@example.test>');
    await expect(
      attached.frameLocator('iframe[title="Attached message body"]').locator('body'),
    ).toContainText('We found a moth in relay 70.');
  });

  test('shows an internationalized attached message (message/global) the server does not parse', async ({
    page,
    stack,
    user,
    other,
  }) => {
    // RFC 6532: UTF-8 headers, and here base64 on the outside; Dovecot 2.3 keeps it a leaf.
    const inner = [
      'From: Jürgen Groß <jürgen@bücher.example.test>',
      'To: Reader <reader@example.test>',
      'Subject: Grüße aus Köln',
      'Date: Mon, 01 Jan 2024 08:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Der Dom steht noch, ça marche.',
      '',
    ].join('\r\n');
    const raw = [
      'From: Ada Lovelace <ada@example.test>',
      `To: ${user.email}`,
      'Subject: Fwd: Grüße',
      'Date: Tue, 02 Jan 2024 10:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      '--outer',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Forwarded as message/global.',
      '--outer',
      'Content-Type: message/global',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(inner)
        .toString('base64')
        .replace(/(.{76})/g, '$1\r\n'),
      '--outer--',
      '',
    ].join('\r\n');
    const { uid } = await other.append('INBOX', Buffer.from(raw), ['\\Seen']);
    await signInThroughUi(page, stack, user);
    await openMessage(page, uid);

    await expect(body(page).locator('body')).toContainText('Forwarded as message/global.');
    const attached = reader(page).getByRole('region', {
      name: 'Attached message: Grüße aus Köln',
    });
    await expect(attached).toContainText('Jürgen Groß <jürgen@bücher.example.test>');
    await expect(
      attached.frameLocator('iframe[title="Attached message body"]').locator('body'),
    ).toContainText('Der Dom steht noch, ça marche.');
    await expect(reader(page).getByRole('link', { name: /Grüße aus Köln\.eml/ })).toBeVisible();
  });
});
