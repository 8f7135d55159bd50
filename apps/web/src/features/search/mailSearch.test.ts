import { describe, expect, it } from 'vitest';
import type { Ack, SearchEverywhereResult } from '@tidings/protocol';
import type { GatewaySocket } from '../../lib/socket.ts';
import { INITIAL_MAILBOX_VIEW, type MailboxView } from '../messages/mailboxView.ts';
import { EVERYWHERE_REFRESH_MS, MailSearch } from './mailSearch.ts';
import type { SearchView } from './searchResults.ts';

const result = (total: number): SearchEverywhereResult => ({
  total,
  matches: [],
  folders: 3,
  failed: [],
});

/** A tab showing matches over all folders, a socket whose answers the test gives in turn. */
function setup(everywhere: SearchView['everywhere'] = { status: 'ready', ...result(4) }) {
  let view: MailboxView = {
    ...INITIAL_MAILBOX_VIEW,
    search: {
      input: 'engine',
      query: { text: 'engine' },
      mailbox: 'INBOX',
      serial: 1,
      searchId: 's1',
      results: null,
      total: 1,
      error: null,
      everywhere,
    },
  };
  const answers: ((answer: Ack<SearchEverywhereResult>) => void)[] = [];
  const timers: { ms: number; run: () => void }[] = [];
  const socket = {
    connected: true,
    timeout: () => ({
      emitWithAck: () => new Promise((resolve) => answers.push(resolve)),
    }),
  } as unknown as GatewaySocket;
  const search = new MailSearch({
    socket: () => socket,
    view: () => view,
    update: (patch) => (view = { ...view, ...patch }),
    later: (ms, run) => timers.push({ ms, run }),
  });
  const shown = () => view.search?.everywhere;
  return { search, answers, timers, shown, setView: (next: MailboxView) => (view = next) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('matches over all folders, kept live', () => {
  it('are asked again once after a burst of changes, and replace the rows in place', async () => {
    const { search, answers, timers, shown } = setup();
    search.foldersChanged();
    search.foldersChanged();
    search.foldersChanged();
    expect(timers).toHaveLength(1);
    expect(timers[0]!.ms).toBe(EVERYWHERE_REFRESH_MS);
    timers[0]!.run();
    expect(answers).toHaveLength(1);
    // Still shown while asked: no "searching" in between.
    expect(shown()).toMatchObject({ status: 'ready', total: 4 });
    answers[0]!({ ok: true, data: result(5) });
    await settle();
    expect(shown()).toEqual({ status: 'ready', ...result(5) });
    // The next change waits its turn again.
    search.foldersChanged();
    expect(timers).toHaveLength(2);
  });

  it('keep the newer answer when an older one arrives after it, and the rows on a failure', async () => {
    const { search, answers, timers, shown } = setup();
    search.foldersChanged();
    timers[0]!.run();
    search.foldersChanged();
    timers[1]!.run();
    answers[1]!({ ok: true, data: result(6) });
    await settle();
    answers[0]!({ ok: true, data: result(5) });
    await settle();
    expect(shown()).toMatchObject({ total: 6 });

    search.foldersChanged();
    timers[2]!.run();
    answers[2]!({ ok: false, error: { code: 'IMAP_UNAVAILABLE', message: 'gone' } } as never);
    await settle();
    expect(shown()).toMatchObject({ status: 'ready', total: 6 });
  });

  it('are not asked for a search in one folder, or one that has ended meanwhile', async () => {
    const onlyHere = setup(null);
    onlyHere.search.foldersChanged();
    expect(onlyHere.timers).toHaveLength(0);

    const ended = setup();
    ended.search.foldersChanged();
    ended.timers[0]!.run();
    ended.search.clear();
    ended.answers[0]!({ ok: true, data: result(9) });
    await settle();
    expect(ended.shown()).toBeUndefined();
  });
});
