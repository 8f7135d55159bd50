import { describe, expect, it } from 'vitest';
import type { MessageSetFlagsRequest, MessageSummary } from '@tidings/protocol';
import type { GatewaySocket } from '../../lib/socket.ts';
import { initialListSync } from '../connection/connectionStatus.ts';
import type { MailboxView } from './mailboxSync.ts';
import { MessageActions } from './messageActions.ts';
import { windowFromResponse } from './messageWindow.ts';
import type { SeenPolicy } from './seenPolicy.ts';

function summary(uid: number, flags: string[] = []): MessageSummary {
  return {
    uid,
    from: [],
    to: [],
    subject: `m${uid}`,
    date: '2026-01-01T00:00:00Z',
    flags,
    size: 1,
  };
}

function setup(policy: SeenPolicy) {
  const requests: MessageSetFlagsRequest[] = [];
  const socket = {
    timeout: () => ({
      emitWithAck: async (_event: string, request: MessageSetFlagsRequest) => {
        requests.push(request);
        return { ok: true, data: { changes: [] } };
      },
    }),
  } as unknown as GatewaySocket;
  let view: MailboxView = {
    current: 'INBOX',
    list: windowFromResponse({
      mailbox: 'INBOX',
      uidValidity: 5,
      total: 2,
      unread: 2,
      offset: 0,
      seq: 1,
      messages: [summary(2), summary(1)],
    }),
    listError: null,
    selected: null,
    listSync: initialListSync,
  };
  const timers: { ms: number; run: () => void }[] = [];
  const actions = new MessageActions({
    socket: () => socket,
    view: () => view,
    viewport: () => ({ from: 0, to: 2 }),
    update: (patch) => {
      view = { ...view, ...patch };
    },
    notice: () => {},
    reload: () => {},
    later: (ms, run) => timers.push({ ms, run }),
    seenPolicy: () => policy,
  });
  return { actions, requests, timers, view: () => view };
}

describe('MessageActions: marking read on open', () => {
  it('marks at once by default, through message:setFlags', () => {
    const { actions, requests, view } = setup({ mode: 'immediately' });
    actions.select(2);
    expect(requests).toEqual([{ mailbox: 'INBOX', uidValidity: 5, uids: [2], add: ['\\Seen'] }]);
    expect(view().selected?.flags).toEqual(['\\Seen']);
  });

  it('never marks when told not to', () => {
    const { actions, requests, timers } = setup({ mode: 'never' });
    actions.select(2);
    expect(requests).toEqual([]);
    expect(timers).toEqual([]);
  });

  it('marks after the delay if the message is still open', () => {
    const { actions, requests, timers } = setup({ mode: 'after', seconds: 3 });
    actions.select(2);
    expect(requests).toEqual([]);
    expect(timers.map((t) => t.ms)).toEqual([3_000]);
    timers[0]!.run();
    expect(requests).toHaveLength(1);
  });

  it('does not mark after the delay once another message was opened', () => {
    const { actions, requests, timers } = setup({ mode: 'after', seconds: 3 });
    actions.select(2);
    actions.select(1);
    timers[0]!.run();
    expect(requests).toEqual([]);
    timers[1]!.run();
    expect(requests.map((r) => r.uids)).toEqual([[1]]);
  });

  it('lets the user mark a message unread, and a pending delay does not undo it', () => {
    const { actions, requests, timers } = setup({ mode: 'after', seconds: 3 });
    actions.select(2);
    void actions.setSeen(2, true);
    void actions.setSeen(2, false);
    timers[0]!.run();
    expect(requests.map((r) => r.add ?? r.remove)).toEqual([['\\Seen'], ['\\Seen']]);
    expect(requests[1]).toMatchObject({ remove: ['\\Seen'] });
  });
});
