import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, Events, Flag } from '@tidings/protocol';
import { request, unwrap } from './harness.ts';
import {
  arrived,
  draft,
  inboxRef,
  messagesIn,
  person,
  saveDraft,
  send,
  startMailWorld,
  uploaded,
  type MailWorld,
  type Person,
} from './compose-harness.ts';

let world: MailWorld;
let ada: Person;
let bob: Person;
let eve: Person;

beforeAll(async () => {
  world = await startMailWorld();
  [ada, bob, eve] = await Promise.all([
    person(world, 'ada'),
    person(world, 'bob'),
    person(world, 'eve'),
  ]);
});

afterAll(async () => {
  await world?.stop();
});

describe('sending over the private Postfix', () => {
  const attachment = randomBytes(150_000);
  let original: { messageId: string; subject: string };

  it('delivers with an attachment byte for byte, and files the copy in Sent with \\Seen', async () => {
    const file = await uploaded(world.gw, ada.session, attachment, 'Zahlen & Daten.bin');
    expect(file).toMatchObject({ filename: 'Zahlen & Daten.bin', size: attachment.length });
    const subject = 'Quarterly numbers';
    const result = unwrap(
      await send(
        ada.tab,
        draft({
          to: [`Bob <${bob.user.email}>`],
          bcc: [eve.user.email],
          subject,
          text: 'See attached.\nAda',
          html: '<p>See <b>attached</b>.</p><script>alert(1)</script>',
          attachments: [file.id],
        }),
      ),
    );
    original = { messageId: result.messageId, subject };

    const received = await arrived(world, bob.imap, subject);
    expect(received.parsed.messageId).toBe(result.messageId);
    expect(received.parsed.from?.value).toEqual([{ name: '', address: ada.user.email }]);
    expect(received.parsed.html).toContain('<b>attached</b>');
    expect(received.parsed.html).not.toContain('script');
    const [part] = received.parsed.attachments;
    expect(part?.filename).toBe('Zahlen & Daten.bin');
    expect(part?.content.equals(attachment)).toBe(true);
    // Blind copies arrive, and nobody's copy says who they went to.
    const blind = await arrived(world, eve.imap, subject);
    for (const copy of [received, blind]) expect(copy.source.toString()).not.toMatch(/^Bcc:/im);

    expect(result.sentCopy).toMatchObject({ mailbox: 'Sent' });
    const [sent] = await messagesIn(ada.imap, 'Sent');
    expect(sent?.uid).toBe(result.sentCopy?.uid);
    expect([...sent!.flags]).toContain(Flag.Seen);
    expect(sent?.parsed.messageId).toBe(result.messageId);
    expect(sent?.source.toString()).toMatch(new RegExp(`^Bcc: ${eve.user.email}\\r$`, 'im'));
    expect(sent?.parsed.attachments[0]?.content.equals(attachment)).toBe(true);

    // The upload went with the message: it cannot be attached twice.
    expect(
      await send(ada.tab, draft({ to: [bob.user.email], attachments: [file.id] })),
    ).toMatchObject({ ok: false, error: { code: ErrorCode.BadRequest, message: /again/ } });
  });

  it('threads a reply and marks the original \\Answered in every tab', async () => {
    const ref = await inboxRef(bob, original.subject);
    const otherTab = await bob.openTab();
    unwrap(await request(otherTab.socket, Events.MailboxOpen, { mailbox: 'INBOX' }));
    const reply = unwrap(
      await send(
        bob.tab,
        draft({ to: [ada.user.email], subject: `Re: ${original.subject}`, replyTo: ref }),
      ),
    );
    const flagged = await otherTab.events.next(Events.MessageFlagsChanged, (e) =>
      e.changes.some((c) => c.uid === ref.uid && c.flags.includes(Flag.Answered)),
    );
    expect(flagged.mailbox).toBe('INBOX');
    expect((await bob.imap.flags('INBOX')).get(ref.uid)).toContain(Flag.Answered);

    const got = await arrived(world, ada.imap, `Re: ${original.subject}`);
    expect(got.parsed.inReplyTo).toBe(original.messageId);
    expect(got.parsed.references).toBe(original.messageId);

    // One more round: References carry the whole chain, oldest first.
    const adaRef = await inboxRef(ada, `Re: ${original.subject}`);
    unwrap(
      await send(
        ada.tab,
        draft({ to: [bob.user.email], subject: `Re: Re: ${original.subject}`, replyTo: adaRef }),
      ),
    );
    const second = await arrived(world, bob.imap, `Re: Re: ${original.subject}`);
    expect(second.parsed.inReplyTo).toBe(reply.messageId);
    expect(second.parsed.references).toEqual([original.messageId, reply.messageId]);
  });

  it('forwards as an attachment (message/rfc822) and marks the original $Forwarded', async () => {
    const ref = await inboxRef(bob, original.subject);
    const source = (await messagesIn(bob.imap, 'INBOX')).find((m) => m.uid === ref.uid)!.source;
    unwrap(
      await send(
        bob.tab,
        draft({
          to: [eve.user.email],
          subject: `Fwd: ${original.subject}`,
          forwardOf: { ...ref, asAttachment: true },
        }),
      ),
    );
    const forwarded = await arrived(world, eve.imap, `Fwd: ${original.subject}`);
    const part = forwarded.parsed.attachments.find((a) => a.contentType === 'message/rfc822');
    expect(part?.filename).toBe(`${original.subject}.eml`);
    expect(part?.content.equals(source)).toBe(true);
    expect((await bob.imap.flags('INBOX')).get(ref.uid)).toContain(Flag.Forwarded);
  });

  it("forwards inline with the original's attachments, copied on the gateway byte for byte", async () => {
    const ref = await inboxRef(bob, original.subject);
    const detail = unwrap(await request(bob.tab.socket, Events.MessageGet, ref));
    const [listed] = detail.attachments;
    expect(listed?.filename).toBe('Zahlen & Daten.bin');
    const copied = unwrap(
      await request(bob.tab.socket, Events.AttachmentsCopy, { ...ref, parts: [listed!.part] }),
    ).attachments;
    expect(copied).toEqual([
      {
        id: expect.any(String),
        filename: listed!.filename,
        contentType: listed!.contentType,
        // Decoded: the file's own bytes, not its base64.
        size: attachment.length,
      },
    ]);

    // Only what the reader lists as an attachment: not the text and HTML bodies (1.1, 1.2),
    // not their multipart/alternative (1), not a part the message lacks; one bad part copies
    // nothing.
    expect(listed?.part).toBe('2');
    for (const parts of [['1'], ['1.1'], ['1.2'], ['9'], ['2', '9']]) {
      expect(
        await request(bob.tab.socket, Events.AttachmentsCopy, { ...ref, parts }),
      ).toMatchObject({ ok: false, error: { code: ErrorCode.CommandFailed } });
    }

    // The copy is this browser session's: another session cannot attach it.
    expect(
      await send(ada.tab, draft({ to: [eve.user.email], attachments: [copied[0]!.id] })),
    ).toMatchObject({ ok: false, error: { code: ErrorCode.BadRequest } });

    const subject = `Fwd inline: ${original.subject}`;
    unwrap(
      await send(
        bob.tab,
        draft({
          to: [eve.user.email],
          subject,
          text: 'FYI',
          attachments: [copied[0]!.id],
          forwardOf: { ...ref, asAttachment: false },
        }),
      ),
    );
    const forwarded = await arrived(world, eve.imap, subject);
    expect(forwarded.parsed.attachments.map((a) => a.filename)).toEqual(['Zahlen & Daten.bin']);
    expect(forwarded.parsed.attachments[0]?.content.equals(attachment)).toBe(true);

    // A forward closed unsent gives its copies back; another session's release touches none.
    const [unsent] = unwrap(
      await request(bob.tab.socket, Events.AttachmentsCopy, { ...ref, parts: ['2'] }),
    ).attachments;
    unwrap(await request(ada.tab.socket, Events.AttachmentsRelease, { ids: [unsent!.id] }));
    unwrap(await request(bob.tab.socket, Events.AttachmentsRelease, { ids: [copied[0]!.id] }));
    const again = { ...ref, asAttachment: false };
    unwrap(
      await saveDraft(bob.tab, draft({ to: [], attachments: [unsent!.id], forwardOf: again })),
    );
    unwrap(await request(bob.tab.socket, Events.AttachmentsRelease, { ids: [unsent!.id] }));
    expect(
      await send(bob.tab, draft({ to: [eve.user.email], attachments: [unsent!.id] })),
    ).toMatchObject({ ok: false, error: { code: ErrorCode.BadRequest, message: /again/ } });
  });
});

