import { describe, expect, it } from 'vitest';
import { ErrorCode, NEWEST_FIRST, type SortOrder } from '@tidings/protocol';
import { MailboxSync } from './mailboxSync.ts';
import type { MailboxView } from './mailboxView.ts';
import { MAILBOX, response, sortedState, summary, uidsOf } from './messageWindowFixtures.ts';
import { emptyView, fakeSocket, settle } from './listSyncFakes.ts';

const BY_SENDER: SortOrder = { by: 'from', reverse: false };
const LARGEST_FIRST: SortOrder = { by: 'size', reverse: true };

function setup(view: MailboxView, renaming: string | null = null) {
  const { socket, sent } = fakeSocket();
  let current = view;
  const notices: string[] = [];
  const sortChanges: SortOrder[] = [];
  const sync = new MailboxSync({
    socket: () => socket,
    view: () => current,
    update: (patch) => {
      current = { ...current, ...patch };
    },
    notice: (message) => notices.push(message),
    later: () => {},
    restartSeq: () => {},
    outcome: () => {},
    folderLabel: (path) => path,
    counts: () => {},
    sortChanged: (order) => sortChanges.push(order),
    beingRenamed: (path) => renaming !== null && path.startsWith(renaming),
  });
  return { sync, sent, notices, sortChanges, view: () => current };
}

describe('MailboxSync and the list order', () => {
  it('opens newest first with requests as they always were (no sort)', () => {
    const { sync, sent } = setup(emptyView());
    sync.connected(undefined, false);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.event).toBe('mailbox:open');
    expect(sent[0]!.request).not.toHaveProperty('sort');
  });

  it('opens a folder in the chosen order and shows the answer in it', async () => {
    const { sync, sent, view } = setup(emptyView({ sort: BY_SENDER }));
    sync.connected(undefined, false);
    expect(sent[0]!.request).toMatchObject({ mailbox: MAILBOX, sort: BY_SENDER });
    sent[0]!.answer({ ok: true, data: response(0, [4, 9, 1], 3, 5, MAILBOX, BY_SENDER) });
    await settle();
    expect(view().list).toMatchObject({ sort: BY_SENDER, stale: false });
    expect(uidsOf(view().list!)).toEqual([4, 9, 1]);
  });

  it('reads the folder again from the top in a newly chosen order; the open message stays', async () => {
    const list = sortedState(NEWEST_FIRST, 0, [3, 2, 1], 3, 5);
    const { sync, sent, view } = setup(
      emptyView({ list, selected: summary(2), checked: [2], anchor: 2, hidden: [1] }),
    );
    sync.connected(undefined, false);
    sent[0]!.answer({ ok: true, data: response(0, [3, 2, 1], 3, 5) });
    await settle();

    sync.setSort(BY_SENDER);
    expect(view()).toMatchObject({ sort: BY_SENDER, checked: [2], anchor: 2, hidden: [1] });
    expect(view().selected?.uid).toBe(2);
    // The old rows stay on screen until the answer, marked stale (nothing merges into them).
    expect(view().list).toMatchObject({ stale: true, sort: NEWEST_FIRST });
    expect(sent[1]!.request).toMatchObject({ mailbox: MAILBOX, sort: BY_SENDER });
    sent[1]!.answer({ ok: true, data: response(0, [1, 3, 2], 3, 5, MAILBOX, BY_SENDER) });
    await settle();
    expect(uidsOf(view().list!)).toEqual([1, 3, 2]);
    expect(view().list).toMatchObject({ stale: false, sort: BY_SENDER });

    sync.setSort(BY_SENDER);
    expect(sent).toHaveLength(2);
  });

  it('keeps the order for the next folder opened', () => {
    const { sync, sent } = setup(emptyView({ sort: BY_SENDER }));
    sync.connected(undefined, false);
    sync.open('Archive');
    expect(sent[1]!.request).toMatchObject({ mailbox: 'Archive', sort: BY_SENDER });
  });

  it('clears a selection of several rows when the order changes', () => {
    const list = sortedState(NEWEST_FIRST, 0, [3, 2, 1], 3, 5);
    const { sync, view } = setup(emptyView({ list, checked: [3, 1], anchor: 1 }));
    sync.setSort(LARGEST_FIRST);
    expect(view()).toMatchObject({ checked: [], anchor: null });
  });

  it('re-reads a sorted list at the user place in its order (both windows)', async () => {
    const list = { ...sortedState(BY_SENDER, 440, [4, 9, 1], 1000, 5), stale: true };
    const { sync, sent } = setup(emptyView({ sort: BY_SENDER, list }));
    sync.setViewport({ from: 500, to: 510 });
    sync.resync(6);
    expect(sent[0]!.request).toMatchObject({ sort: BY_SENDER });
    sent[0]!.answer({ ok: true, data: response(0, [4], 1000, 6, MAILBOX, BY_SENDER) });
    await settle();
    expect(sent[1]!.event).toBe('message:list');
    expect(sent[1]!.request).toMatchObject({ offset: 445, sort: BY_SENDER });
  });

  it('falls back to newest first, says why and remembers it, when the server cannot sort', async () => {
    const { sync, sent, notices, sortChanges, view } = setup(emptyView({ sort: BY_SENDER }));
    sync.connected(undefined, false);
    const message = 'This mail server cannot sort messages; they are shown newest first.';
    sent[0]!.answer({ ok: false, error: { code: ErrorCode.Unsupported, message } });
    await settle();
    expect(notices).toEqual([message]);
    expect(sortChanges).toEqual([NEWEST_FIRST]);
    expect(view().sort).toEqual(NEWEST_FIRST);
    expect(view().listError).toBeNull();
    expect(sent).toHaveLength(2);
    expect(sent[1]!.request).not.toHaveProperty('sort');
  });
});

describe('MailboxSync and a folder that is gone', () => {
  const gone = {
    ok: false as const,
    error: { code: ErrorCode.MailboxNotFound, message: 'The folder “Q3” does not exist.' },
  };

  it('shows the Inbox and says why', async () => {
    const { sync, sent, notices, view } = setup(emptyView({ current: 'Plans/Q3' }));
    sync.connected(undefined, false);
    sent[0]!.answer(gone);
    await settle();
    expect(notices).toEqual(['The folder “Q3” does not exist.']);
    expect(view().current).toBe('INBOX');
  });

  it('stays while this tab renames it: the rename’s answer opens its new path', async () => {
    const { sync, sent, notices, view } = setup(emptyView({ current: 'Plans/Q3' }), 'Plans');
    sync.connected(undefined, false);
    sent[0]!.answer(gone);
    await settle();
    expect(notices).toEqual([]);
    expect(view().current).toBe('Plans/Q3');
  });
});
