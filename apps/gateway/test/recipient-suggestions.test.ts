import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, Events } from '@tidings/protocol';
import { buildMessage, MailClient, type MailUser } from '@tidings/testkit';
import { RecipientSuggester } from '../src/compose/recipient-suggester.ts';
import { draft, person, send, startMailWorld, type MailWorld } from './compose-harness.ts';
import { request, unwrap } from './harness.ts';

/**
 * Recipient suggestions against a real Dovecot: who is suggested from Sent and Inbox, how they
 * rank, that new mail (sent from here or filed by another client) joins without counting the
 * old twice, and a replaced Sent folder.
 */

const DAY = 24 * 3_600_000;
const MONTH_AGO = new Date(Date.now() - 30 * DAY);

let world: MailWorld;

beforeAll(async () => {
  world = await startMailWorld();
}, 60_000);

afterAll(async () => {
  await world?.stop();
});

async function file(
  client: MailClient,
  mailbox: string,
  from: string,
  to: string[],
  date = MONTH_AGO,
  cc: string[] = [],
): Promise<void> {
  const raw = await buildMessage({ from, to, cc, subject: `To ${to[0]}`, text: 'Hi.', date });
  await client.append(mailbox, raw, ['\\Seen'], date);
}

/** A message with header fields of its own, a month old, in the Inbox. */
async function fileRaw(client: MailClient, from: string, to: string, headers: string[]) {
  const raw = [
    `From: ${from}`,
    `To: ${to}`,
    'Subject: Raw',
    `Date: ${MONTH_AGO.toUTCString()}`,
    ...headers,
    '',
    'Hi.',
    '',
  ].join('\r\n');
  await client.append('INBOX', raw, [], MONTH_AGO);
}

async function account(world: MailWorld, name: string) {
  const who = await person(world, name);
  const me = who.user.email;
  await file(who.imap, 'Sent', me, ['"Ada Lovelace" <ada@example.org>'], MONTH_AGO, [
    'Charles Babbage <charles@engine.example>',
  ]);
  await file(who.imap, 'Sent', me, ['ada@example.org']);
  // Adam wrote three times, Ada was written to twice: writing counts more.
  for (let i = 0; i < 3; i += 1) {
    await file(who.imap, 'INBOX', 'Adam Smith <adam@example.net>', [me]);
  }
  await file(who.imap, 'INBOX', 'Ads <no-reply@shop.example>', [me]);
  // A newsletter and an auto-reply name no one to write to; a discussion list's post does.
  await fileRaw(who.imap, 'Adventure Weekly <adventures@news.example>', me, [
    'List-Unsubscribe: <https://news.example/u>',
  ]);
  await fileRaw(who.imap, 'Adrian Away <adrian@example.net>', me, ['Auto-Submitted: auto-replied']);
  await fileRaw(who.imap, 'Adele Post <adele@example.com>', me, [
    'Precedence: list',
    'List-Unsubscribe: <mailto:leave@lists.example.com>',
    'List-Post: <mailto:users@lists.example.com>',
  ]);
  await file(who.imap, 'INBOX', `Me Myself <${me}>`, [me]);
  return who;
}

describe('recipient:suggest', () => {
  it('suggests whom the user wrote to before who wrote, never robots, machine mail or the user', async () => {
    const who = await account(world, 'sugg');
    const answer = unwrap(await request(who.tab.socket, Events.RecipientSuggest, { query: 'ad' }));
    expect(answer.suggestions).toEqual([
      { name: 'Ada Lovelace', address: 'ada@example.org' },
      { name: 'Adam Smith', address: 'adam@example.net' },
      { name: 'Adele Post', address: 'adele@example.com' },
    ]);
    const cc = unwrap(await request(who.tab.socket, Events.RecipientSuggest, { query: 'engine' }));
    expect(cc.suggestions).toEqual([
      { name: 'Charles Babbage', address: 'charles@engine.example' },
    ]);
    for (const query of [
      'no-reply',
      'shop',
      'me myself',
      who.user.email.slice(0, 5),
      'adventure',
      'adrian',
    ]) {
      const none = unwrap(await request(who.tab.socket, Events.RecipientSuggest, { query }));
      expect(none.suggestions, query).toEqual([]);
    }
    const one = unwrap(
      await request(who.tab.socket, Events.RecipientSuggest, { query: 'ad', limit: 1 }),
    );
    expect(one.suggestions).toHaveLength(1);
  });

  it('knows whom the user just sent mail to, at once', async () => {
    const who = await account(world, 'sent');
    unwrap(await request(who.tab.socket, Events.RecipientSuggest, { query: 'ad' }));
    const grace = await person(world, 'grace');
    const to = `"Grace Hopper" <${grace.user.email}>`;
    const sent = await send(who.tab, draft({ to: [to], subject: 'Compilers' }));
    expect(sent).toEqual({ ok: true, data: expect.anything() });
    const answer = unwrap(await request(who.tab.socket, Events.RecipientSuggest, { query: 'hop' }));
    expect(answer.suggestions).toEqual([{ name: 'Grace Hopper', address: grace.user.email }]);
  });

  it('refuses a blank or oversized query with a reason; an empty one prepares', async () => {
    const who = await person(world, 'blank');
    for (const query of ['  ', 'x'.repeat(101)]) {
      const answer = await request(who.tab.socket, Events.RecipientSuggest, { query });
      expect(answer).toMatchObject({ ok: false, error: { code: ErrorCode.BadRequest } });
    }
    const prepared = await request(who.tab.socket, Events.RecipientSuggest, { query: '' });
    expect(prepared).toEqual({ ok: true, data: { suggestions: [] } });
  });
});

