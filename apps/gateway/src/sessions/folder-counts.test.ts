import type { ImapFlow, ListResponse } from 'imapflow';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Events, type MailboxCountsChangedEvent, type MailboxInfo } from '@tidings/protocol';
import {
  FolderCounts,
  FolderWatch,
  type Counts,
  type ListingClient,
  type WatchedCounts,
} from './folder-counts.ts';

type Tally = Record<string, [total: number, unread: number]>;
type Pushed = Omit<MailboxCountsChangedEvent, 'seq'>;

function listing(tally: Tally): ListResponse[] {
  return Object.entries(tally).map(([path, [messages, unseen]]) => ({
    path,
    pathAsListed: path,
    name: path,
    delimiter: '/',
    parent: [],
    parentPath: '',
    flags: new Set<string>(),
    specialUse: '',
    listed: true,
    subscribed: true,
    status: { path, messages, unseen },
  })) as ListResponse[];
}

/** A LIST-STATUS the test answers by hand, so it can land before or after a NOTIFY. */
interface PendingList {
  answer(tally: Tally): void;
  fail(error: Error): void;
}

/** The idle connection's NOTIFY as imapflow's internals see it (imap/notify.ts). */
function notifyingConnection() {
  const handlers: Record<string, (u: { attributes: unknown[] }) => Promise<void>> = {};
  const client = {
    capabilities: new Map([['NOTIFY', true]]),
    untaggedHandlers: handlers,
    exec: async () => ({ next: () => undefined }),
  };
  return {
    client: client as unknown as ImapFlow,
    /** The server says `* STATUS path (MESSAGES total UNSEEN unread)`. */
    async status(path: string, total: number, unread: number): Promise<void> {
      const atom = (value: string) => ({ type: 'ATOM', value });
      await handlers.STATUS!({
        attributes: [
          atom(path),
          [atom('MESSAGES'), atom(String(total)), atom('UNSEEN'), atom(String(unread))],
        ],
      });
    },
  };
}

function harness(options: { mode?: FolderWatch } = {}) {
  const pushed: Pushed[] = [];
  const lists: PendingList[] = [];
  const listCalls = vi.fn();
  let watched: WatchedCounts | null = null;
  let refuse: Error | null = null;
  const commands: string[] = [];
  const client: ListingClient = {
    mailbox: false,
    noop: async () => void commands.push('NOOP'),
    list: (() => {
      commands.push('LIST');
      listCalls();
      return new Promise<ListResponse[]>((resolve, reject) => {
        lists.push({ answer: (tally) => resolve(listing(tally)), fail: reject });
      });
    }) as ListingClient['list'],
  };
  const folders = new FolderCounts({
    logger: pino({ level: 'silent' }),
    mode: options.mode ?? FolderWatch.Auto,
    sweepMs: 60_000,
    commandClient: async () => {
      if (refuse) throw refuse;
      return client;
    },
    watched: () => watched,
    push: (event, payload) => {
      expect(event).toBe(Events.MailboxCountsChanged);
      const counts = payload as unknown as Pushed;
      pushed.push(counts);
      // As the account session does for every counts push.
      folders.noteTold(counts.mailbox, counts);
    },
    onFolderListChanged: () => undefined,
  });
  return {
    folders,
    pushed,
    listCalls,
    commands,
    /** The command connection has a folder selected (a search, a fetch) or none. */
    select: (path: string | null) =>
      (client.mailbox = path ? ({ path } as Exclude<ListingClient['mailbox'], boolean>) : false),
    /** The oldest LIST-STATUS not yet answered. */
    nextList: async (): Promise<PendingList> => {
      await vi.waitFor(() => expect(lists.length).toBeGreaterThan(0));
      return lists.shift()!;
    },
    watch: (counts: WatchedCounts | null) => (watched = counts),
    refuseConnections: (error: Error | null) => (refuse = error),
  };
}

/** What a tab shows after its list: the answer, with the pushes that came while it was out. */
function shown(answer: MailboxInfo[], duringList: Pushed[], path: string): Counts {
  const info = answer.find((m) => m.path === path)!;
  const last = duringList.filter((p) => p.mailbox === path).at(-1);
  return last
    ? { total: last.total, unread: last.unread }
    : { total: info.total, unread: info.unread };
}

const counts = (folders: MailboxInfo[], path: string): Counts => {
  const info = folders.find((m) => m.path === path)!;
  return { total: info.total, unread: info.unread };
};