describe('answering an invitation', () => {
  it('mails the organizer an iTIP REPLY as the user, and marks the invitation answered', async () => {
    const calendar = [
      'BEGIN:VCALENDAR',
      'METHOD:REQUEST',
      'BEGIN:VEVENT',
      'UID:design-review-42@example.test',
      'SEQUENCE:1',
      'DTSTART:20261210T103000Z',
      `ORGANIZER;CN=Ada:mailto:${ada.user.email}`,
      `ATTENDEE;RSVP=TRUE:mailto:${bob.user.email}`,
      'SUMMARY:Design\\nreview',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const invitation = [
      `From: Ada <${ada.user.email}>`,
      `To: ${bob.user.email}`,
      'Subject: Invitation: Design review',
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary="alt"',
      '',
      '--alt',
      'Content-Type: text/plain; charset=UTF-8',
      '',
      'You are invited.',
      '--alt',
      'Content-Type: text/calendar; charset=UTF-8; method=REQUEST',
      '',
      calendar,
      '--alt--',
      '',
    ].join('\r\n');
    const { uid, uidValidity } = await bob.imap.append('INBOX', Buffer.from(invitation));
    const ref = { mailbox: 'INBOX', uidValidity, uid };
    expect(
      unwrap(await request(bob.tab.socket, Events.MessageRsvp, { ...ref, answer: 'ACCEPTED' })),
    ).toEqual({ sentTo: ada.user.email });

    // The summary's line break (an escaped \n) is a space in the Subject, not a header break.
    const got = await arrived(world, ada.imap, 'Accepted: Design review');
    expect(got.parsed.from?.value).toEqual([{ name: '', address: bob.user.email }]);
    expect(got.source.toString()).toMatch(
      /Content-Type: text\/calendar; charset=utf-8;\s+method=REPLY/i,
    );
    const reply = got.source.toString().replace(/\r\n /g, '');
    expect(reply).toContain('METHOD:REPLY');
    expect(reply).toContain('UID:design-review-42@example.test');
    expect(reply).toContain('SEQUENCE:1');
    expect(reply).toContain(`ATTENDEE;PARTSTAT=ACCEPTED:mailto:${bob.user.email}`);
    expect((await bob.imap.flags('INBOX')).get(uid)).toContain(Flag.Answered);

    // Mail that is not an invitation has nothing to answer; nothing is sent.
    const plain = await inboxRef(bob, 'Quarterly numbers');
    expect(
      await request(bob.tab.socket, Events.MessageRsvp, { ...plain, answer: 'DECLINED' }),
    ).toMatchObject({ ok: false, error: { code: ErrorCode.BadRequest, message: /no invitation/ } });
  });
});

describe('drafts', () => {
  it('saves to Drafts with \\Draft, and each save replaces the last', async () => {
    const first = unwrap(
      await saveDraft(ada.tab, draft({ to: ['bob@'], subject: 'Plans', text: 'v1' })),
    );
    expect(first.mailbox).toBe('Drafts');
    let stored = await messagesIn(ada.imap, 'Drafts');
    expect(stored.map((m) => m.uid)).toEqual([first.uid]);
    expect([...stored[0]!.flags].sort()).toEqual([Flag.Draft, Flag.Seen].sort());
    // What was typed is kept, even a recipient that is not an address yet.
    expect(stored[0]!.source.toString()).toMatch(/^To: <?bob@>?\r$/m);

    const file = await uploaded(
      world.gw,
      ada.session,
      Buffer.from('agenda'),
      'agenda.txt',
      'text/plain',
    );
    const second = unwrap(
      await saveDraft(
        ada.tab,
        draft({
          to: [bob.user.email],
          subject: 'Plans',
          text: 'v2',
          attachments: [file.id],
          replacesDraft: first,
        }),
      ),
    );
    stored = await messagesIn(ada.imap, 'Drafts');
    expect(stored.map((m) => m.uid)).toEqual([second.uid]);
    expect(stored[0]!.parsed.text?.trim()).toBe('v2');
    expect(stored[0]!.parsed.attachments[0]?.content.toString()).toBe('agenda');

    // A draft reopens through message:get like any message.
    const opened = unwrap(await request(ada.tab.socket, Events.MessageGet, second));
    expect(opened.subject).toBe('Plans');

    // Sending it removes it from Drafts; its upload is still there to send.
    unwrap(
      await send(
        ada.tab,
        draft({
          to: [bob.user.email],
          subject: 'Plans',
          attachments: [file.id],
          replacesDraft: second,
        }),
      ),
    );
    expect(await ada.imap.uids('Drafts')).toEqual([]);
    const got = await arrived(world, bob.imap, 'Plans');
    expect(got.parsed.attachments[0]?.content.toString()).toBe('agenda');
  });

  it('never deletes a message outside Drafts in its place', async () => {
    const inbox = await inboxRef(ada, `Re: Quarterly numbers`);
    const drafts = await ada.imap.uids('Drafts');
    const answer = await saveDraft(ada.tab, draft({ to: [], replacesDraft: inbox }));
    expect(answer).toMatchObject({ ok: false, error: { code: ErrorCode.BadRequest } });
    expect(await ada.imap.uids('INBOX')).toContain(inbox.uid);
    expect(await ada.imap.uids('Drafts')).toEqual(drafts);
  });
});
