import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, Events, type FilterRule, type VacationSettings } from '@tidings/protocol';
import { FILTERS_SCRIPT } from '../src/sieve/filter-script.ts';
import { ManageSieveClient } from '../src/sieve/managesieve.ts';
import { VACATION_SCRIPT } from '../src/sieve/vacation-script.ts';
import {
  arrived,
  draft,
  messagesIn,
  person,
  send,
  startMailWorld,
  type MailWorld,
  type Person,
} from './compose-harness.ts';
import { buildMessage } from '@tidings/testkit';
import { request, unwrap } from './harness.ts';

/**
 * Filter rules against a real Dovecot with Pigeonhole (Sieve on LMTP delivery, ManageSieve)
 * and a real Postfix: the gateway stores the rules over ManageSieve and the server sorts the
 * mail as it is delivered, alongside automatic replies and the user's own script.
 */

let world: MailWorld;
let writer: Person;

beforeAll(async () => {
  world = await startMailWorld({}, { sieve: true });
  writer = await person(world, 'writer');
}, 60_000);

afterAll(async () => {
  await world?.stop();
});

const rule = (overrides: Partial<FilterRule>): FilterRule => ({
  field: 'subject',
  test: 'contains',
  value: 'invoice',
  moveTo: 'Archive',
  markRead: false,
  ...overrides,
});
const setFilters = (who: Person, rules: FilterRule[]) =>
  request(who.tab.socket, Events.FiltersSet, { rules });
const getFilters = (who: Person) => request(who.tab.socket, Events.FiltersGet, {});
const setVacation = (who: Person, settings: VacationSettings) =>
  request(who.tab.socket, Events.VacationSet, { settings });

/** Mails `to` from `writer`, from the writer's address unless another one is given. */
async function mail(to: Person, subject: string, extra: { cc?: string[] } = {}) {
  unwrap(await send(writer.tab, draft({ to: [to.user.email], subject, ...extra })));
}

/** Signed in as `who` on another ManageSieve client: what another mail app would do. */
async function sieveAs<T>(who: Person, use: (client: ManageSieveClient) => Promise<T>) {
  const client = await ManageSieveClient.connect(world.sieve!, {
    user: who.user.email,
    password: who.user.password,
  });
  try {
    return await use(client);
  } finally {
    await client.logout();
  }
}

