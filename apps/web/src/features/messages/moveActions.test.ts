import { describe, expect, it } from 'vitest';
import { type Ack, type MessageSummary, type MoveResult } from '@tidings/protocol';
import type { GatewaySocket } from '../../lib/socket.ts';
import { INITIAL_MAILBOX_VIEW, shownList, type MailboxView } from './mailboxView.ts';
import { windowFromResponse } from './messageWindow.ts';
import { describeRemoval, MoveActions, Removal, type ActionOutcome } from './moveActions.ts';

function summary(uid: number): MessageSummary {
  return {
    uid,
    from: [],
    to: [],
    subject: `m${uid}`,
    date: '2026-01-01T00:00:00Z',
    flags: [],
    size: 1,
  };
}

function setup(answer: Ack<MoveResult> | Ack<{ restored: number }>) {
  const sent: { event: string; request: unknown }[] = [];
  let respond: (value: unknown) => void = () => {};
  const socket = {
    timeout: () => ({
      emitWithAck: (event: string, request: unknown) => {
        sent.push({ event, request });
        return new Promise((resolve) => {
          respond = resolve;
        });
      },
    }),
  } as unknown as GatewaySocket;
  let view: MailboxView = {
    ...INITIAL_MAILBOX_VIEW,
    list: windowFromResponse({
      mailbox: 'INBOX',
      uidValidity: 5,
      total: 3,
      unread: 0,
      offset: 0,
      seq: 1,
      messages: [summary(3), summary(2), summary(1)],
    }),
    selected: summary(2),
    checked: [2],
    anchor: 2,
  };
  const notices: string[] = [];
  const outcomes: (ActionOutcome | null)[] = [];
  const opened: number[] = [];
  const moves = new MoveActions({
    socket: () => socket,
    view: () => view,
    shown: () => shownList(view),
    update: (patch) => {
      view = { ...view, ...patch };
    },
    notice: (message) => notices.push(message),
    reload: () => {},
    outcome: (outcome) => outcomes.push(outcome),
    open: (uid) => opened.push(uid),
    folderLabel: (path) => (path === 'Lists/Work' ? 'Work' : path),
    now: () => 1_000,
  });
  return {
    moves,
    sent,
    notices,
    outcomes,
    opened,
    view: () => view,
    answer: () => respond(answer),
  };
}

describe('MoveActions', () => {
  it('hides the rows at once, opens the next message and offers Undo once confirmed', async () => {
    const t = setup({ ok: true, data: { moved: 1, destination: 'Archive', undo: 'tok' } });
    const done = t.moves.remove(Removal.Archive, [2]);
    expect(shownList(t.view())?.rows.map((r) => r.uid)).toEqual([3, 1]);
    expect(t.opened).toEqual([1]);
    expect(t.sent).toEqual([
      { event: 'message:archive', request: { mailbox: 'INBOX', uidValidity: 5, uids: [2] } },
    ]);
    t.answer();
    await done;
    expect(t.outcomes).toEqual([{ label: 'Archived 1 message', token: 'tok', expiresAt: 11_000 }]);
    expect(shownList(t.view())?.rows.map((r) => r.uid)).toEqual([3, 1]);
  });

  it('brings the rows back with the reason when the server refuses', async () => {
    const t = setup({
      ok: false,
      error: { code: 'COMMAND_FAILED', message: 'Mailbox does not exist' },
    });
    const done = t.moves.remove(Removal.Move, [3, 2], 'Lists/Work');
    expect(shownList(t.view())?.total).toBe(1);
    t.answer();
    await done;
    expect(shownList(t.view())?.rows.map((r) => r.uid)).toEqual([3, 2, 1]);
    expect(t.notices).toEqual(['Could not move 2 messages: Mailbox does not exist']);
    expect(t.outcomes).toEqual([]);
  });

  it('deletes for good with permanently, and undoes by token', async () => {
    const t = setup({ ok: true, data: { moved: 1, destination: null, undo: null } });
    const done = t.moves.remove(Removal.DeleteForever, [1]);
    expect(t.sent[0]?.request).toEqual({
      mailbox: 'INBOX',
      uidValidity: 5,
      uids: [1],
      permanently: true,
    });
    t.answer();
    await done;
    expect(t.outcomes[0]?.label).toBe('Deleted 1 message forever');
    expect(t.outcomes[0]?.token).toBeNull();

    const u = setup({ ok: true, data: { restored: 2 } });
    const undone = u.moves.undo('tok');
    expect(u.sent).toEqual([{ event: 'action:undo', request: { token: 'tok' } }]);
    u.answer();
    await undone;
    expect(u.outcomes.at(-1)?.label).toBe('Restored 2 messages');
  });

  it('reports junk and not junk, each way, with Undo', async () => {
    for (const [kind, junk] of [
      [Removal.Junk, true],
      [Removal.NotJunk, false],
    ] as const) {
      const t = setup({ ok: true, data: { moved: 1, destination: 'Junk', undo: 'tok' } });
      const done = t.moves.remove(kind, [2]);
      expect(t.sent).toEqual([
        {
          event: 'message:junk',
          request: { mailbox: 'INBOX', uidValidity: 5, uids: [2], junk },
        },
      ]);
      t.answer();
      await done;
      expect(t.outcomes[0]?.token).toBe('tok');
    }
    const refused = setup({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'Already in Junk.' },
    });
    const done = refused.moves.remove(Removal.Junk, [2]);
    refused.answer();
    await done;
    expect(refused.notices).toEqual(['Could not report the message: Already in Junk.']);
  });

  it('describes each removal', () => {
    expect(describeRemoval(Removal.Junk, 2, 'Junk')).toBe('Reported 2 messages as junk');
    expect(describeRemoval(Removal.NotJunk, 1, 'INBOX')).toBe(
      'Moved 1 message to the Inbox, not junk',
    );
    expect(describeRemoval(Removal.Move, 2, 'Work')).toBe('Moved 2 messages to Work');
    expect(describeRemoval(Removal.Delete, 1, 'Trash')).toBe('Moved 1 message to Trash');
    expect(describeRemoval(Removal.Archive, 3, 'Archive')).toBe('Archived 3 messages');
  });
});