describe('FolderCounts', () => {
  beforeEach(() => vi.useFakeTimers({ shouldAdvanceTime: true }));
  afterEach(() => vi.useRealTimers());

  it('pushes a list value that differs from the last push before answering, so a tab re-applying its in-flight pushes ends on the list', async () => {
    // The CI flake: a replayed push (26/11) reached the tab while its list was out; the list
    // said 33/18; the tab re-applied 26/11 on top and stayed there.
    const h = harness();
    const idle = notifyingConnection();
    await h.folders.attach(idle.client);
    (await h.nextList()).answer({ INBOX: [1, 0], Archive: [25, 11] });
    await vi.waitFor(() => expect(h.listCalls).toHaveBeenCalledTimes(1));
    await idle.status('Archive', 26, 11);
    expect(h.pushed.at(-1)).toEqual({ mailbox: 'Archive', total: 26, unread: 11 });

    const replayed = [h.pushed.at(-1)!];
    const listed = h.folders.list();
    (await h.nextList()).answer({ INBOX: [1, 0], Archive: [33, 18] });
    const answer = await listed;
    const duringList = [...replayed, ...h.pushed.slice(1)];
    expect(counts(answer, 'Archive')).toEqual({ total: 33, unread: 18 });
    expect(shown(answer, duringList, 'Archive')).toEqual({ total: 33, unread: 18 });
  });

  it("catches up the command connection's selected folder before listing, as STATUS of it answers from that connection's view", async () => {
    const h = harness();
    const listed = h.folders.list();
    (await h.nextList()).answer({ INBOX: [1, 0] });
    await listed;
    expect(h.commands).toEqual(['LIST']);
    h.select('Clients');
    const again = h.folders.list();
    (await h.nextList()).answer({ INBOX: [1, 0] });
    await again;
    expect(h.commands).toEqual(['LIST', 'NOOP', 'LIST']);
  });

  it('keeps a NOTIFY value that arrived while the list was out, then settles with one more sweep', async () => {
    const h = harness();
    const idle = notifyingConnection();
    await h.folders.attach(idle.client);
    (await h.nextList()).answer({ Archive: [5, 2] });

    const listed = h.folders.list();
    const pending = await h.nextList();
    await idle.status('Archive', 7, 4); // newer than what the LIST read
    pending.answer({ Archive: [6, 3] });
    const answer = await listed;
    expect(counts(answer, 'Archive')).toEqual({ total: 7, unread: 4 });
    expect(h.pushed).toEqual([{ mailbox: 'Archive', total: 7, unread: 4 }]);

    // The two answers could not be ordered: a sweep shortly after reads the truth.
    await vi.advanceTimersByTimeAsync(1_000);
    (await h.nextList()).answer({ Archive: [8, 4] });
    await vi.waitFor(() => expect(h.pushed).toHaveLength(2));
    expect(h.pushed[1]).toEqual({ mailbox: 'Archive', total: 8, unread: 4 });
  });

  it('makes the catch-up sweep after NOTIFY is re-enabled start after it, not join one already running', async () => {
    const h = harness();
    const idle = notifyingConnection();
    await h.folders.attach(idle.client);
    const first = await h.nextList(); // a sweep that began before the reconnect

    const again = notifyingConnection();
    await h.folders.attach(again.client);
    first.answer({ Archive: [3, 1] }); // read while the idle connection was down: stale
    (await h.nextList()).answer({ Archive: [4, 2] });
    await vi.waitFor(() => expect(h.pushed).toHaveLength(1));
    expect(h.listCalls).toHaveBeenCalledTimes(2);
    expect(h.pushed[0]).toEqual({ mailbox: 'Archive', total: 4, unread: 2 });
  });

  it('retries a catch-up sweep that failed because the server was still restarting', async () => {
    const h = harness();
    await h.folders.attach(notifyingConnection().client);
    (await h.nextList()).answer({ Archive: [3, 1] });

    h.refuseConnections(new Error('connect ECONNREFUSED'));
    await h.folders.attach(notifyingConnection().client);
    await vi.advanceTimersByTimeAsync(100);
    expect(h.listCalls).toHaveBeenCalledTimes(1);
    h.refuseConnections(null);
    await vi.advanceTimersByTimeAsync(2_000);
    (await h.nextList()).answer({ Archive: [9, 9] });
    await vi.waitFor(() => expect(h.pushed).toEqual([{ mailbox: 'Archive', total: 9, unread: 9 }]));
  });

  it('measures later changes of a folder that was open against what its watched state pushed', async () => {
    const h = harness();
    const idle = notifyingConnection();
    await h.folders.attach(idle.client);
    (await h.nextList()).answer({ Archive: [5, 5] });

    // Archive opened: the watched state pushes its own counts (read two of five).
    h.watch({ path: 'Archive', total: 5, unread: 3 });
    h.folders.noteTold('Archive', { total: 5, unread: 3 });
    await idle.status('Archive', 5, 3); // ignored: the watched state owns the open folder
    h.watch(null);

    // Another device marks them unread again, after the user left Archive.
    await idle.status('Archive', 5, 5);
    expect(h.pushed).toEqual([{ mailbox: 'Archive', total: 5, unread: 5 }]);
  });

  it('answers the open folder with the watched counts, which are fresher than STATUS', async () => {
    const h = harness({ mode: FolderWatch.Status });
    h.watch({ path: 'INBOX', total: 10, unread: 4 });
    const listed = h.folders.list();
    (await h.nextList()).answer({ INBOX: [9, 4], Archive: [1, 1] });
    const answer = await listed;
    expect(counts(answer, 'INBOX')).toEqual({ total: 10, unread: 4 });
    expect(counts(answer, 'Archive')).toEqual({ total: 1, unread: 1 });
    expect(h.pushed).toEqual([]);
  });

  it('in the fallback, a sweep pushes what changed and a focus refresh starts a new sweep', async () => {
    const h = harness({ mode: FolderWatch.Status });
    const listed = h.folders.list();
    (await h.nextList()).answer({ Archive: [1, 1] });
    await listed;
    const refreshed = h.folders.refresh();
    (await h.nextList()).answer({ Archive: [2, 2] });
    await refreshed;
    expect(h.pushed).toEqual([{ mailbox: 'Archive', total: 2, unread: 2 }]);
  });
});