describe('RecipientSuggester', () => {
  async function suggesterFor(user: MailUser) {
    const command = await MailClient.connect(world.dovecot, user);
    world.clients.push(command);
    let now = Date.now();
    const suggester = new RecipientSuggester({
      commandClient: async () => command.imap,
      ownAddress: user.email,
      clock: () => now,
    });
    return {
      suggester,
      later: (ms: number) => (now += ms),
      addresses: async (query: string) =>
        (await suggester.suggest(query, 10)).map((c) => c.address),
    };
  }

  it('reads only what is new in Sent, so nothing counts twice', async () => {
    const who = await person(world, 'incr');
    const me = who.user.email;
    // Xavier was written to twice a month ago, Yves once: Xavier leads.
    await file(who.imap, 'Sent', me, ['xavier@example.org']);
    await file(who.imap, 'Sent', me, ['xavier@example.org']);
    await file(who.imap, 'Sent', me, ['yves@example.org']);
    const { suggester, later, addresses } = await suggesterFor(who.user);
    expect(await addresses('x')).toEqual(['xavier@example.org']);
    expect(await addresses('example')).toEqual(['xavier@example.org', 'yves@example.org']);

    // Another client files a message to Yves, dated now: counted once, Yves leads (1 + 1/√2
    // halves of the month-old weight against Xavier's 2/√2). Read again from scratch, the
    // old messages would count twice and Xavier would still lead.
    await file(who.imap, 'Sent', me, ['yves@example.org'], new Date());
    expect(await addresses('example')).toEqual(['xavier@example.org', 'yves@example.org']);
    later(31_000);
    expect(await addresses('example')).toEqual(['yves@example.org', 'xavier@example.org']);

    // markStale: looked for at once, however soon.
    await file(who.imap, 'Sent', me, ['zoe@example.org'], new Date());
    suggester.markStale();
    expect(await addresses('zoe')).toEqual(['zoe@example.org']);
    suggester.close();
  });

  it('starts over after a read that failed half way, rather than count what it read twice', async () => {
    const who = await person(world, 'half');
    const me = who.user.email;
    // Xavier: three month-old messages; Yves: one, and a new one below.
    for (let i = 0; i < 3; i += 1) await file(who.imap, 'Sent', me, ['xavier@example.org']);
    await file(who.imap, 'Sent', me, ['yves@example.org']);
    const command = await MailClient.connect(world.dovecot, who.user);
    world.clients.push(command);
    let failInbox = false;
    // The real connection, except that STATUS INBOX fails once when asked to: Sent has been
    // read by then.
    const flaky = new Proxy(command.imap, {
      get(target, property) {
        if (property === 'status' && failInbox) {
          return async (path: string, query: object) => {
            if (path === 'INBOX') {
              failInbox = false;
              throw new Error('STATUS failed');
            }
            return target.status(path, query);
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    let now = Date.now();
    const suggester = new RecipientSuggester({
      commandClient: async () => flaky,
      ownAddress: me,
      clock: () => now,
    });
    const order = async () => (await suggester.suggest('example', 5)).map((c) => c.address);
    expect(await order()).toEqual(['xavier@example.org', 'yves@example.org']);

    await file(who.imap, 'Sent', me, ['yves@example.org'], new Date());
    failInbox = true;
    now += 31_000;
    await order(); // answered from what it has; the read failed after Sent's new message
    now += 31_000;
    // Yves: 1/√2 + 1 of a message's weight against Xavier's 3/√2: Xavier leads. Counted twice,
    // Yves's new message would put him ahead.
    expect(await order()).toEqual(['xavier@example.org', 'yves@example.org']);
    suggester.close();
  });

  it('starts over when Sent is replaced (a new UIDVALIDITY)', async () => {
    const who = await person(world, 'uidv');
    const me = who.user.email;
    await file(who.imap, 'Sent', me, ['old@example.org']);
    const { suggester, later, addresses } = await suggesterFor(who.user);
    expect(await addresses('old')).toEqual(['old@example.org']);
    await who.imap.deleteMailbox('Sent');
    await who.imap.createMailbox('Sent');
    await file(who.imap, 'Sent', me, ['new@example.org']);
    later(31_000);
    expect(await addresses('old')).toEqual([]);
    expect(await addresses('new')).toEqual(['new@example.org']);
    suggester.close();
  });

  it('answers from what it has when the server stops answering, and fails clearly before', async () => {
    const who = await person(world, 'gone');
    await file(who.imap, 'Sent', who.user.email, ['kept@example.org']);
    const { suggester, later, addresses } = await suggesterFor(who.user);
    // An empty query reads the mail: what follows is answered without the server.
    expect(await suggester.suggest('', 5)).toEqual([]);
    const command = world.clients[world.clients.length - 1]!;
    await command.close();
    expect(await addresses('kept')).toEqual(['kept@example.org']);
    later(31_000);
    expect(await addresses('kept')).toEqual(['kept@example.org']);
    suggester.close();

    const fresh = new RecipientSuggester({
      commandClient: async () => command.imap,
      ownAddress: who.user.email,
    });
    await expect(fresh.suggest('kept', 5)).rejects.toMatchObject({
      code: ErrorCode.ImapUnavailable,
    });
  });
});
