import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, Events, Flag } from '@tidings/protocol';
import { request, sleep, unwrap } from './harness.ts';
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

/** The raw header block of a message, as it landed. */
const headerBlock = (source: Buffer) => source.subarray(0, source.indexOf('\r\n\r\n')).toString();

describe('the sender identity', () => {
  it('puts the display name in From, with the signed-in address', async () => {
    unwrap(
      await send(
        ada.tab,
        draft({ fromName: 'Ada Lovelace', to: [bob.user.email], subject: 'Named' }),
      ),
    );
    const got = await arrived(world, bob.imap, 'Named');
    expect(got.parsed.from?.value).toEqual([{ name: 'Ada Lovelace', address: ada.user.email }]);
    expect(headerBlock(got.source)).toMatch(
      new RegExp(`^From: Ada Lovelace <${ada.user.email}>\\r?$`, 'm'),
    );
  });

  it('encodes a name beyond ASCII (RFC 2047) and keeps header syntax inside the name', async () => {
    const name = 'Zoë Ünïcødé 日本';
    unwrap(
      await send(ada.tab, draft({ fromName: name, to: [bob.user.email], subject: 'Encoded' })),
    );
    const got = await arrived(world, bob.imap, 'Encoded');
    const from = headerBlock(got.source)
      .split(/\r?\n/)
      .find((l) => l.startsWith('From:'))!;
    // Only ASCII on the wire (no SMTPUTF8 needed), an encoded-word, and the name decoded back.
    expect(from).toMatch(/^[\x20-\x7e]+$/);
    expect(from).toMatch(/=\?UTF-8\?[BQ]\?/i);
    expect(got.parsed.from?.value).toEqual([{ name, address: ada.user.email }]);

    // Angle brackets, quotes and commas are the name's, not a second address.
    const tricky = 'Boss <eve@example.test>, "CEO"';
    unwrap(
      await send(ada.tab, draft({ fromName: tricky, to: [bob.user.email], subject: 'Quoted' })),
    );
    const quoted = await arrived(world, bob.imap, 'Quoted');
    expect(quoted.parsed.from?.value).toEqual([{ name: tricky, address: ada.user.email }]);
  });

  it('refuses a name with a line break (header injection): nothing sent, nothing stored', async () => {
    const sentBefore = await ada.imap.uids('Sent');
    for (const fromName of ['Ada\r\nBcc: eve@example.test', 'Ada\nX-Evil: 1', 'Ada\u0000']) {
      const answer = await send(
        ada.tab,
        draft({ fromName, to: [bob.user.email], subject: 'Injected' }),
      );
      expect(answer).toMatchObject({
        ok: false,
        error: { code: ErrorCode.BadRequest, message: /fromName.*line breaks/ },
      });
    }
    expect(await ada.imap.uids('Sent')).toEqual(sentBefore);
    // Give Postfix the time it takes to deliver (~20 ms) many times over: nothing comes.
    await sleep(500);
    const injected = (await messagesIn(bob.imap, 'INBOX')).filter(
      (m) => m.parsed.subject === 'Injected',
    );
    expect(injected).toEqual([]);
    expect((await messagesIn(eve.imap, 'INBOX')).map((m) => m.parsed.subject)).not.toContain(
      'Injected',
    );
  });
});