describe('filter rules', () => {
  it('sort arriving mail: into a folder, marked read, the rest left alone', async () => {
    const owner = await person(world, 'sorted');
    expect(unwrap(await getFilters(owner))).toEqual({
      available: true,
      reason: null,
      rules: [],
      running: false,
      keeps: null,
    });
    await owner.imap.imap.mailboxCreate(['Clients', 'Acme']);
    await owner.imap.imap.mailboxCreate('Reçus');
    const rules = [
      rule({ markRead: true }),
      rule({
        field: 'from',
        test: 'is',
        value: writer.user.email.toUpperCase(),
        moveTo: null,
        markRead: true,
        tag: '$label1',
      }),
      rule({ field: 'to', value: 'acme-team@', moveTo: 'Clients/Acme', tag: '$label2' }),
      rule({ value: 'reçu', moveTo: 'Reçus' }),
    ];
    const state = unwrap(await setFilters(owner, rules));
    expect(state).toEqual({ available: true, reason: null, rules, running: true, keeps: null });

    await mail(owner, 'Your invoice 42');
    await mail(owner, 'Lunch?');
    await mail(owner, 'Kick-off', { cc: ['acme-team@example.test'] });
    await mail(owner, 'Votre reçu');
    await mail(owner, 'Invoice reçu');
    // Filed, and read because the first rule marked it so before filing it.
    const invoice = await arrived(world, owner.imap, 'Your invoice 42', 'Archive');
    expect(invoice.flags).toContain('\\Seen');
    expect(invoice.flags).not.toContain('$label1');
    // No folder: stays in the Inbox, read and tagged Important (From is compared as an
    // address, ignoring case).
    expect([...(await arrived(world, owner.imap, 'Lunch?')).flags].sort()).toEqual([
      '$label1',
      '\\Seen',
    ]);
    // A nested folder, and a name outside ASCII (modified UTF-7 on the IMAP side). Tags add up
    // along the run: Important from the second rule, Work from the third, which files it.
    const kickOff = await arrived(world, owner.imap, 'Kick-off', 'Clients/Acme');
    expect([...kickOff.flags].sort()).toEqual(['$label1', '$label2', '\\Seen']);
    await arrived(world, owner.imap, 'Votre reçu', 'Reçus');
    // Filing stops the run: a message two rules would file lands in the first one's folder only.
    await arrived(world, owner.imap, 'Invoice reçu', 'Archive');
    const subjects = async (mailbox: string) =>
      (await messagesIn(owner.imap, mailbox)).map((m) => m.parsed.subject);
    expect(await subjects('Reçus')).toEqual(['Votre reçu']);
    expect(await subjects('INBOX')).toEqual(['Lunch?']);
    expect(unwrap(await getFilters(owner)).rules).toEqual(rules);
  });

  it('lose no mail when a rule names a folder deleted since', async () => {
    const owner = await person(world, 'deleted');
    await owner.imap.imap.mailboxCreate('Projects');
    unwrap(await setFilters(owner, [rule({ moveTo: 'Projects' })]));
    await owner.imap.imap.mailboxDelete('Projects');
    await mail(owner, 'Late invoice');
    // Pigeonhole falls back to keeping it in the Inbox (RFC 5228 §2.10.6).
    await arrived(world, owner.imap, 'Late invoice');
  });

  it('run after automatic replies and before the user’s own script, and hand back', async () => {
    const owner = await person(world, 'chained');
    await sieveAs(owner, async (client) => {
      await client.putScript(
        'mine',
        'require "fileinto";\r\nif header :contains "subject" "receipt" { fileinto "Archive"; }\r\n',
      );
      await client.setActive('mine');
    });
    const state = unwrap(await setFilters(owner, [rule({ value: 'report', moveTo: 'Drafts' })]));
    expect(state).toMatchObject({ running: true, keeps: 'mine' });
    const vacation = unwrap(
      await setVacation(owner, {
        enabled: true,
        subject: 'Away',
        message: 'Back soon.',
        until: null,
      }),
    );
    expect(vacation.keeps).toBe('mine');

    await mail(owner, 'Weekly report');
    await mail(owner, 'Your receipt');
    await arrived(world, owner.imap, 'Weekly report', 'Drafts');
    await arrived(world, owner.imap, 'Your receipt', 'Archive');
    await arrived(world, writer.imap, 'Away');
    expect(unwrap(await getFilters(owner)).running).toBe(true);

    unwrap(
      await setVacation(owner, {
        enabled: false,
        subject: 'Away',
        message: 'Back soon.',
        until: null,
      }),
    );
    expect(await sieveAs(owner, (c) => c.listScripts())).toContainEqual({
      name: FILTERS_SCRIPT,
      active: true,
    });
    expect(unwrap(await setFilters(owner, []))).toMatchObject({ rules: [], running: false });
    expect(await sieveAs(owner, (c) => c.listScripts())).toEqual(
      expect.arrayContaining([
        { name: 'mine', active: true },
        { name: FILTERS_SCRIPT, active: false },
        { name: VACATION_SCRIPT, active: false },
      ]),
    );
  });

  it('say they are not running once another script was made active elsewhere', async () => {
    const owner = await person(world, 'elsewhere');
    unwrap(await setFilters(owner, [rule({ moveTo: 'Junk' })]));
    await sieveAs(owner, async (client) => {
      await client.putScript('other', 'keep;\r\n');
      await client.setActive('other');
    });
    expect(unwrap(await getFilters(owner))).toMatchObject({ running: false, keeps: 'other' });
    await mail(owner, 'Invoice, not filed');
    await arrived(world, owner.imap, 'Invoice, not filed');
    // Saved again, they run, with that script after them.
    expect(unwrap(await setFilters(owner, [rule({ moveTo: 'Junk' })]))).toMatchObject({
      running: true,
      keeps: 'other',
    });
    await mail(owner, 'Invoice, filed');
    await arrived(world, owner.imap, 'Invoice, filed', 'Junk');
  });

  it('run over the Inbox on request: matches read and moved, the move undoable', async () => {
    const owner = await person(world, 'applied');
    const put = async (from: string, subject: string, flags: string[] = []) =>
      owner.imap.append(
        'INBOX',
        await buildMessage({ from, to: [owner.user.email], subject, text: 'Hi.' }),
        flags,
      );
    await put('boss@corp.example', 'Budget');
    await put('Boss@Corp.Example', 'Plan', ['\\Seen']);
    await put('big-boss@corp.example', 'Not the boss');
    await put('ana@example.test', 'Lunch');
    const apply = (applied: FilterRule) =>
      request(owner.tab.socket, Events.FiltersApply, { rule: applied });

    // "is" on From: the address itself, case aside; not one that merely contains it.
    const result = unwrap(
      await apply(
        rule({
          field: 'from',
          test: 'is',
          value: 'boss@corp.example',
          moveTo: 'Archive',
          markRead: true,
        }),
      ),
    );
    expect(result).toMatchObject({
      matched: 2,
      marked: 1,
      moved: { moved: 2, destination: 'Archive', undo: expect.any(String) },
    });
    const subjects = async (mailbox: string) =>
      (await messagesIn(owner.imap, mailbox)).map((m) => [m.parsed.subject, [...m.flags]]);
    expect(await subjects('Archive')).toEqual([
      ['Budget', ['\\Seen']],
      ['Plan', ['\\Seen']],
    ]);
    expect((await subjects('INBOX')).map(([subject]) => subject)).toEqual([
      'Not the boss',
      'Lunch',
    ]);

    // Undone like any move: back in the Inbox (read, as the rule left them).
    unwrap(await request(owner.tab.socket, Events.ActionUndo, { token: result.moved!.undo! }));
    expect(await subjects('Archive')).toEqual([]);
    expect(await subjects('INBOX')).toHaveLength(4);

    // Marking only: nothing moves, only what was unread is counted.
    expect(
      unwrap(await apply(rule({ field: 'from', value: 'boss@', moveTo: null, markRead: true }))),
    ).toEqual({
      matched: 3,
      marked: 1,
      tagged: 0,
      moved: null,
    });
    expect(unwrap(await apply(rule({ value: 'nothing like it' })))).toEqual({
      matched: 0,
      marked: 0,
      tagged: 0,
      moved: null,
    });

    // Tagging only: what lacked the tag gets it; a second run finds it there.
    const tagBoss = rule({ field: 'from', value: 'boss@', moveTo: null, tag: '$label4' });
    await owner.imap.addFlags('INBOX', (await owner.imap.uids('INBOX')).slice(0, 1), ['$label4']);
    expect(unwrap(await apply(tagBoss))).toEqual({ matched: 3, marked: 0, tagged: 2, moved: null });
    expect(
      (await subjects('INBOX')).filter(([, flags]) => flags!.includes('$label4')).map(([s]) => s),
    ).toEqual(expect.arrayContaining(['Budget', 'Plan', 'Not the boss']));
    expect(unwrap(await apply(tagBoss))).toMatchObject({ matched: 3, tagged: 0 });
  });

  it('refuse a rule that does nothing, and name what is wrong', async () => {
    const owner = await person(world, 'refused');
    const answer = await setFilters(owner, [rule({ moveTo: null, markRead: false })]);
    expect(answer.ok).toBe(false);
    if (!answer.ok) {
      expect(answer.error.code).toBe(ErrorCode.BadRequest);
      expect(answer.error.message).toMatch(/needs something to do/);
    }
    expect(unwrap(await getFilters(owner)).rules).toEqual([]);
  });
});
