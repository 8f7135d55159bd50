import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Ack, Draft, DraftSaveResult } from '@tidings/protocol';
import type { ComposeState } from './composeDraft.ts';
import { DraftSaver, type SaveState } from './useDraftStore.ts';

const base: ComposeState = {
  fromName: '',
  to: 'ada@example.test',
  cc: '',
  bcc: '',
  subject: 'Hi',
  text: 'one',
  html: null,
  replyTo: null,
  forwardOf: null,
  attachments: [],
};

function setup(answers: Ack<DraftSaveResult>[]) {
  const saved: Draft[] = [];
  const states: SaveState[] = [];
  const saver = new DraftSaver(
    async (draft) => {
      saved.push(draft);
      return answers.shift()!;
    },
    null,
    (state) => states.push(state),
  );
  let state = base;
  saver.setReader(() => state);
  return {
    saver,
    saved,
    states,
    edit: (patch: Partial<ComposeState>) => (state = { ...state, ...patch }),
  };
}

const ok = (uid: number): Ack<DraftSaveResult> => ({
  ok: true,
  data: { mailbox: 'Drafts', uidValidity: 1, uid },
});

describe('DraftSaver', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves nothing until something changed, then replaces the last copy', async () => {
    const { saver, saved, edit } = setup([ok(5), ok(6)]);
    expect(await saver.save()).toBe(true);
    expect(saved).toEqual([]);

    edit({ text: 'two' });
    await saver.save();
    expect(saved[0]).toMatchObject({ text: 'two' });
    expect(saved[0]?.replacesDraft).toBeUndefined();

    edit({ text: 'three' });
    await saver.save();
    expect(saved[1]?.replacesDraft).toEqual({ mailbox: 'Drafts', uidValidity: 1, uid: 5 });
    expect(saver.stored()?.uid).toBe(6);
    expect(saver.changedSinceOpen()).toBe(true);
  });

  it('autosaves on its timer, not while paused', async () => {
    const { saver, saved, edit } = setup([ok(5)]);
    const stop = saver.start(5_000);
    edit({ subject: 'Changed' });
    saver.pause(true);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(saved).toHaveLength(0);
    saver.pause(false);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(saved).toHaveLength(1);
    stop();
  });

  it('saves once more when stopped, unless paused (sent or discarded)', async () => {
    const { saver, saved, edit } = setup([ok(5)]);
    const stop = saver.start(5_000);
    edit({ text: 'typed just now' });
    stop();
    await saver.settled();
    expect(saved.map((d) => d.text)).toEqual(['typed just now']);

    const other = setup([]);
    const stopOther = other.saver.start(5_000);
    other.edit({ text: 'sent' });
    other.saver.pause(true);
    stopOther();
    expect(other.saved).toEqual([]);
  });

  it('reports a refused save and tries again later', async () => {
    const { saver, states, edit } = setup([
      { ok: false, error: { code: 'IMAP_UNAVAILABLE', message: 'Offline' } },
      ok(7),
    ]);
    edit({ text: 'x' });
    expect(await saver.save()).toBe(false);
    expect(states.at(-1)).toEqual({ kind: 'failed', message: 'Offline' });
    expect(await saver.save()).toBe(true);
    expect(saver.stored()?.uid).toBe(7);
  });
});