describe('a reopened draft', () => {
  const attachment = randomBytes(70_000);

  it('keeps Bcc, attachments, the name and threading; sending it answers the original', async () => {
    unwrap(await send(bob.tab, draft({ to: [ada.user.email], subject: 'Lunch?' })));
    await arrived(world, ada.imap, 'Lunch?');
    const original = await inboxRef(ada, 'Lunch?');

    const file = await uploaded(world.gw, ada.session, attachment, 'menü.pdf', 'application/pdf');
    const saved = unwrap(
      await saveDraft(
        ada.tab,
        draft({
          fromName: 'Ada L.',
          to: [`Bob <${bob.user.email}>`],
          cc: ['Carol <carol@example.test>'],
          bcc: [eve.user.email],
          subject: 'Re: Lunch?',
          text: 'Yes, at noon.\n\n-- \nAda',
          html: '<div>Yes, at <b>noon</b>.</div><div>-- <br>Ada</div>',
          attachments: [file.id],
          replyTo: original,
        }),
      ),
    );
    const [stored] = await messagesIn(ada.imap, 'Drafts');
    expect(stored?.uid).toBe(saved.uid);
    const lunch = (await messagesIn(bob.imap, 'Sent')).find((m) => m.parsed.subject === 'Lunch?');
    expect(lunch?.parsed.messageId).toMatch(/^<.+@.+>$/);
    expect(stored!.parsed.inReplyTo).toBe(lunch!.parsed.messageId);

    // Another tab (or the same one tomorrow) opens it from Drafts.
    const tab = await ada.openTab();
    const opened = unwrap(await request(tab.socket, Events.DraftOpen, saved));
    expect(opened).toMatchObject({
      draft: saved,
      fromName: 'Ada L.',
      to: [{ name: 'Bob', address: bob.user.email }],
      cc: [{ name: 'Carol', address: 'carol@example.test' }],
      bcc: [{ name: '', address: eve.user.email }],
      subject: 'Re: Lunch?',
      replyTo: original,
      forwardOf: null,
    });
    expect(opened.text.trim()).toBe('Yes, at noon.\n\n-- \nAda');
    expect(opened.html).toContain('<b>noon</b>');
    expect(opened.attachments).toMatchObject([
      { filename: 'menü.pdf', contentType: 'application/pdf', size: attachment.length },
    ]);
    expect(opened.attachments[0]!.id).not.toBe(file.id);

    // Sent from the reopened draft, as the composer sends it.
    const result = unwrap(
      await send(tab, {
        fromName: opened.fromName,
        to: opened.to.map((a) => `${a.name} <${a.address}>`),
        cc: opened.cc.map((a) => `${a.name} <${a.address}>`),
        bcc: opened.bcc.map((a) => a.address),
        subject: opened.subject,
        text: opened.text,
        html: opened.html ?? undefined,
        attachments: opened.attachments.map((a) => a.id),
        replyTo: opened.replyTo ?? undefined,
        replacesDraft: opened.draft,
      }),
    );

    const got = await arrived(world, bob.imap, 'Re: Lunch?');
    expect(got.parsed.messageId).toBe(result.messageId);
    expect(got.parsed.from?.value).toEqual([{ name: 'Ada L.', address: ada.user.email }]);
    expect(got.parsed.inReplyTo).toBe(lunch!.parsed.messageId);
    expect(got.parsed.attachments[0]?.filename).toBe('menü.pdf');
    expect(got.parsed.attachments[0]?.content.equals(attachment)).toBe(true);
    expect(got.source.toString()).not.toMatch(/^Bcc:/im);
    expect(got.source.toString()).not.toMatch(/^X-Tidings-Draft-Origin:/im);
    const blind = await arrived(world, eve.imap, 'Re: Lunch?');
    expect(blind.source.toString()).not.toMatch(/^Bcc:/im);
    expect(blind.parsed.attachments[0]?.content.equals(attachment)).toBe(true);

    expect((await ada.imap.flags('INBOX')).get(original.uid)).toContain(Flag.Answered);
    expect(await ada.imap.uids('Drafts')).toEqual([]);
  });

  it('keeps a forward, so that sending marks the original $Forwarded', async () => {
    unwrap(await send(bob.tab, draft({ to: [ada.user.email], subject: 'Minutes' })));
    await arrived(world, ada.imap, 'Minutes');
    const original = await inboxRef(ada, 'Minutes');
    const saved = unwrap(
      await saveDraft(
        ada.tab,
        draft({
          to: [eve.user.email],
          subject: 'Fwd: Minutes',
          forwardOf: { ...original, asAttachment: true },
        }),
      ),
    );
    const opened = unwrap(await request(ada.tab.socket, Events.DraftOpen, saved));
    expect(opened.forwardOf).toEqual({ ...original, asAttachment: true });
    expect(opened.attachments).toEqual([]);
    unwrap(
      await send(ada.tab, {
        to: [eve.user.email],
        subject: opened.subject,
        text: opened.text,
        forwardOf: opened.forwardOf!,
        replacesDraft: opened.draft,
      }),
    );
    const got = await arrived(world, eve.imap, 'Fwd: Minutes');
    expect(got.parsed.attachments.map((a) => a.contentType)).toEqual(['message/rfc822']);
    expect((await ada.imap.flags('INBOX')).get(original.uid)).toContain(Flag.Forwarded);
  });

  it('opens only what is in Drafts, and says so when the draft is gone', async () => {
    const inbox = await inboxRef(ada, 'Minutes');
    expect(await request(ada.tab.socket, Events.DraftOpen, inbox)).toMatchObject({
      ok: false,
      error: { code: ErrorCode.BadRequest },
    });
    const saved = unwrap(await saveDraft(ada.tab, draft({ to: [], subject: 'Gone soon' })));
    // Another client deleted it meanwhile.
    await ada.imap.expunge('Drafts', [saved.uid]);
    expect(await request(ada.tab.socket, Events.DraftOpen, saved)).toMatchObject({
      ok: false,
      error: { code: ErrorCode.CommandFailed, message: /no longer/ },
    });
  });
});
