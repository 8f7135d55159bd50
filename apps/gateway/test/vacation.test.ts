import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, Events, type VacationSettings } from '@tidings/protocol';
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
import { request, startTestGateway, unwrap } from './harness.ts';

/**
 * Automatic replies against a real Dovecot with Pigeonhole (Sieve on LMTP delivery,
 * ManageSieve) and a real Postfix: the gateway stores the script over ManageSieve, the server
 * answers mail the user receives, and the user's own filters keep running.
 */

let world: MailWorld;
let away: Person;
let writer: Person;

beforeAll(async () => {
  world = await startMailWorld({}, { sieve: true });
  away = await person(world, 'away');
  writer = await person(world, 'writer');
}, 60_000);

afterAll(async () => {
  await world?.stop();
});

const sieveServer = () => world.sieve!;
const on = (settings: Partial<VacationSettings>): VacationSettings => ({
  enabled: true,
  subject: 'Away this week',
  message: 'I am away; back on Monday.',
  until: null,
  ...settings,
});
const setVacation = (who: Person, settings: VacationSettings) =>
  request(who.tab.socket, Events.VacationSet, { settings });
const getVacation = (who: Person) => request(who.tab.socket, Events.VacationGet, {});

/** Mails `away` from `writer` and waits until it is delivered (Sieve has run by then). */
async function mailAway(subject: string, mailbox = 'INBOX') {
  unwrap(await send(writer.tab, draft({ to: [away.user.email], subject })));
  return arrived(world, away.imap, subject, mailbox);
}

/** The scripts on the server, as another ManageSieve client sees them. */
async function scripts(who: Person) {
  const client = await ManageSieveClient.connect(sieveServer(), {
    user: who.user.email,
    password: who.user.password,
  });
  try {
    return await client.listScripts();
  } finally {
    await client.logout();
  }
}

describe('automatic replies', () => {
  it('are off until turned on; on, the server answers mail with the words given', async () => {
    expect(unwrap(await getVacation(away))).toEqual({
      available: true,
      reason: null,
      settings: { enabled: false, subject: '', message: '', until: null },
      keeps: null,
    });
    // Quotes, backslashes and a line that looks like Sieve must come back as typed.
    const message = 'Away until Monday.\n"Urgent"? Call the desk \\ 555-0100.\n}; discard; {';
    const state = unwrap(await setVacation(away, on({ message })));
    expect(state.settings).toEqual(on({ message }));
    expect(await scripts(away)).toEqual([{ name: VACATION_SCRIPT, active: true }]);

    await mailAway('Lunch on Friday?');
    const reply = await arrived(world, writer.imap, 'Away this week');
    expect(reply.parsed.to).toMatchObject({ value: [{ address: writer.user.email }] });
    expect(reply.parsed.from).toMatchObject({ value: [{ address: away.user.email }] });
    expect(reply.parsed.headers.get('auto-submitted')).toMatch(/auto-replied/);
    expect(reply.parsed.text?.trim()).toBe(message);
    expect(unwrap(await getVacation(away)).settings).toEqual(on({ message }));
  });

  it('turned off, stop answering and keep the words for next time', async () => {
    const message = 'Out until the 4th.';
    unwrap(await setVacation(away, on({ subject: 'Out', message })));
    const state = unwrap(
      await setVacation(away, { ...on({ subject: 'Out', message }), enabled: false }),
    );
    expect(state.settings).toEqual({ enabled: false, subject: 'Out', message, until: null });
    expect(await scripts(away)).toEqual([{ name: VACATION_SCRIPT, active: false }]);

    const before = (await messagesIn(writer.imap, 'INBOX')).length;
    await mailAway('Are you back?');
    await world.postfix.flush();
    expect((await messagesIn(writer.imap, 'INBOX')).length).toBe(before);
  });

  it('past their last day, send nothing', async () => {
    unwrap(await setVacation(away, on({ subject: 'Long gone', until: '2020-01-31' })));
    const before = (await messagesIn(writer.imap, 'INBOX')).length;
    await mailAway('Still there?');
    await world.postfix.flush();
    expect((await messagesIn(writer.imap, 'INBOX')).length).toBe(before);
    unwrap(await setVacation(away, on({ subject: 'Until 2099', until: '2099-12-31' })));
    await mailAway('And now?');
    await arrived(world, writer.imap, 'Until 2099');
  });

  it("keep the user's own filter running, and make it active again when turned off", async () => {
    const owner = await person(world, 'filters');
    const client = await ManageSieveClient.connect(sieveServer(), {
      user: owner.user.email,
      password: owner.user.password,
    });
    await client.putScript(
      'mine',
      'require "fileinto";\r\nif header :contains "subject" "invoice" { fileinto "Archive"; }\r\n',
    );
    await client.setActive('mine');
    await client.logout();
    expect(unwrap(await getVacation(owner)).keeps).toBe('mine');

    const state = unwrap(await setVacation(owner, on({ subject: 'Filed and answered' })));
    expect(state.keeps).toBe('mine');
    unwrap(await send(writer.tab, draft({ to: [owner.user.email], subject: 'Invoice 7' })));
    await arrived(world, owner.imap, 'Invoice 7', 'Archive');
    await arrived(world, writer.imap, 'Filed and answered');

    const off = unwrap(await setVacation(owner, { ...on({}), enabled: false }));
    expect(off.keeps).toBe('mine');
    expect(await scripts(owner)).toEqual(
      expect.arrayContaining([
        { name: 'mine', active: true },
        { name: VACATION_SCRIPT, active: false },
      ]),
    );
  });

  it('refuse settings the schema does not allow, and name what is wrong', async () => {
    const empty = await setVacation(away, on({ message: ' ' }));
    expect(empty.ok).toBe(false);
    if (!empty.ok) {
      expect(empty.error.code).toBe(ErrorCode.BadRequest);
      expect(empty.error.message).toMatch(/needs a message/);
    }
  });

  it('name a sign-in the filter server refuses (the password changed since)', async () => {
    const moved = await person(world, 'moved');
    await world.dovecot.addUser({ ...moved.user, password: 'changed-elsewhere-Pa55' });
    const state = unwrap(await getVacation(moved));
    expect(state).toMatchObject({
      available: false,
      reason: expect.stringMatching(/refused your sign-in/),
    });
    const refused = await setVacation(moved, on({}));
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe(ErrorCode.CommandFailed);
      expect(refused.error.message).toMatch(/refused your sign-in/);
    }
  });

  it('say they are unavailable when the filter server cannot be reached', async () => {
    const gw = await startTestGateway(world.dovecot, {
      sieve: { host: '127.0.0.1', port: 1, security: 'none' },
    });
    try {
      const who = await person({ ...world, gw }, 'unreachable');
      const state = unwrap(await getVacation(who));
      expect(state.available).toBe(false);
      expect(state.reason).toMatch(/cannot be reached/);
      const refused = await setVacation(who, on({}));
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.error.code).toBe(ErrorCode.ImapUnavailable);
    } finally {
      await gw.close();
    }
  });
});
