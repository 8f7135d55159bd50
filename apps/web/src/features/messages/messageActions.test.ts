import { describe, expect, it } from 'vitest';
import { type MessageSetFlagsRequest, type MessageSummary } from '@tidings/protocol';
import type { GatewaySocket } from '../../lib/socket.ts';
import { INITIAL_MAILBOX_VIEW, type MailboxView } from './mailboxView.ts';
import { MessageActions } from './messageActions.ts';
import { ClickKind } from './selection.ts';
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
  let refuse = false;
  const socket = {
    timeout: () => ({
      emitWithAck: async (_event: string, request: MessageSetFlagsRequest) => {
        requests.push(request);
        return refuse
          ? { ok: false, error: { code: 'COMMAND_FAILED', message: 'No such thing' } }
          : { ok: true, data: { changes: [] } };
      },
    }),
  } as unknown as GatewaySocket;
  const notices: string[] = [];
  let view: MailboxView = {
    ...INITIAL_MAILBOX_VIEW,
    list: windowFromResponse({
      mailbox: 'INBOX',
      uidValidity: 5,
      total: 3,
      unread: 2,
      offset: 0,
      seq: 1,
      messages: [summary(3, ['\\Seen']), summary(2), summary(1)],
    }),
  };
  const timers: { ms: number; run: () => void }[] = [];
  const actions = new MessageActions({
    socket: () => socket,
    view: () => view,
    shown: () => view.list,
    viewport: () => ({ from: 0, to: 2 }),
    update: (patch) => {
      view = { ...view, ...patch };
    },
    notice: (message) => notices.push(message),
    reload: () => {},
    later: (ms, run) => timers.push({ ms, run }),
    seenPolicy: () => policy,
  });
  return {
    actions,
    requests,
    timers,
    notices,
    view: () => view,
    refuse: () => {
      refuse = true;
    },
  };
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

describe('MessageActions: selection', () => {
  it('a click opens one message; ctrl-click selects several and closes the reader', () => {
    const { actions, view } = setup({ mode: 'never' });
    actions.click(3, ClickKind.Single);
    expect(view().selected?.uid).toBe(3);
    expect(view().checked).toEqual([3]);
    actions.click(1, ClickKind.Toggle);
    expect(view().checked).toEqual([3, 1]);
    expect(view().selected).toBeNull();
    actions.click(3, ClickKind.Toggle);
    expect(view().checked).toEqual([1]);
    expect(view().selected?.uid).toBe(1);
  });

  it('shift-click selects a range; select all takes every loaded row', () => {
    const { actions, view } = setup({ mode: 'never' });
    actions.click(3, ClickKind.Single);
    actions.click(1, ClickKind.Range);
    expect(view().checked).toEqual([3, 2, 1]);
    actions.clearSelection();
    expect(view().checked).toEqual([]);
    actions.selectAll();
    expect(view().checked).toEqual([3, 2, 1]);
  });

  it('Enter opens the anchor row, else the first in view', () => {
    const { actions, view } = setup({ mode: 'never' });
    expect(actions.openCursor()).toBe(0);
    expect(view().selected?.uid).toBe(3);
    actions.moveSelection(1);
    expect(view().selected?.uid).toBe(2);
    actions.clearSelection();
    actions.openCursor();
    expect(view().selected?.uid).toBe(2);
  });
});

describe('MessageActions: flags', () => {
  it('flags several messages at once', async () => {
    const { actions, requests, view } = setup({ mode: 'never' });
    await actions.setFlag([3, 2], '\\Flagged', true);
    expect(requests).toEqual([
      { mailbox: 'INBOX', uidValidity: 5, uids: [3, 2], add: ['\\Flagged'] },
    ]);
    expect(view().list?.rows.map((r) => r.flags)).toEqual([
      ['\\Seen', '\\Flagged'],
      ['\\Flagged'],
      [],
    ]);
  });

  it('takes a refused change back and says why', async () => {
    const { actions, view, notices, refuse } = setup({ mode: 'never' });
    refuse();
    const pending = actions.setFlag([2], '\\Flagged', true);
    expect(view().list?.rows[1]?.flags).toEqual(['\\Flagged']);
    await pending;
    expect(view().list?.rows[1]?.flags).toEqual([]);
    expect(notices).toEqual(['Could not flag the message: No such thing']);
  });

  it('names a refused tag by its name', async () => {
    const { actions, view, notices, refuse } = setup({ mode: 'never' });
    refuse();
    await actions.setFlag([3, 2], '$label2', true);
    expect(view().list?.rows.map((r) => r.flags)).toEqual([['\\Seen'], [], []]);
    refuse();
    await actions.setFlag([2], '$label5', false);
    expect(notices).toEqual([
      'Could not tag 2 messages Work: No such thing',
      'Could not take Later off the message: No such thing',
    ]);
  });
});
