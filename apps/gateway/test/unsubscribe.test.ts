import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, Events, type MessageRef } from '@tidings/protocol';
import {
  arrived,
  inboxRef,
  person,
  startMailWorld,
  type MailWorld,
  type Person,
} from './compose-harness.ts';
import { request, unwrap } from './harness.ts';

/**
 * Unsubscribing from a mailing list against a real Dovecot and Postfix: the reader is told the
 * ways a message's List-Unsubscribe offers, and the request by mail reaches the list's address,
 * sent as the user, to that address only.
 */

let world: MailWorld;
let reader: Person;
let list: Person;

beforeAll(async () => {
  world = await startMailWorld();
  reader = await person(world, 'subscriber');
  list = await person(world, 'list');
}, 60_000);

afterAll(async () => {
  await world?.stop();
});

let counter = 0;

/** A list message in the reader's Inbox with these header lines; named as a tab names it. */
async function listMessage(...headers: string[]): Promise<MessageRef> {
  const subject = `Digest ${++counter}`;
  const raw = [
    `From: Tidings users <${list.user.email}>`,
    `To: ${reader.user.email}`,
    `Subject: ${subject}`,
    `Message-ID: <digest-${counter}@lists.example.test>`,
    'Date: Sun, 06 Dec 2026 10:00:00 +0000',
    ...headers,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'This week on the list.',
    '',
  ].join('\r\n');
  await reader.imap.append('INBOX', raw);
  return inboxRef(reader, subject);
}

describe('message:unsubscribe', () => {
  it('tells the reader how to leave, and sends the request by mail to the list only', async () => {
    const ref = await listMessage(
      'List-Id: "Tidings users" <users.example.test>',
      `List-Unsubscribe: <mailto:${list.user.email}?subject=unsubscribe%20digest&cc=${reader.user.email}>,`,
      ' <https://lists.example.test/unsubscribe?u=42>',
    );
    const detail = unwrap(await request(reader.tab.socket, Events.MessageGet, ref));
    expect(detail.unsubscribe).toEqual({
      list: 'Tidings users',
      mailto: list.user.email,
      url: 'https://lists.example.test/unsubscribe?u=42',
    });
    // The List-Unsubscribe URIs are no Message-IDs of the thread.
    expect(detail.references).toEqual([]);

    const answer = await request(reader.tab.socket, Events.MessageUnsubscribe, ref);
    expect(answer).toEqual({ ok: true, data: { sentTo: list.user.email } });
    const got = await arrived(world, list.imap, 'unsubscribe digest');
    expect(got.parsed.from?.value).toEqual([{ name: '', address: reader.user.email }]);
    expect(got.parsed.to).toMatchObject({ value: [{ address: list.user.email }] });
    expect(got.parsed.cc).toBeUndefined();
    // Not filed in Sent, and the cc= of the URL went nowhere: the reader's Inbox holds only the
    // list's own message.
    const sent = unwrap(await request(reader.tab.socket, Events.MailboxList, {})).mailboxes.find(
      (m) => m.path === 'Sent',
    );
    expect(sent?.total).toBe(0);
    const inbox = unwrap(
      await request(reader.tab.socket, Events.MailboxOpen, { mailbox: 'INBOX' }),
    );
    expect(inbox.messages.every((m) => m.subject.startsWith('Digest'))).toBe(true);
  });

  it('offers a web page only as a link, and refuses to send for it', async () => {
    const ref = await listMessage('List-Unsubscribe: <https://news.example.test/u/1>');
    const detail = unwrap(await request(reader.tab.socket, Events.MessageGet, ref));
    expect(detail.unsubscribe).toEqual({
      list: 'news.example.test',
      mailto: null,
      url: 'https://news.example.test/u/1',
    });
    const answer = await request(reader.tab.socket, Events.MessageUnsubscribe, ref);
    expect(answer).toMatchObject({
      ok: false,
      error: { code: ErrorCode.BadRequest, message: expect.stringContaining('no address') },
    });
  });

  it('offers nothing for a message without the header or with a hostile one', async () => {
    for (const header of ['X-Plain: yes', 'List-Unsubscribe: <javascript:alert(1)>']) {
      const ref = await listMessage(header);
      const detail = unwrap(await request(reader.tab.socket, Events.MessageGet, ref));
      expect(detail.unsubscribe, header).toBeNull();
      const answer = await request(reader.tab.socket, Events.MessageUnsubscribe, ref);
      expect(answer).toMatchObject({ ok: false, error: { code: ErrorCode.BadRequest } });
    }
  });

  it('names a message by its folder’s UIDVALIDITY', async () => {
    const ref = await listMessage(`List-Unsubscribe: <mailto:${list.user.email}>`);
    const stale = { ...ref, uidValidity: ref.uidValidity + 1 };
    const answer = await request(reader.tab.socket, Events.MessageUnsubscribe, stale);
    expect(answer).toMatchObject({ ok: false, error: { code: ErrorCode.UidValidityChanged } });
  });
});
