import { readFileSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import { buildMessage, MailClient } from '@tidings/testkit';
import { expect, rowByUid, signInThroughUi, testWithStack } from './support/fixtures.ts';
import { body, openMessage, reader } from './support/reader.ts';

/** A private Postfix too: answers to invitations are mailed to their organizers. */
const test = testWithStack({ postfix: true });

test.describe('calendar invitations', () => {
  test.use({ timezoneId: 'Europe/Berlin', locale: 'en-US' });

  test("show the event in the reader's time, and its calendar file downloads", async ({
    page,
    stack,
    user,
    other,
  }) => {
    const calendar = [
      'BEGIN:VCALENDAR',
      'METHOD:REQUEST',
      'BEGIN:VEVENT',
      'DTSTART:20261210T103000Z',
      'DTEND:20261210T110000Z',
      'RRULE:FREQ=WEEKLY;BYDAY=TH;UNTIL=20261231T103000Z',
      'ORGANIZER;CN=Isabel Costa:mailto:isabel@example.test',
      'SUMMARY:Design review',
      'LOCATION:Room Ada',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const raw = await buildMessage({
      from: 'Isabel Costa <isabel@example.test>',
      to: [user.email],
      subject: 'Invitation: Design review',
      text: 'Join us.',
      attachments: [
        {
          filename: 'invite.ics',
          contentType: 'text/calendar; method=REQUEST',
          content: Buffer.from(calendar),
        },
      ],
    });
    const { uid } = await other.append('INBOX', raw, []);
    await signInThroughUi(page, stack, user);
    await openMessage(page, uid);
    const card = reader(page).getByRole('region', { name: 'Invitation' });
    await expect(card).toContainText('Design review');
    // 10:30 UTC is 11:30 in Berlin in December.
    await expect(card).toContainText(/Thu, Dec 10, 2026, 11:30\sAM\s–\s12:00\sPM\sGMT\+1/);
    await expect(card.locator('dt:text-is("Repeats") + dd')).toHaveText(
      'Every week on Thursday, until Thu, Dec 31, 2026',
    );
    await expect(card).toContainText('Room Ada');
    await expect(card).toContainText('Isabel Costa <isabel@example.test>');
    const download = page.waitForEvent('download');
    await card.getByRole('link', { name: 'Add to calendar (.ics)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('invite.ics');
    expect(readFileSync(await file.path(), 'utf8')).toBe(calendar);

    // Mail without one shows no card.
    const plain = await other.append(
      'INBOX',
      await buildMessage({
        from: 'a@example.test',
        to: [user.email],
        subject: 'Plain',
        text: 'Hi',
      }),
      [],
    );
    await openMessage(page, plain.uid);
    await expect(body(page).locator('body')).toContainText('Hi');
    await expect(reader(page).getByRole('region', { name: 'Invitation' })).toHaveCount(0);
  });

  test('an invitation is answered from its card: the organizer gets the iTIP REPLY', async ({
    page,
    stack,
    user,
    other,
    postfix,
  }) => {
    const bob = await stack.newUser('bob');
    const bobImap = await MailClient.connect(stack.dovecot, bob);
    try {
      const calendar = [
        'BEGIN:VCALENDAR',
        'METHOD:REQUEST',
        'BEGIN:VEVENT',
        'UID:standup-7@example.test',
        'DTSTART:20261210T103000Z',
        `ORGANIZER;CN=Bob:mailto:${bob.email}`,
        `ATTENDEE;RSVP=TRUE:mailto:${user.email}`,
        'SUMMARY:Standup',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n');
      const { uid } = await other.append(
        'INBOX',
        await buildMessage({
          from: `Bob <${bob.email}>`,
          to: [user.email],
          subject: 'Invitation: Standup',
          text: 'Join us.',
          attachments: [
            {
              filename: 'invite.ics',
              contentType: 'text/calendar; method=REQUEST',
              content: Buffer.from(calendar),
            },
          ],
        }),
      );
      await signInThroughUi(page, stack, user);
      await rowByUid(page, uid).click();
      const card = reader(page).getByRole('region', { name: 'Invitation' });
      await expect(card.getByRole('status')).toHaveText(`Your answer is mailed to ${bob.email}.`);
      await card.getByRole('button', { name: 'Yes', exact: true }).click();
      await expect(card.getByRole('status')).toHaveText(
        `You accepted: your answer went to ${bob.email}.`,
      );
      await expect(card.getByRole('button', { name: 'Yes', exact: true })).toHaveCount(0);
      await postfix.flush();
      await expect.poll(() => bobImap.uids('INBOX'), { timeout: 20_000 }).toHaveLength(1);
      const [replyUid] = await bobImap.uids('INBOX');
      const reply = await simpleParser(await bobImap.source('INBOX', replyUid!));
      expect(reply.subject).toBe('Accepted: Standup');
      const ics = reply.attachments.find((a) => a.contentType === 'text/calendar');
      expect(ics?.content.toString().replace(/\r\n /g, '')).toContain(
        `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${user.email}`,
      );
      expect((await other.flags('INBOX')).get(uid)).toContain('\\Answered');
    } finally {
      await bobImap.close();
    }
  });
});
