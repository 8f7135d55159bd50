import { describe, expect, it } from 'vitest';
import {
  ErrorCode,
  Events,
  MAX_ACTION_UIDS,
  UNDO_WINDOW_MS,
  type MoveResult,
} from '@tidings/protocol';
import type { GatewaySocket } from '../../lib/socket.ts';
import { INITIAL_MAILBOX_VIEW, shownList, type MailboxView } from './mailboxView.ts';
import { MessageActions } from './messageActions.ts';
import { windowFromResponse } from './messageWindow.ts';
import { summary } from './messageWindowFixtures.ts';
import { MoveActions, Removal, type ActionOutcome } from './moveActions.ts';
import { inBatches } from './selection.ts';

/** A folder of 25,000 messages (UIDs 1..25,000) with the newest three loaded. */
const TOTAL = 25_000;

interface Sent {
  event: string;
  request: { uids?: number[]; mailbox?: string; joinUndo?: string };
}

/**
 * The tab's actions over a socket whose answers the test writes: `answer(sent, i)` for the
 * i-th request.
 */
function setup(answer: (sent: Sent, index: number) => unknown) {
  const sent: Sent[] = [];
  const socket = {
    timeout: () => ({
      emitWithAck: async (event: string, request: Sent['request']) => {
        sent.push({ event, request });
        return answer({ event, request }, sent.length - 1);
      },
    }),
  } as unknown as GatewaySocket;
  let view: MailboxView = {
    ...INITIAL_MAILBOX_VIEW,
    list: windowFromResponse({
      mailbox: 'INBOX',
      uidValidity: 5,
      total: TOTAL,
      unread: TOTAL,
      offset: 0,
      seq: 1,
      messages: [summary(TOTAL), summary(TOTAL - 1), summary(TOTAL - 2)],
    }),
  };
  const notices: string[] = [];
  const outcomes: (ActionOutcome | null)[] = [];
  let reloads = 0;
  const host = {
    socket: () => socket,
    view: () => view,
    shown: () => shownList(view),
    update: (patch: Partial<MailboxView>) => {
      view = { ...view, ...patch };
    },
    notice: (message: string) => notices.push(message),
    reload: () => void reloads++,
  };
  const actions = new MessageActions({
    ...host,
    viewport: () => ({ from: 0, to: 3 }),
    later: () => {},
    seenPolicy: () => ({ mode: 'never' }),
  });
  const moves = new MoveActions({
    ...host,
    outcome: (outcome) => outcomes.push(outcome),
    open: () => {},
    folderLabel: (path) => path,
    now: () => 1_000,
  });
  return { actions, moves, sent, notices, outcomes, view: () => view, reloads: () => reloads };
}

const everyUid = Array.from({ length: TOTAL }, (_, i) => TOTAL - i);

describe('a whole folder selected', () => {
  it('asks the gateway for every UID and selects them newest first', async () => {
    const t = setup(() => ({
      ok: true,
      data: { mailbox: 'INBOX', uidValidity: 5, uids: `1:${TOTAL}`, total: TOTAL },
    }));
    t.actions.selectAll();
    expect(t.view().checked).toHaveLength(3);
    await t.actions.selectWholeFolder();
    expect(t.sent).toEqual([{ event: Events.MailboxUids, request: { mailbox: 'INBOX' } }]);
    expect(t.view().checked).toEqual(everyUid);
  });

  it('says why when the gateway cannot, and opens the folder again if it changed', async () => {
    const refused = setup(() => ({
      ok: false,
      error: { code: ErrorCode.MailboxNotFound, message: 'The folder is gone.' },
    }));
    await refused.actions.selectWholeFolder();
    expect(refused.notices).toEqual(['Could not select every message: The folder is gone.']);
    expect(refused.view().checked).toEqual([]);

    const changed = setup(() => ({
      ok: true,
      data: { mailbox: 'INBOX', uidValidity: 6, uids: '1:3', total: 3 },
    }));
    await changed.actions.selectWholeFolder();
    expect(changed.reloads()).toBe(1);
    expect(changed.view().checked).toEqual([]);
  });

  it('marks it read in requests of at most MAX_ACTION_UIDS, taking back only what was refused', async () => {
    const t = setup((sent, index) =>
      index === 1
        ? { ok: false, error: { code: ErrorCode.CommandFailed, message: 'Quota' } }
        : {
            ok: true,
            data: { changes: sent.request.uids!.map((uid) => ({ uid, flags: ['\\Seen'] })) },
          },
    );
    await t.actions.setFlag(everyUid, '\\Seen', true);
    // The second of three was refused: no third was sent.
    expect(t.sent.map((s) => s.request.uids!.length)).toEqual([MAX_ACTION_UIDS, MAX_ACTION_UIDS]);
    expect(t.sent[0]!.request.uids).toEqual(everyUid.slice(0, MAX_ACTION_UIDS));
    expect(t.notices).toEqual(['Could not mark as read 15,000 messages: Quota']);
    // The loaded rows were in the first request, which stands.
    expect(t.view().list!.rows.map((row) => row.flags)).toEqual([
      ['\\Seen'],
      ['\\Seen'],
      ['\\Seen'],
    ]);
  });

  it('moves it in requests of at most MAX_ACTION_UIDS, each joining the undo before it', async () => {
    const moved = (sent: Sent, index: number): { ok: true; data: MoveResult } => ({
      ok: true,
      data: { moved: sent.request.uids!.length, destination: 'Trash', undo: `token${index}` },
    });
    const t = setup(moved);
    await t.moves.remove(Removal.Delete, everyUid);
    expect(t.sent.map((s) => s.request.uids!.length)).toEqual([10_000, 10_000, 5_000]);
    expect(t.sent.map((s) => s.request.joinUndo)).toEqual([undefined, 'token0', 'token1']);
    // The last token takes back all three.
    expect(t.outcomes).toEqual([
      {
        label: 'Moved 25,000 messages to Trash',
        token: 'token2',
        expiresAt: 1_000 + UNDO_WINDOW_MS,
      },
    ]);

    // The last request refused: its messages come back, the rest stay moved, undoably.
    const partly = setup((sent, index) =>
      index === 2
        ? { ok: false, error: { code: ErrorCode.CommandFailed, message: 'Over quota' } }
        : moved(sent, index),
    );
    await partly.moves.remove(Removal.Delete, everyUid);
    expect(partly.notices).toEqual(['Could not delete 5,000 messages: Over quota']);
    expect(new Set(partly.view().hidden)).toEqual(new Set(everyUid.slice(0, 20_000)));
    expect(partly.outcomes.at(-1)).toMatchObject({
      label: 'Moved 20,000 messages to Trash',
      token: 'token1',
    });
  });

  it('offers no Undo when one request came back without a token', async () => {
    const t = setup((sent, index) => ({
      ok: true,
      data: {
        moved: sent.request.uids!.length,
        destination: 'Trash',
        undo: index === 1 ? null : `token${index}`,
      },
    }));
    await t.moves.remove(Removal.Delete, everyUid);
    // Nothing to join after the second: the third goes on its own, and its token is no Undo.
    expect(t.sent.map((s) => s.request.joinUndo)).toEqual([undefined, 'token0', undefined]);
    expect(t.outcomes).toEqual([
      { label: 'Moved 25,000 messages to Trash', token: null, expiresAt: 1_000 + 4_000 },
    ]);
  });

  it('cuts UIDs into batches in order', () => {
    expect(inBatches([5, 4, 3, 2, 1], 2)).toEqual([[5, 4], [3, 2], [1]]);
    expect(inBatches([], 2)).toEqual([]);
  });
});
