import { describe, expect, it } from 'vitest';
import { Events } from '@tidings/protocol';
import { buildMessage, MailClient, quotaConfig, type MailUser } from '@tidings/testkit';
import {
  connected,
  fileWorld,
  openSocket,
  request,
  signIn,
  unwrap,
  type FileWorld,
} from './harness.ts';

/** quota:get against a Dovecot with a storage quota, and against one without. */

const withQuota = fileWorld({ extraConfig: quotaConfig('10M') });
const withoutQuota = fileWorld();
let counter = 0;

async function account(world: FileWorld) {
  const user: MailUser = { email: `quota${++counter}@example.test`, password: `quota-${counter}` };
  await world.dovecot.addUser(user);
  const other = await MailClient.connect(world.dovecot, user);
  world.clients.push(other);
  const { cookie } = await signIn(world.gw, user.email, user.password);
  const socket = openSocket(world.gw, cookie);
  world.sockets.push(socket);
  await connected(socket);
  return { user, other, socket };
}

describe('quota:get', () => {
  it('answers the storage used and allowed, and follows mail in any folder', async () => {
    const { user, other, socket } = await account(withQuota);
    const empty = unwrap(await request(socket, Events.QuotaGet, {}));
    expect(empty.quota).toEqual({ storage: { used: 0, limit: 10 * 1024 * 1024 }, messages: null });

    const raw = await buildMessage({
      from: 'Big <big@example.test>',
      to: [user.email],
      subject: 'Large',
      text: 'x'.repeat(200_000),
    });
    await other.append('Archive', raw);
    const after = unwrap(await request(socket, Events.QuotaGet, {}));
    // Dovecot counts whole KiB: the message's size, rounded to the KiB.
    expect(after.quota?.storage?.used).toBeGreaterThanOrEqual(raw.length - 1024);
    expect(after.quota?.storage?.used).toBeLessThanOrEqual(raw.length + 1024);
  });

  it('answers every tab asking at once, each with the mail that came before it asked', async () => {
    const { user, other, socket } = await account(withQuota);
    const { cookie } = await signIn(withQuota.gw, user.email, user.password);
    const tabs = [socket, openSocket(withQuota.gw, cookie), openSocket(withQuota.gw, cookie)];
    withQuota.sockets.push(...tabs.slice(1));
    await Promise.all(tabs.slice(1).map(connected));
    const askAll = async () =>
      (await Promise.all(tabs.map((tab) => request(tab, Events.QuotaGet, {})))).map(
        (answer) => unwrap(answer).quota?.storage?.used,
      );
    expect(await askAll()).toEqual([0, 0, 0]);

    const raw = await buildMessage({
      from: 'Big <big@example.test>',
      to: [user.email],
      subject: 'Large',
      text: 'y'.repeat(100_000),
    });
    await other.append('INBOX', raw);
    for (const used of await askAll()) expect(used).toBeGreaterThanOrEqual(raw.length - 1024);
  });

  it('is null where the server has no quota', async () => {
    const { socket } = await account(withoutQuota);
    expect(unwrap(await request(socket, Events.QuotaGet, {}))).toEqual({ quota: null });
  });
});
